package org.ncrebm.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.Web;

import java.time.Clock;
import java.time.Instant;

/**
 * Authentication for pages and the API. Browsers carry a session cookie; scripts carry a JWT bearer token whose
 * {@code sid} must still be a live session in Redis. Either way the principal comes from Redis on every request.
 */
public final class Authenticator {
  private final JWTAuth jwt;
  private final SessionStore sessions;
  private final Clock clock;
  private final boolean secureCookies;
  private final Csrf csrf;

  public Authenticator(Vertx vertx, String jwtSecret, SessionStore sessions, Clock clock, boolean secureCookies,
                       Csrf csrf) {
    this.csrf = csrf;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(jwtSecret))
      .setJWTOptions(new JWTOptions().setIssuer("ncre-bm").setLeeway(5)));
    this.sessions = sessions;
    this.clock = clock;
    this.secureCookies = secureCookies;
  }

  public SessionStore sessions() {
    return sessions;
  }

  /** The bearer token for an issued session; it lives no longer than the session's absolute limit. */
  public String token(SessionStore.Issued issued, Kind kind, String accountId) {
    long seconds = Math.max(1, issued.absoluteExpiry().getEpochSecond() - Instant.now(clock).getEpochSecond());
    return jwt.generateToken(new JsonObject().put("sid", issued.sessionId()).put("kind", kind.name()),
      new JWTOptions().setSubject(accountId).setIssuer("ncre-bm").setExpiresInSeconds((int) seconds));
  }

  public String cookieName(Kind kind) {
    String base = kind == Kind.CANDIDATE ? "ncre_sid" : "ncre_staff_sid";
    return secureCookies ? "__Host-" + base : base;
  }

  /** Sets the browser session cookie: HttpOnly, SameSite=Lax, Secure in production, a session cookie. */
  public void setCookie(RoutingContext ctx, Kind kind, SessionStore.Issued issued) {
    ctx.response().addCookie(Cookie.cookie(cookieName(kind), issued.sessionId()).setPath("/").setHttpOnly(true)
      .setSecure(secureCookies).setSameSite(CookieSameSite.LAX));
  }

  public void clearCookie(RoutingContext ctx, Kind kind) {
    ctx.response().addCookie(Cookie.cookie(cookieName(kind), "").setPath("/").setHttpOnly(true)
      .setSecure(secureCookies).setSameSite(CookieSameSite.LAX).setMaxAge(0));
  }

  /** Resolves the caller (or null) from a bearer token, else from the cookie of {@code kind}. */
  public Future<Principal> resolve(RoutingContext ctx, Kind kind) {
    Principal known = Web.principal(ctx);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    String header = ctx.request().getHeader("Authorization");
    Future<Principal> found;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      // A bad token is simply no caller; a session store that cannot answer is a failure (503), not a logout.
      found = jwt.authenticate(new TokenCredentials(header.substring(7).trim())).otherwiseEmpty()
        .compose(user -> user == null ? Future.succeededFuture()
          : sessions.lookup(user.principal().getString("sid"), false)
            .map(p -> p != null && p.kind().name().equals(user.principal().getString("kind")) ? p : null));
    } else {
      Cookie cookie = ctx.request().getCookie(cookieName(kind));
      found = cookie == null ? Future.succeededFuture() : sessions.lookup(cookie.getValue(), true);
    }
    return found.map(p -> {
      if (p != null) {
        ctx.put(Web.PRINCIPAL, p);
      }
      return p;
    });
  }

  /** Continues with or without a caller (pages that greet a logged-in user). */
  public AuthenticationHandler optional(Kind kind) {
    return ctx -> resolve(ctx, kind).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.next();
      }
    });
  }

  /** Requires a live session of {@code kind}: 401 otherwise (pages redirect to their login). */
  public AuthenticationHandler required(Kind kind) {
    return ctx -> resolve(ctx, kind).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result() == null || ar.result().kind() != kind) {
        ctx.put("loginKind", kind);
        ctx.fail(AppException.of(ErrorCode.UNAUTHENTICATED));
      } else if (ar.result().viaCookie() && unsafe(ctx.request().method()) && ctx.normalizedPath().startsWith("/api/")
        && !csrf.headerMatches(ctx)) {
        // A browser calling the JSON API with its cookie must prove same-origin like a form does.
        ctx.fail(AppException.of(ErrorCode.CSRF_REJECTED));
      } else {
        ctx.next();
      }
    });
  }

  private static boolean unsafe(HttpMethod m) {
    return m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS;
  }
}
