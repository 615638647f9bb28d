package org.ncrebm.platform.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Principal;

import java.util.function.Function;

/** Small helpers every route uses: the operation adapter, JSON replies and the per-request values. */
public final class Web {
  public static final String REQUEST_ID = "requestId";
  public static final String LANG = "lang";
  public static final String PRINCIPAL = "principal";
  /** The route a failed request had reached (see {@link #fail}). */
  static final String ROUTE = "route";
  public static final String JSON_TYPE = "application/json; charset=utf-8";
  /** The same, encoded once for the response headers of every JSON answer. */
  public static final CharSequence JSON_TYPE_HEADER = HttpHeaders.createOptimized(JSON_TYPE);

  private Web() {
  }

  /**
   * The one adapter between routes and operations: an operation returns a future, and any failure, thrown or
   * returned, goes to the failure handler. No operation writes an error response itself.
   */
  public static Handler<RoutingContext> op(Function<RoutingContext, Future<Void>> operation) {
    return ctx -> {
      Future<Void> result;
      try {
        result = operation.apply(ctx);
      } catch (RuntimeException e) {
        fail(ctx, e);
        return;
      }
      result.onFailure(err -> {
        if (!ctx.failed()) {
          fail(ctx, err);
        }
      });
    };
  }

  /**
   * Fails the request from its route's handler, noting the route first: once failed, the current route is the
   * failure handler's, and the access log names the route the request had reached (not "-").
   */
  public static void fail(RoutingContext ctx, Throwable err) {
    if (ctx.currentRoute() != null && ctx.currentRoute().getPath() != null) {
      ctx.put(ROUTE, ctx.currentRoute().getPath());
    }
    ctx.fail(err);
  }

  /**
   * The request's normalized path, or its raw path when that cannot be decoded (an invalid escape such as
   * {@code /%zz}, which vertx-web's {@code normalizedPath()} throws on at every call; the request front answers such a
   * request 400). For the code that runs for every request, failed ones included: the front, the failure handler,
   * the access log.
   */
  public static String path(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (IllegalArgumentException e) {
      String raw = ctx.request().path();
      return raw == null ? "/" : raw;
    }
  }

  /** The route a request was answered by, or had reached when it failed; "-" when none had matched. */
  public static String route(RoutingContext ctx) {
    String current = ctx.currentRoute() == null ? null : ctx.currentRoute().getPath();
    if (current != null) return current;
    String reached = ctx.get(ROUTE);
    return reached == null ? "-" : reached;
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE_HEADER).end(body.encode());
  }

  public static Future<Void> json(RoutingContext ctx, int status, JsonArray body) {
    return ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE_HEADER).end(body.encode());
  }

  public static Future<Void> noContent(RoutingContext ctx, int status) {
    return ctx.response().setStatusCode(status).end();
  }

  public static Future<Void> redirect(RoutingContext ctx, String location) {
    return ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
  }

  public static String requestId(RoutingContext ctx) {
    String id = ctx.get(REQUEST_ID);
    return id == null ? "-" : id;
  }

  public static Lang lang(RoutingContext ctx) {
    Lang lang = ctx.get(LANG);
    return lang == null ? Lang.ZH : lang;
  }

  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** The address rate limits key on: the socket peer, or the proxy's forwarded address when configured. */
  public static String clientIp(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  /** API and machine routes answer JSON; everything else is a page for people. */
  public static boolean wantsJson(RoutingContext ctx) {
    String path = path(ctx);
    if (path.startsWith("/api/") || path.startsWith("/pay/") || path.startsWith("/health")
      || path.equals("/metrics") || path.startsWith("/dev/") && !path.equals("/dev/mail")
      || path.startsWith("/sim/") && !path.contains("/checkout/")) {
      return true;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }
}
