package org.ncrebm.payment.sim;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.ncrebm.payment.gateway.NotifyEvent;
import org.ncrebm.payment.gateway.NotifyRejected;
import org.ncrebm.payment.gateway.NotifyReply;
import org.ncrebm.payment.gateway.NotifyRequest;
import org.ncrebm.payment.gateway.PaymentGateway;
import org.ncrebm.support.TestApp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The merchant's notify URL, played by the test: a small HTTP server that verifies each notify with the service's
 * own gateway, records the outcome and answers as the merchant would (the gateway's acknowledgement), unless told to
 * fail the next few.
 */
final class NotifyReceiver implements AutoCloseable {
  /** One notify as received: when, and its verified event or why it was rejected. */
  record Received(Instant at, NotifyEvent event, NotifyRejected.Reason rejected, String body) {
  }

  private final PaymentGateway gateway;
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();

  NotifyReceiver(Vertx vertx, PaymentGateway gateway) {
    this.gateway = gateway;
    this.server = TestApp.await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(buf -> {
      NotifyRequest n = new NotifyRequest(req.headers(), buf.toString("UTF-8"));
      NotifyReply reply;
      try {
        NotifyEvent e = gateway.verifyNotify(n);
        received.add(new Received(Instant.now(), e, null, n.body()));
        reply = failNext.getAndUpdate(i -> Math.max(0, i - 1)) > 0 ? new NotifyReply(500, "text/plain", "busy")
          : gateway.acknowledgement();
      } catch (NotifyRejected r) {
        received.add(new Received(Instant.now(), null, r.reason(), n.body()));
        reply = gateway.rejection(r.getMessage());
      }
      reply.send(req.response());
    })).listen(0, "127.0.0.1"));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/pay/notify/" + gateway.kind().id();
  }

  /** The next {@code n} verified notifies are answered 500, so the gateway must retry them. */
  void failNext(int n) {
    failNext.set(n);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> of(String merchantOrderNo) {
    return received.stream().filter(r -> r.event() != null && r.event().merchantOrderNo().equals(merchantOrderNo)).toList();
  }

  /** Polls (the delivery is asynchronous) until {@code count} verified notifies for the order arrived. */
  List<Received> await(String merchantOrderNo, int count) {
    waitFor(() -> of(merchantOrderNo).size() >= count, Duration.ofSeconds(20),
      "expected " + count + " notifies for " + merchantOrderNo + ", got " + of(merchantOrderNo).size());
    return of(merchantOrderNo);
  }

  static void waitFor(BooleanSupplier condition, Duration timeout, String message) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError(message);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    }
  }

  @Override
  public void close() {
    TestApp.await(server.close());
  }
}
