package org.ncrebm.platform.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

/**
 * Decodes the query string once, before any route reads it: a malformed one (a stray '%', an invalid escape) is a
 * 400 here, instead of an exception in whichever handler first asks for a parameter (inside a body handler's end
 * callback that would leave the request hanging until the request timeout).
 */
public final class QueryStringCheck implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    if (apply(ctx)) ctx.next();
  }

  /** False when the query string is malformed (the request has then failed with 400). */
  static boolean apply(RoutingContext ctx) {
    String query = ctx.request().query();
    if (query != null && query.indexOf('%') >= 0) {
      try {
        ctx.request().params();
      } catch (IllegalArgumentException e) {
        ctx.fail(AppException.of(ErrorCode.VALIDATION_FAILED, "error.malformedQuery"));
        return false;
      }
    }
    return true;
  }
}
