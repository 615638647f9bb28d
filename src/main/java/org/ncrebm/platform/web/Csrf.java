package org.ncrebm.platform.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Secrets;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * CSRF protection for forms: a random token in an HttpOnly, SameSite=Strict cookie that each form echoes in a hidden
 * {@code _csrf} field (or an {@code X-CSRF-Token} header); a cross-site page can neither read nor set the cookie.
 * A present {@code Origin} must also be our own host.
 */
public final class Csrf implements InputTrustHandler {
  public static final String FIELD = "_csrf";
  public static final String HEADER = "X-CSRF-Token";
  private final String cookieName;
  private final boolean secure;

  public Csrf(boolean secure) {
    this.secure = secure;
    // __Host- cookies cannot be planted by a sibling subdomain; browsers accept them only over HTTPS.
    this.cookieName = secure ? "__Host-ncre_csrf" : "ncre_csrf";
  }

  /** The token for forms on this page, creating the cookie on first use. */
  public String token(RoutingContext ctx) {
    String existing = ctx.get("csrfToken");
    if (existing != null) return existing;
    Cookie cookie = ctx.request().getCookie(cookieName);
    String token = cookie != null && cookie.getValue().length() >= 32 ? cookie.getValue() : issue(ctx);
    ctx.put("csrfToken", token);
    return token;
  }

  /** A fresh token, e.g. after login, so a token planted before authentication is worthless. */
  public String issue(RoutingContext ctx) {
    String token = Secrets.random(32);
    ctx.response().addCookie(Cookie.cookie(cookieName, token).setPath("/").setHttpOnly(true).setSecure(secure)
      .setSameSite(CookieSameSite.STRICT));
    ctx.put("csrfToken", token);
    return token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!sameOrigin(ctx)) {
      ctx.fail(AppException.of(ErrorCode.CSRF_REJECTED));
      return;
    }
    Cookie cookie = ctx.request().getCookie(cookieName);
    String sent = ctx.request().getHeader(HEADER);
    if (sent == null) sent = ctx.request().getFormAttribute(FIELD);
    if (cookie == null || sent == null || !constantTimeEquals(cookie.getValue(), sent)) {
      ctx.fail(AppException.of(ErrorCode.CSRF_REJECTED));
      return;
    }
    ctx.next();
  }

  /** For browser calls to the JSON API made with the session cookie: the header must carry the token. */
  public boolean headerMatches(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(cookieName);
    String sent = ctx.request().getHeader(HEADER);
    return cookie != null && sent != null && sameOrigin(ctx) && constantTimeEquals(cookie.getValue(), sent);
  }

  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || origin.equals("null")) {
      return origin == null;
    }
    try {
      String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
      URI o = URI.create(origin);
      String originHost = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return host != null && host.equalsIgnoreCase(originHost);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
