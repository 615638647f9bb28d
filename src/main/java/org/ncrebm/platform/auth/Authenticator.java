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
 * {@code sid} must still be a live session. Either way the principal is the live session's, checked on every request
 * through the {@link SessionStore} (Redis, or the process's cache of it that every revocation reaches). A bearer
 * token's signature is checked once per process: a token that verified stays valid until its {@code exp}, so the
 * verified claims are kept ({@link #MAX_VERIFIED} at most) and only the session is looked up again.
 */
public final class Authenticator {
  static final int MAX_VERIFIED = 200_000;
  /** As the JWT options' leeway: a token is taken until 5 s past its {@code exp}. */
  private static final long LEEWAY_SECONDS = 5;

  /** What a verified bearer token says; {@code exp} in epoch seconds. */
  private record Verified(String sid, String kind, long exp) {
  }

  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified =
    new java.util.concurrent.ConcurrentHashMap<>();
  private volatile long lastSweepSecond;
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
      found = verify(header.substring(7).trim()).compose(v -> v == null ? Future.succeededFuture()
        : sessions.lookup(v.sid(), false).map(p -> p != null && p.kind().name().equals(v.kind()) ? p : null));
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

  /** The claims of a bearer token whose signature, issuer and expiry hold, else null (never a failure). */
  private Future<Verified> verify(String token) {
    long nowSeconds = System.currentTimeMillis() / 1000; // the JWT library's clock, not the service's
    Verified known = verified.get(token);
    if (known != null) {
      if (nowSeconds <= known.exp() + LEEWAY_SECONDS) return Future.succeededFuture(known);
      verified.remove(token, known);
      return Future.succeededFuture();
    }
    return jwt.authenticate(new TokenCredentials(token)).otherwiseEmpty().map(user -> {
      if (user == null) return null;
      JsonObject claims = user.principal();
      // Vert.x 5 moves exp (and iat) out of the principal into the user's attributes: read there, as the library's
      // own expiry check does (reading the principal, nothing was ever kept: every request verified the signature).
      Long exp = user.attributes().getLong("exp", claims.getLong("exp"));
      Verified v = new Verified(claims.getString("sid"), claims.getString("kind"), exp == null ? 0 : exp);
      if (exp != null && v.sid() != null) {
        // Full: sweep out expired tokens at most once a second (a sweep walks them all), else keep nothing new.
        if (verified.size() >= MAX_VERIFIED && nowSeconds != lastSweepSecond) {
          lastSweepSecond = nowSeconds;
          verified.values().removeIf(e -> nowSeconds > e.exp() + LEEWAY_SECONDS);
        }
        if (verified.size() < MAX_VERIFIED) verified.put(token, v);
      }
      return v;
    });
  }

  /** Whether a verified bearer token is kept (its signature is not checked again before its {@code exp}). */
  boolean keeps(String token) {
    return verified.containsKey(token);
  }

  /** How many verified bearer tokens are kept. */
  int keptTokens() {
    return verified.size();
  }

  /** Continues with or without a caller (pages that greet a logged-in user). */
  public AuthenticationHandler optional(Kind kind) {
    return ctx -> resolve(ctx, kind).onComplete(ar -> {
      if (ar.failed()) {
        Web.fail(ctx, ar.cause());
      } else {
        ctx.next();
      }
    });
  }

  /** Requires a live session of {@code kind}: 401 otherwise (pages redirect to their login). */
  public AuthenticationHandler required(Kind kind) {
    return ctx -> resolve(ctx, kind).onComplete(ar -> {
      if (ar.failed()) {
        Web.fail(ctx, ar.cause());
      } else if (ar.result() == null || ar.result().kind() != kind) {
        ctx.put("loginKind", kind);
        Web.fail(ctx, AppException.of(ErrorCode.UNAUTHENTICATED));
      } else if (ar.result().viaCookie() && unsafe(ctx.request().method()) && ctx.normalizedPath().startsWith("/api/")
        && !csrf.headerMatches(ctx)) {
        // A browser calling the JSON API with its cookie must prove same-origin like a form does.
        Web.fail(ctx, AppException.of(ErrorCode.CSRF_REJECTED));
      } else {
        ctx.next();
      }
    });
  }

  private static boolean unsafe(HttpMethod m) {
    return m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.OPTIONS;
  }
}
