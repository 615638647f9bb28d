package org.ncrebm.payment.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.client.HttpResponse;

import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns an outbound gateway call into a clean future: transport failures become retryable
 * {@link GatewayException}s ({@code TIMEOUT}, {@code NETWORK}), an answer we cannot read becomes {@code BAD_RESPONSE},
 * and whatever the reader throws (a bad signature, a business error) fails the future instead of escaping.
 */
final class GatewayCalls {
  /** Connect plus idle time allowed for one call; both gateways answer well within it. */
  static final long TIMEOUT_MS = 10_000;
  static final long CONNECT_TIMEOUT_MS = 5_000;

  private GatewayCalls() {
  }

  static <T> Future<T> read(GatewayKind kind, Supplier<Future<HttpResponse<Buffer>>> call,
                            Function<HttpResponse<Buffer>, Future<T>> reader) {
    Future<HttpResponse<Buffer>> sent;
    try {
      sent = call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(transport(kind, e));
    }
    return sent.transform(ar -> {
      if (ar.failed()) {
        return Future.failedFuture(transport(kind, ar.cause()));
      }
      try {
        return reader.apply(ar.result());
      } catch (GatewayException e) {
        return Future.failedFuture(e);
      } catch (DecodeException | IllegalArgumentException | ClassCastException | NullPointerException
               | java.time.DateTimeException e) {
        return Future.failedFuture(new GatewayException(kind, "BAD_RESPONSE",
          "unreadable answer (HTTP " + ar.result().statusCode() + "): " + e.getMessage(), true, e));
      }
    });
  }

  private static GatewayException transport(GatewayKind kind, Throwable cause) {
    if (cause instanceof GatewayException g) return g;
    boolean timeout = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
    return new GatewayException(kind, timeout ? "TIMEOUT" : "NETWORK", String.valueOf(cause.getMessage()), true, cause);
  }
}
