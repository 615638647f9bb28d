package org.ncrebm.platform.web;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.function.Predicate;

/**
 * What every request goes through before its route, as one handler: its id, its access-log line, its deadline, its
 * language, the security headers, then the checks of the path and the query string. Mounted as six handlers, each
 * request went through the router six times ({@code next()}: the route list walked again from the last one, each
 * route's match checked) and registered two end handlers; here it is one route and one end handler (issue 15: the
 * sold-out answer makes a few hundred thousand of these a minute). Each step is still its own class, usable alone.
 */
public final class RequestFront implements PlatformHandler {
  private final RequestDeadlines deadlines;
  private final Predicate<String> longRunning;
  private final SecurityHeadersHandler securityHeaders;

  /**
   * @param deadlines   this event loop's request deadlines
   * @param longRunning the paths that get the long deadline (streamed exports)
   * @param hsts        whether answers carry HSTS (production behind TLS)
   */
  public RequestFront(RequestDeadlines deadlines, Predicate<String> longRunning, boolean hsts) {
    this.deadlines = deadlines;
    this.longRunning = longRunning;
    this.securityHeaders = new SecurityHeadersHandler(hsts);
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    RequestIdHandler.apply(ctx);
    String path;
    boolean readable = true;
    try {
      path = ctx.normalizedPath();
    } catch (IllegalArgumentException e) {
      // an invalid escape (/%zz): no route can match it, and it was a 500
      path = Web.path(ctx);
      readable = false;
    }
    RequestDeadlines.Watched watched = deadlines.watch(ctx, longRunning.test(path));
    ctx.addEndHandler(ar -> {
      watched.ended();
      AccessLogHandler.log(ctx, start);
    });
    LangHandler.apply(ctx);
    securityHeaders.apply(ctx);
    if (!readable) {
      ctx.fail(AppException.of(ErrorCode.VALIDATION_FAILED, "error.malformedPath"));
      return;
    }
    if (QueryStringCheck.apply(ctx)) ctx.next();
  }
}
