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
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Web;

import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The passport pages: register (with "send code" buttons that work without JavaScript), login, forgot password,
 * account home and logout. Forms validate exactly like the API and keep what the user typed, never the password.
 */
public final class PassportPages {
  private static final String[] REGISTER_FIELDS = {"email", "mobile", "password", "emailCode", "smsCode"};
  private final PassportService passport;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;

  public PassportPages(PassportService passport, Authenticator auth, Pages pages, Csrf csrf) {
    this.passport = passport;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
  }

  public void mount(Router router) {
    router.get("/passport/login").handler(auth.optional(Kind.CANDIDATE)).handler(op(this::loginPage));
    router.post("/passport/login").handler(BodyLimits.form()).handler(csrf).handler(op(this::login));
    router.get("/passport/register").handler(auth.optional(Kind.CANDIDATE)).handler(op(this::registerPage));
    router.post("/passport/register").handler(BodyLimits.form()).handler(csrf).handler(op(this::register));
    router.get("/passport/forgot").handler(auth.optional(Kind.CANDIDATE)).handler(op(this::forgotPage));
    router.post("/passport/forgot").handler(BodyLimits.form()).handler(csrf).handler(op(this::forgot));
    router.get("/passport/account").handler(auth.required(Kind.CANDIDATE)).handler(op(this::accountPage));
    router.post("/passport/account/lang").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE))
      .handler(csrf).handler(op(this::changeLang));
    router.post("/passport/logout").handler(BodyLimits.form()).handler(auth.optional(Kind.CANDIDATE)).handler(csrf)
      .handler(op(this::logout));
  }

  private Future<Void> loginPage(RoutingContext ctx) {
    if (Web.principal(ctx) != null) {
      return Web.redirect(ctx, Pages.safeNext(ctx.request().getParam("next"), "/passport/account"));
    }
    Map<String, Object> model = pages.model(ctx);
    model.put("next", Pages.safeNext(ctx.request().getParam("next"), ""));
    model.put("notice", noticeKey(ctx));
    return pages.render(ctx, 200, "passport/login", model);
  }

  private Future<Void> login(RoutingContext ctx) {
    JsonObject form = Pages.form(ctx, "login", "password");
    Map<String, Object> model = pages.model(ctx);
    String next = Pages.safeNext(ctx.request().getFormAttribute("next"), "/passport/account");
    model.put("next", next);
    Future<Void> action = Future.<PassportInput.Login>future(p -> p.complete(PassportInput.login(JsonInput.of(form))))
      .compose(l -> passport.login(l, Web.clientIp(ctx)))
      .compose(result -> {
        auth.setCookie(ctx, Kind.CANDIDATE, result.session());
        csrf.issue(ctx);
        return Web.redirect(ctx, next);
      });
    return pages.submit(ctx, "passport/login", model, Pages.echo(form, "password"), action);
  }

  private Future<Void> registerPage(RoutingContext ctx) {
    return pages.render(ctx, 200, "passport/register", pages.model(ctx));
  }

  /** One form, three buttons: send the e-mail code, send the SMS code, or create the account. */
  private Future<Void> register(RoutingContext ctx) {
    JsonObject form = Pages.form(ctx, REGISTER_FIELDS);
    Map<String, Object> model = pages.model(ctx);
    Map<String, String> values = Pages.echo(form, "password");
    String action = ctx.request().getFormAttribute("action");
    Future<Void> result;
    if ("sendEmailCode".equals(action) || "sendSmsCode".equals(action)) {
      boolean email = action.equals("sendEmailCode");
      JsonObject request = new JsonObject().put("channel", email ? "email" : "sms").put("purpose", "register")
        .put("target", form.getString(email ? "email" : "mobile"));
      result = Future.<PassportInput.CodeRequest>future(p -> p.complete(PassportInput.codeRequest(JsonInput.of(request))))
        .recover(err -> Future.failedFuture(renameTarget(err, email ? "email" : "mobile")))
        .compose(r -> passport.requestCode(r, Web.clientIp(ctx), Web.lang(ctx)))
        .compose(v -> {
          model.put("values", values);
          model.put("notice", email ? "notice.emailCodeSent" : "notice.smsCodeSent");
          return pages.render(ctx, 200, "passport/register", model);
        });
    } else {
      result = Future.<PassportInput.Registration>future(p -> p.complete(PassportInput.registration(JsonInput.of(form), Web.lang(ctx))))
        .compose(r -> passport.register(r, Actor.of(ctx)))
        .compose(id -> Web.redirect(ctx, "/passport/login?notice=registered"));
    }
    return pages.submit(ctx, "passport/register", model, values, result);
  }

  private Future<Void> forgotPage(RoutingContext ctx) {
    return pages.render(ctx, 200, "passport/forgot", pages.model(ctx));
  }

  private Future<Void> forgot(RoutingContext ctx) {
    JsonObject form = Pages.form(ctx, "login", "code", "newPassword");
    Map<String, Object> model = pages.model(ctx);
    Map<String, String> values = Pages.echo(form, "newPassword");
    Future<Void> result;
    if ("sendCode".equals(ctx.request().getFormAttribute("action"))) {
      String login = form.getString("login", "").trim();
      JsonObject request = new JsonObject().put("channel", login.contains("@") ? "email" : "sms")
        .put("purpose", "reset").put("target", login);
      result = Future.<PassportInput.CodeRequest>future(p -> p.complete(PassportInput.codeRequest(JsonInput.of(request))))
        .recover(err -> Future.failedFuture(renameTarget(err, "login")))
        .compose(r -> passport.requestCode(r, Web.clientIp(ctx), Web.lang(ctx)))
        .compose(v -> {
          model.put("values", values);
          model.put("notice", "notice.resetCodeSent");
          return pages.render(ctx, 200, "passport/forgot", model);
        });
    } else {
      result = Future.<PassportInput.Reset>future(p -> p.complete(PassportInput.reset(JsonInput.of(form))))
        .compose(r -> passport.resetPassword(r, Actor.of(ctx)))
        .compose(v -> Web.redirect(ctx, "/passport/login?notice=passwordReset"));
    }
    return pages.submit(ctx, "passport/forgot", model, values, result);
  }

  private Future<Void> accountPage(RoutingContext ctx) {
    return passport.me(Web.principal(ctx)).compose(a -> {
      Map<String, Object> model = accountModel(ctx, a);
      model.put("notice", "saved".equals(ctx.request().getParam("notice")) ? "account.lang.saved" : "");
      return pages.render(ctx, 200, "passport/account", model);
    });
  }

  /** The account page's language form: the same input rule as {@code PATCH /api/v1/passport/me}. */
  private Future<Void> changeLang(RoutingContext ctx) {
    JsonObject form = Pages.form(ctx, "lang");
    return passport.me(Web.principal(ctx)).compose(a -> {
      Map<String, Object> model = accountModel(ctx, a);
      Future<Void> action = Future.<org.ncrebm.platform.web.Lang>future(p -> p.complete(
          PassportInput.accountChange(JsonInput.of(form))))
        .compose(lang -> passport.changeLang(Web.principal(ctx), Actor.of(ctx), lang))
        .compose(changed -> Web.redirect(ctx, "/passport/account?notice=saved"));
      return pages.submit(ctx, "passport/account", model, Pages.echo(form), action);
    });
  }

  private Map<String, Object> accountModel(RoutingContext ctx, Account a) {
    Map<String, Object> model = pages.model(ctx);
    model.put("account", Map.of(
      "email", Masking.email(a.email()),
      "mobile", Masking.mobile(a.mobile()),
      "createdAt", Times.display(a.createdAt().toInstant()),
      "lang", a.lang().code()));
    return model;
  }

  private Future<Void> logout(RoutingContext ctx) {
    Future<Void> revoke = Web.principal(ctx) == null ? Future.succeededFuture() : passport.logout(Web.principal(ctx));
    return revoke.compose(v -> {
      auth.clearCookie(ctx, Kind.CANDIDATE);
      return Web.redirect(ctx, "/passport/login?notice=loggedOut");
    });
  }

  private static String noticeKey(RoutingContext ctx) {
    String n = ctx.request().getParam("notice");
    return n == null || !n.matches("registered|passwordReset|loggedOut") ? "" : "notice." + n;
  }

  /** A code request validated on the page reports its target under the page's own field name. */
  private static Throwable renameTarget(Throwable err, String field) {
    if (err instanceof org.ncrebm.platform.AppException e && e.fields().containsKey("target")) {
      return org.ncrebm.platform.AppException.validation(Map.of(field, e.fields().get("target")));
    }
    return err;
  }
}
