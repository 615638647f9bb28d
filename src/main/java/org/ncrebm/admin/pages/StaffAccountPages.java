package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.admin.StaffAccount;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.admin.StaffRoutes;
import org.ncrebm.admin.StaffService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * Staff accounts within the caller's scope: the list with search, the creation form (only the roles and provinces
 * the caller may use are offered; {@link StaffService} decides), and disable/enable buttons. Center staff manage
 * nobody; every staff member changes their own password on {@code /staff/password}.
 */
final class StaffAccountPages {
  private static final int PAGE_SIZE = 50;
  private static final String[] FIELDS = {"username", "displayName", "role", "provinceCode", "centerCode"};
  private final StaffUi ui;
  private final StaffService staff;

  StaffAccountPages(StaffUi ui, StaffService staff) {
    this.ui = ui;
    this.staff = staff;
  }

  void mount(Router router) {
    router.get("/staff/accounts").handler(ui.auth.required(Kind.STAFF)).handler(op(this::list));
    router.get("/staff/accounts/new").handler(ui.auth.required(Kind.STAFF)).handler(op(this::newPage));
    router.post("/staff/accounts").handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF)).handler(ui.csrf)
      .handler(op(this::create));
    router.post("/staff/accounts/:id/disable").handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF))
      .handler(ui.csrf).handler(op(ctx -> setActive(ctx, false)));
    router.post("/staff/accounts/:id/enable").handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF))
      .handler(ui.csrf).handler(op(ctx -> setActive(ctx, true)));
  }

  private Future<Void> list(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    String q = Params.query(ctx, "q", 50);
    int page = Params.page(ctx);
    Map<String, Object> model = ui.model(ctx);
    model.put("values", Map.of("q", q == null ? "" : q));
    return Future.all(staff.list(p, q, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE), ui.provinceNames(ctx)).compose(all -> {
      List<StaffAccount> found = all.resultAt(0);
      Map<String, String> names = all.resultAt(1);
      List<Map<String, Object>> rows = new ArrayList<>();
      found.stream().limit(PAGE_SIZE).forEach(a -> rows.add(StaffUi.row("id", a.id(), "username", a.username(),
        "displayName", a.displayName(), "role", a.role().name(),
        "province", a.provinceCode() == null ? "" : names.getOrDefault(a.provinceCode(), a.provinceCode()),
        "center", a.centerCode() == null ? "" : a.centerCode(), "active", a.active(),
        "createdAt", Times.display(a.createdAt().toInstant()),
        "manageable", StaffService.manages(p, a) && !Long.toString(a.id()).equals(p.accountId()))));
      model.put("accounts", rows);
      model.put("page", page);
      model.put("hasNext", found.size() > PAGE_SIZE);
      model.put("query", q == null ? "" : "&q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
      return ui.pages.render(ctx, 200, "staff/accounts", model);
    });
  }

  /** The roles and provinces this caller may give a new account. */
  private Future<Map<String, Object>> formModel(RoutingContext ctx, Principal p) {
    Map<String, Object> model = ui.model(ctx);
    boolean national = Access.role(p) == StaffRole.NATIONAL_ADMIN;
    model.put("roles", national ? List.of("CENTER_STAFF", "PROVINCE_ADMIN", "NATIONAL_ADMIN") : List.of("CENTER_STAFF"));
    return ui.provinces(ctx, Access.provinceScope(p)).map(provinces -> {
      model.put("provinces", provinces);
      return model;
    });
  }

  private Future<Void> newPage(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    return formModel(ctx, p).compose(model -> {
      Map<String, String> values = new HashMap<>();
      values.put("role", "CENTER_STAFF");
      if (Access.provinceScope(p) != null) values.put("provinceCode", Access.provinceScope(p));
      model.put("values", values);
      return ui.pages.render(ctx, 200, "staff/account-new", model);
    });
  }

  private Future<Void> create(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    JsonObject json = Forms.strings(ctx, new JsonObject(), FIELDS);
    json.put("password", Forms.text(ctx, "password"));
    return formModel(ctx, p).compose(model -> {
      Future<Void> action = StaffUi.attempt(() -> StaffRoutes.newStaff(JsonInput.of(json)))
        .compose(n -> staff.create(p, Actor.of(ctx), n))
        .compose(id -> Web.redirect(ctx, "/staff/accounts?notice=staffCreated&q="
          + java.net.URLEncoder.encode(json.getString("username", "").strip().toLowerCase(java.util.Locale.ROOT),
          java.nio.charset.StandardCharsets.UTF_8)));
      return ui.pages.submit(ctx, "staff/account-new", model, Forms.echo(ctx, FIELDS), action);
    });
  }

  private Future<Void> setActive(RoutingContext ctx, boolean active) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long id = Params.id(ctx, "id");
    return staff.setActive(p, Actor.of(ctx), id, active)
      .compose(v -> Web.redirect(ctx, "/staff/accounts?notice=" + (active ? "staffEnabled" : "staffDisabled")));
  }
}
