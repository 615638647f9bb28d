package org.ncrebm.passport;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.Masking;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Web;

import static org.ncrebm.platform.web.Web.op;

/** The passport part of the JSON API (api.md), under {@code /api/v1/passport}. */
public final class PassportRoutes {
  private final PassportService passport;
  private final Authenticator auth;

  public PassportRoutes(PassportService passport, Authenticator auth) {
    this.passport = passport;
    this.auth = auth;
  }

  public void mount(Router router) {
    router.post("/api/v1/passport/codes").handler(BodyLimits.json()).handler(op(this::requestCode));
    router.post("/api/v1/passport/accounts").handler(BodyLimits.json()).handler(op(this::createAccount));
    router.post("/api/v1/passport/sessions").handler(BodyLimits.json()).handler(op(this::createSession));
    router.delete("/api/v1/passport/sessions/current").handler(auth.required(Kind.CANDIDATE)).handler(op(this::endSession));
    router.post("/api/v1/passport/password-resets").handler(BodyLimits.json()).handler(op(this::resetPassword));
    router.get("/api/v1/passport/me").handler(auth.required(Kind.CANDIDATE)).handler(op(this::me));
    router.patch("/api/v1/passport/me").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::changeAccount));
  }

  private Future<Void> requestCode(RoutingContext ctx) {
    var request = PassportInput.codeRequest(JsonInput.of(ctx));
    return passport.requestCode(request, Web.clientIp(ctx), Web.lang(ctx))
      .compose(v -> Web.json(ctx, 202, new JsonObject().put("expiresInSeconds", VerificationCodes.LIFETIME.toSeconds())));
  }

  private Future<Void> createAccount(RoutingContext ctx) {
    var registration = PassportInput.registration(JsonInput.of(ctx), Web.lang(ctx));
    return passport.register(registration, Actor.of(ctx))
      .compose(id -> Web.json(ctx, 201, new JsonObject().put("accountId", id)));
  }

  private Future<Void> createSession(RoutingContext ctx) {
    var login = PassportInput.login(JsonInput.of(ctx));
    return passport.login(login, Web.clientIp(ctx)).compose(result -> Web.json(ctx, 201, new JsonObject()
      .put("token", auth.token(result.session(), Kind.CANDIDATE, result.account().id()))
      .put("expiresAt", Times.iso(result.session().absoluteExpiry()))
      .put("accountId", result.account().id())));
  }

  private Future<Void> endSession(RoutingContext ctx) {
    return passport.logout(Web.principal(ctx)).compose(v -> Web.noContent(ctx, 204));
  }

  private Future<Void> resetPassword(RoutingContext ctx) {
    var reset = PassportInput.reset(JsonInput.of(ctx));
    return passport.resetPassword(reset, Actor.of(ctx)).compose(v -> Web.noContent(ctx, 204));
  }

  private Future<Void> me(RoutingContext ctx) {
    return passport.me(Web.principal(ctx)).compose(a -> Web.json(ctx, 200, json(a)));
  }

  private Future<Void> changeAccount(RoutingContext ctx) {
    var lang = PassportInput.accountChange(JsonInput.of(ctx));
    return passport.changeLang(Web.principal(ctx), Actor.of(ctx), lang).compose(a -> Web.json(ctx, 200, json(a)));
  }

  private static JsonObject json(Account a) {
    return new JsonObject()
      .put("accountId", a.id())
      .put("email", Masking.email(a.email()))
      .put("mobile", Masking.mobile(a.mobile()))
      .put("lang", a.lang().code())
      .put("createdAt", Times.iso(a.createdAt()));
  }
}
