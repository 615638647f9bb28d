package org.ncrebm.platform.web;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per request, written when the response ends, with the request id; never the query string. */
public final class AccessLogHandler implements PlatformHandler {
  private static final Logger LOG = LoggerFactory.getLogger("access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(ar -> {
      long micros = (System.nanoTime() - start) / 1000;
      int status = ctx.response().getStatusCode();
      String route = ctx.currentRoute() == null || ctx.currentRoute().getPath() == null
        ? "-" : ctx.currentRoute().getPath();
      if (LOG.isInfoEnabled()) {
        LOG.info("{} {} {} {}ms route={} rid={} ip={}", ctx.request().method(), ctx.normalizedPath(), status,
          micros / 1000.0, route, Web.requestId(ctx), Web.clientIp(ctx));
      }
    });
    ctx.next();
  }
}
