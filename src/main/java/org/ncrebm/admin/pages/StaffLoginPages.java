package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.admin.StaffRoutes;
import org.ncrebm.admin.StaffService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Web;

import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * Staff login (with {@code ?next=}), logout and the change of one's own password. Login issues the STAFF cookie and a
 * fresh CSRF token; a password change ends every session of the account, this one included.
 */
final class StaffLoginPages {
  private final StaffUi ui;
  private final StaffService staff;

  StaffLoginPages(StaffUi ui, StaffService staff) {
    this.ui = ui;
    this.staff = staff;
  }

  void mount(Router router) {
    router.get("/staff/login").handler(ui.auth.optional(Kind.STAFF)).handler(op(this::loginPage));
    router.post("/staff/login").handler(BodyLimits.form()).handler(ui.csrf).handler(op(this::login));
    router.post("/staff/logout").handler(BodyLimits.form()).handler(ui.auth.optional(Kind.STAFF)).handler(ui.csrf)
      .handler(op(this::logout));
    router.get("/staff/password").handler(ui.auth.required(Kind.STAFF)).handler(op(this::passwordPage));
    router.post("/staff/password").handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF)).handler(ui.csrf)
      .handler(op(this::changePassword));
  }

  private Future<Void> loginPage(RoutingContext ctx) {
    Principal p = Web.principal(ctx);
    if (p != null && p.staff()) {
      return Web.redirect(ctx, next(ctx.request().getParam("next")));
    }
    Map<String, Object> model = ui.model(ctx);
    model.put("next", Pages.safeNext(ctx.request().getParam("next"), ""));
    return ui.pages.render(ctx, 200, "staff/login", model);
  }

  private Future<Void> login(RoutingContext ctx) {
    JsonObject form = Pages.form(ctx, "username", "password");
    Map<String, Object> model = ui.model(ctx);
    String next = next(ctx.request().getFormAttribute("next"));
    model.put("next", next);
    Future<Void> action = StaffUi.attempt(() -> StaffRoutes.credentials(JsonInput.of(form)))
      .compose(c -> staff.login(c.username(), c.password(), Web.clientIp(ctx)))
      .compose(result -> {
        ui.auth.setCookie(ctx, Kind.STAFF, result.session());
        ui.csrf.issue(ctx);
        return Web.redirect(ctx, next);
      });
    return ui.pages.submit(ctx, "staff/login", model, Pages.echo(form, "password"), action);
  }

  /** Back-office pages only: a staff login never lands on a candidate page. */
  private static String next(String requested) {
    String next = Pages.safeNext(requested, "/staff");
    return next.equals("/staff") || next.startsWith("/staff/") || next.startsWith("/staff?") ? next : "/staff";
  }

  private Future<Void> logout(RoutingContext ctx) {
    Principal p = Web.principal(ctx);
    Future<Void> revoke = p == null || !p.staff() ? Future.succeededFuture() : staff.logout(p);
    return revoke.compose(v -> {
      ui.auth.clearCookie(ctx, Kind.STAFF);
      return Web.redirect(ctx, "/staff/login?notice=loggedOut");
    });
  }

  private Future<Void> passwordPage(RoutingContext ctx) {
    Access.staff(ctx);
    return ui.pages.render(ctx, 200, "staff/password", ui.model(ctx));
  }

  private Future<Void> changePassword(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    JsonObject form = Pages.form(ctx, "currentPassword", "newPassword", "confirmPassword");
    Map<String, Object> model = ui.model(ctx);
    Future<Void> action = StaffUi.attempt(() -> {
        var change = StaffRoutes.passwordChange(JsonInput.of(form));
        if (!change.next().equals(form.getString("confirmPassword"))) {
          throw AppException.field(ErrorCode.VALIDATION_FAILED, "confirmPassword", "bo.password.mismatch");
        }
        return change;
      })
      .compose(change -> staff.changePassword(p, Actor.of(ctx), change.current(), change.next()))
      .compose(v -> {
        ui.auth.clearCookie(ctx, Kind.STAFF);
        return Web.redirect(ctx, "/staff/login?notice=passwordChanged");
      });
    return ui.pages.submit(ctx, "staff/password", model, Map.of(), action);
  }
}
