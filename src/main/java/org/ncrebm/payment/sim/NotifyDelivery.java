package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.ncrebm.payment.gateway.GatewayKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The simulator's retry job: claims due notify copies (safe with several instances), applies "drop" faults, signs
 * and posts each one, and schedules the next attempt on the gateway's real schedule, compressed by the time factor,
 * until the merchant answers as its gateway expects (Alipay: the body {@code success}; WeChat: 2xx).
 */
final class NotifyDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyDelivery.class);
  /** Seconds between attempts after the first: Alipay 4m, 10m, 10m, 1h, 2h, 6h, 15h (eight attempts in all). */
  static final int[] ALIPAY_SCHEDULE = {240, 600, 600, 3600, 7200, 21600, 54000};
  /** WeChat 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h (sixteen attempts in all). */
  static final int[] WECHAT_SCHEDULE = {15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800,
    21600, 21600};
  static final int BATCH = 50;
  private static final long SEND_TIMEOUT_MS = 10_000;
  static final int MAX_IN_FLIGHT = 200;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

  private final SimNotifyRepository queue;
  private final SimNotifies notifies;
  private final WebClient client;
  private final double timeFactor;
  private final Runnable kick;

  NotifyDelivery(SimNotifyRepository queue, SimNotifies notifies, WebClient client, double timeFactor, Runnable kick) {
    this.queue = queue;
    this.notifies = notifies;
    this.client = client;
    this.timeFactor = timeFactor;
    this.kick = kick;
  }

  /**
   * Claims a batch of due copies and sends them without waiting for the answers: a merchant that answers slowly (up to
   * the send timeout) must not hold back every other copy until the next run, as a real gateway's sender does not.
   * The claim's lease outlives the send timeout, so no copy is sent twice at once; at most {@link #MAX_IN_FLIGHT}
   * are in flight. The future carries how many copies this run sent.
   */
  Future<Integer> runOnce() {
    int room = MAX_IN_FLIGHT - inFlight.get();
    if (room <= 0) return Future.succeededFuture(0);
    return queue.claim(Math.min(BATCH, room)).map(batch -> {
      for (SimNotifyRepository.Claimed c : batch) {
        inFlight.incrementAndGet();
        attempt(c).onComplete(ar -> {
          inFlight.decrementAndGet();
          if (ar.failed()) LOG.warn("simulator notify {} could not be recorded: {}", c.id(), ar.cause().toString());
        });
      }
      if (batch.size() == BATCH) kick.run();
      return batch.size();
    });
  }

  private Future<Boolean> attempt(SimNotifyRepository.Claimed c) {
    GatewayKind g = c.notice().gateway();
    return queue.takeDrop(g).compose(drop -> drop
        ? Future.succeededFuture(new Outcome(false, "dropped (fault)"))
        : send(c.notice()))
      .compose(o -> {
        if (o.accepted()) return queue.delivered(c.id(), o.result()).map(true);
        double next = retryDelaySeconds(g, c.attempts());
        boolean last = next < 0;
        return queue.failed(c.id(), o.result(), last ? 0 : next * timeFactor, last).map(false);
      });
  }

  /** Seconds until the next attempt after {@code attempts} failed ones, or -1 when the schedule is exhausted. */
  static double retryDelaySeconds(GatewayKind g, int attempts) {
    int[] schedule = g == GatewayKind.ALIPAY ? ALIPAY_SCHEDULE : WECHAT_SCHEDULE;
    return attempts >= 1 && attempts <= schedule.length ? schedule[attempts - 1] : -1;
  }

  private record Outcome(boolean accepted, String result) {
  }

  private Future<Outcome> send(SimNotifyRepository.Notice n) {
    Future<HttpResponse<Buffer>> sent;
    try {
      if (n.gateway() == GatewayKind.ALIPAY) {
        sent = client.postAbs(n.notifyUrl()).timeout(SEND_TIMEOUT_MS)
          .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/x-www-form-urlencoded; charset=utf-8")
          .sendBuffer(Buffer.buffer(notifies.alipayForm(n.payload()), "UTF-8"));
      } else {
        sent = client.postAbs(n.notifyUrl()).timeout(SEND_TIMEOUT_MS)
          .putHeaders(notifies.wechatHeaders(n.payload()))
          .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json")
          .sendBuffer(Buffer.buffer(n.payload(), "UTF-8"));
      }
    } catch (RuntimeException e) {
      return Future.succeededFuture(new Outcome(false, "error: " + e.getMessage()));
    }
    return sent.transform(ar -> {
      if (ar.failed()) return Future.succeededFuture(new Outcome(false, "error: " + ar.cause().getMessage()));
      HttpResponse<Buffer> r = ar.result();
      String body = r.bodyAsString() == null ? "" : r.bodyAsString().trim();
      boolean ok = n.gateway() == GatewayKind.ALIPAY ? r.statusCode() == 200 && body.equals("success")
        : r.statusCode() / 100 == 2;
      String shown = body.length() > 60 ? body.substring(0, 60) : body;
      return Future.succeededFuture(new Outcome(ok, "HTTP " + r.statusCode() + (shown.isEmpty() ? "" : " " + shown)));
    });
  }
}
