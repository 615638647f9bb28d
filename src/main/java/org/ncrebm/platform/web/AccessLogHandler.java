package org.ncrebm.platform.web;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.keyValue;
import static net.logstash.logback.argument.StructuredArguments.value;

/**
 * One log line per request, written when the response ends; never the query string. The values are structured
 * arguments: in the text layout they read {@code POST /api/v1/x 201 3.2ms route=/api/v1/x rid=...}, in the JSON layout
 * each is also a field ({@code method}, {@code path}, {@code status}, {@code latency_ms}, {@code route}, {@code rid},
 * {@code ip}) that a log collector can filter on.
 */
public final class AccessLogHandler implements PlatformHandler {
  private static final Logger LOG = LoggerFactory.getLogger("access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> log(ctx, start));
    ctx.next();
  }

  /** The request's line, when it has ended ({@link RequestFront} calls this from its one end handler). */
  static void log(RoutingContext ctx, long startNanos) {
    if (!LOG.isInfoEnabled()) return;
    double millis = Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0;
    String route = Web.route(ctx);
    LOG.info("{} {} {} {}ms {} {} {}", value("method", ctx.request().method().name()),
      value("path", Web.path(ctx)), value("status", ctx.response().getStatusCode()),
      value("latency_ms", millis), keyValue("route", route), keyValue("rid", Web.requestId(ctx)),
      keyValue("ip", Web.clientIp(ctx)));
  }
}
