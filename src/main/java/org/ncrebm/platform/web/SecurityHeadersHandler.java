package org.ncrebm.platform.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Security headers on every response: a strict CSP (no inline script or style, no framing), nosniff, no referrer
 * leakage across sites, and HSTS when cookies are secure (production behind TLS). The JSON API's answers
 * ({@code /api/v1/}) get the set OWASP's REST Security cheat sheet gives for APIs: a CSP that allows nothing at all
 * ({@code default-src 'none'; frame-ancestors 'none'}, stricter than the pages' and a fraction of its length),
 * nosniff, no framing and HSTS; the referrer, opener and permissions policies govern documents a browser shows and are
 * left off answers that are never one. Every hold of a spike is such an answer, read by the candidate's client.
 */
public final class SecurityHeadersHandler implements SecurityPolicyHandler {
  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
  static final String API_PREFIX = "/api/v1/";
  // Names and values encoded once (ASCII strings Netty copies as bytes), not per response: every answer carries them.
  private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence CSP_VALUE = HttpHeaders.createOptimized(CSP);
  private static final CharSequence API_CSP_VALUE = HttpHeaders.createOptimized(API_CSP);
  private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence FRAME_NAME = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence OPENER_NAME = HttpHeaders.createOptimized("Cross-Origin-Opener-Policy");
  private static final CharSequence SAME_ORIGIN = HttpHeaders.createOptimized("same-origin");
  private static final CharSequence PERMISSIONS_NAME = HttpHeaders.createOptimized("Permissions-Policy");
  private static final CharSequence PERMISSIONS = HttpHeaders.createOptimized("camera=(), microphone=(), geolocation=()");
  private static final CharSequence HSTS_NAME = HttpHeaders.createOptimized("Strict-Transport-Security");
  private static final CharSequence HSTS = HttpHeaders.createOptimized("max-age=31536000; includeSubDomains");
  private final boolean hsts;

  public SecurityHeadersHandler(boolean hsts) {
    this.hsts = hsts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx);
    ctx.next();
  }

  void apply(RoutingContext ctx) {
    MultiMap h = ctx.response().headers();
    if (Web.path(ctx).startsWith(API_PREFIX)) {
      h.set(CSP_NAME, API_CSP_VALUE);
      h.set(NOSNIFF_NAME, NOSNIFF);
      h.set(FRAME_NAME, DENY);
    } else {
      h.set(CSP_NAME, CSP_VALUE);
      h.set(NOSNIFF_NAME, NOSNIFF);
      h.set(FRAME_NAME, DENY);
      h.set(REFERRER_NAME, SAME_ORIGIN);
      h.set(OPENER_NAME, SAME_ORIGIN);
      h.set(PERMISSIONS_NAME, PERMISSIONS);
    }
    if (hsts) {
      h.set(HSTS_NAME, HSTS);
    }
  }
}
