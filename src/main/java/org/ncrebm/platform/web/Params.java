package org.ncrebm.platform.web;

import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.UUID;

/** Path and query parameters: a malformed id is simply an unknown one (404); a bad query value is a 400. */
public final class Params {
  private Params() {
  }

  public static long id(RoutingContext ctx, String name) {
    try {
      long v = Long.parseLong(ctx.pathParam(name));
      if (v <= 0) throw AppException.notFound();
      return v;
    } catch (NumberFormatException e) {
      throw AppException.notFound();
    }
  }

  public static UUID uuid(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException e) {
      throw AppException.notFound();
    }
  }

  public static String matching(RoutingContext ctx, String name, String regex) {
    String v = ctx.pathParam(name);
    if (v == null || !v.matches(regex)) throw AppException.notFound();
    return v;
  }

  /** A 1-based page number from {@code ?page=}, 1 when absent. */
  public static int page(RoutingContext ctx) {
    String p = ctx.request().getParam("page");
    if (p == null || p.isBlank()) return 1;
    try {
      int n = Integer.parseInt(p.trim());
      if (n < 1 || n > 100_000) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "page", "validation.range", 1, 100000);
    }
  }

  /** An optional short query text (search boxes), trimmed; null when blank. */
  public static String query(RoutingContext ctx, String name, int max) {
    String q = ctx.request().getParam(name);
    if (q == null || q.isBlank()) return null;
    q = q.strip();
    if (q.length() > max) throw AppException.field(ErrorCode.VALIDATION_FAILED, name, "validation.tooLong", max);
    if (JsonInput.hasControlCharacters(q)) throw AppException.field(ErrorCode.VALIDATION_FAILED, name, "validation.controlChars");
    return q;
  }
}
