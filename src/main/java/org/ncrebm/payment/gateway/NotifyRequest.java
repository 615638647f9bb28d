package org.ncrebm.payment.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/**
 * A gateway's asynchronous notify exactly as it arrived: the headers and the raw body. Signatures are checked over
 * the raw bytes, so the callback route must read the body as is (a bytes body handler, not a form or JSON one).
 */
public record NotifyRequest(MultiMap headers, String body) {
  public NotifyRequest {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    if (headers != null) copy.addAll(headers);
    headers = copy;
    body = body == null ? "" : body;
  }

  /** The notify a route received; the route needs a body handler ({@code BodyLimits.bytes(...)}) in front. */
  public static NotifyRequest of(RoutingContext ctx) {
    Buffer b = ctx.body() == null ? null : ctx.body().buffer();
    return new NotifyRequest(ctx.request().headers(), b == null ? "" : b.toString(StandardCharsets.UTF_8));
  }

  public String header(String name) {
    return headers.get(name);
  }
}
