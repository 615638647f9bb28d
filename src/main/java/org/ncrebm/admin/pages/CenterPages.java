package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.catalog.Catalog.Capacity;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.CatalogInput;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
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
 * Test centers of an exam session: a searchable, paged list confined to the caller's scope, and the forms to create
 * and change a center (flags, most subjects, one capacity input per session subject, optional total). Province
 * offices work in their province; center staff see their own center, read-only.
 */
final class CenterPages {
  static final int PAGE_SIZE = 50;
  private static final String[] FIELDS = {"provinceCode", "code", "name", "address", "reviewRequired", "classRequired",
    "maxSubjects", "totalCapacity"};
  private final StaffUi ui;

  CenterPages(StaffUi ui) {
    this.ui = ui;
  }

  void mount(Router router) {
    String base = "/staff/exam-sessions/:sid/centers";
    router.get("/staff/centers").handler(ui.auth.required(Kind.STAFF)).handler(op(this::newestSession));
    router.get(base).handler(ui.auth.required(Kind.STAFF)).handler(op(this::list));
    router.get(base + "/new").handler(ui.auth.required(Kind.STAFF)).handler(op(this::newPage));
    router.post(base).handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF)).handler(ui.csrf)
      .handler(op(this::create));
    router.get("/staff/centers/:cid").handler(ui.auth.required(Kind.STAFF)).handler(op(this::show));
    router.post("/staff/centers/:cid").handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF))
      .handler(ui.csrf).handler(op(this::update));
  }

  private Future<Void> newestSession(RoutingContext ctx) {
    Access.staff(ctx);
    return ui.newestSessionId().compose(sid -> Web.redirect(ctx,
      sid == null ? "/staff/exam-sessions" : "/staff/exam-sessions/" + sid + "/centers"));
  }

  /** As the API's list: a province office only its province, center staff only their center. */
  private Future<Void> list(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long sid = Params.id(ctx, "sid");
    String province = Params.query(ctx, "province", 2);
    String q = Params.query(ctx, "q", 50);
    int page = Params.page(ctx);
    String scope = Access.provinceScope(p);
    if (scope != null) {
      if (province != null && !province.equals(scope)) throw AppException.of(ErrorCode.FORBIDDEN);
      province = scope;
    }
    String search = Access.role(p) == StaffRole.CENTER_STAFF ? p.centerCode() : q;
    String inProvince = province;
    Map<String, Object> model = ui.model(ctx);
    model.put("values", StaffUi.row("q", q == null ? "" : q, "province", province == null ? "" : province));
    return ui.catalog.session(sid).compose(s -> Future.all(
        ui.catalog.searchCenters(sid, inProvince, search, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE),
        ui.provinces(ctx, scope), ui.provinceNames(ctx))
      .compose(all -> {
        List<Center> found = all.resultAt(0);
        Map<String, String> names = all.resultAt(2);
        List<Map<String, Object>> rows = new ArrayList<>();
        found.stream().limit(PAGE_SIZE).filter(c -> Access.canSeeCenter(p, c.provinceCode(), c.code()))
          .forEach(c -> rows.add(centerRow(c, names)));
        model.put("session", StaffUi.sessionModel(s, ui.lang(ctx)));
        model.put("centers", rows);
        model.put("provinces", all.resultAt(1));
        model.put("page", page);
        model.put("hasNext", found.size() > PAGE_SIZE);
        model.put("canEdit", Access.role(p) != StaffRole.CENTER_STAFF);
        model.put("query", pagerQuery(q, inProvince, scope));
        return ui.pages.render(ctx, 200, "staff/centers", model);
      }));
  }

  private static String pagerQuery(String q, String province, String scope) {
    StringBuilder b = new StringBuilder();
    if (q != null) b.append("&q=").append(java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8));
    if (province != null && scope == null) b.append("&province=").append(province);
    return b.toString();
  }

  private static Map<String, Object> centerRow(Center c, Map<String, String> provinces) {
    long capacity = c.capacities().stream().mapToLong(Capacity::capacity).sum();
    long taken = c.capacities().stream().mapToLong(Capacity::taken).sum();
    return StaffUi.row("id", c.id(), "province", provinces.getOrDefault(c.provinceCode(), c.provinceCode()),
      "code", c.code(), "name", c.name(), "address", c.address(), "reviewRequired", c.reviewRequired(),
      "classRequired", c.classRequired(), "maxSubjects", c.maxSubjects(), "totalCapacity", c.totalCapacity(),
      "subjects", c.capacities().size(), "capacity", capacity, "taken", taken, "remaining", capacity - taken);
  }

  private Future<Map<String, Object>> formModel(RoutingContext ctx, Principal p, ExamSession s) {
    Map<String, Object> model = ui.model(ctx);
    return ui.provinces(ctx, Access.provinceScope(p)).map(provinces -> {
      model.put("session", StaffUi.sessionModel(s, ui.lang(ctx)));
      model.put("provinces", provinces);
      return model;
    });
  }

  private Future<Void> newPage(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long sid = Params.id(ctx, "sid");
    return ui.catalog.session(sid).compose(s -> formModel(ctx, p, s)).compose(model -> {
      Map<String, String> values = new HashMap<>();
      values.put("maxSubjects", "3");
      if (Access.provinceScope(p) != null) values.put("provinceCode", Access.provinceScope(p));
      model.put("values", values);
      return ui.pages.render(ctx, 200, "staff/center-form", model);
    });
  }

  private Future<Void> create(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long sid = Params.id(ctx, "sid");
    return ui.catalog.session(sid).compose(s -> formModel(ctx, p, s).compose(model -> {
      JsonObject json = form(ctx, s);
      Future<Void> action = StaffUi.attempt(() -> CatalogInput.center(JsonInput.of(json), true))
        .compose(input -> {
          Access.requireProvince(p, input.provinceCode());
          return ui.catalog.createCenter(Actor.of(ctx), sid, input);
        })
        .compose(id -> Web.redirect(ctx, "/staff/exam-sessions/" + sid + "/centers?notice=centerCreated&q="
          + java.net.URLEncoder.encode(json.getString("code", ""), java.nio.charset.StandardCharsets.UTF_8)));
      return ui.pages.submit(ctx, "staff/center-form", model, echo(ctx, s), action);
    }));
  }

  /** National and province offices edit; center staff of this center see it read-only; anyone else is refused. */
  private Future<Void> show(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long cid = Params.id(ctx, "cid");
    return ui.catalog.center(cid).compose(c -> {
      Access.requireCenter(p, c.provinceCode(), c.code());
      return ui.catalog.session(c.examSessionId()).compose(s -> formModel(ctx, p, s)).compose(model -> {
        model.put("center", centerModel(c));
        model.put("values", values(c));
        model.put("readOnly", Access.role(p) == StaffRole.CENTER_STAFF);
        return ui.pages.render(ctx, 200, "staff/center-form", model);
      });
    });
  }

  private Future<Void> update(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long cid = Params.id(ctx, "cid");
    return ui.catalog.center(cid).compose(c -> {
      Access.requireProvince(p, c.provinceCode());
      return ui.catalog.session(c.examSessionId()).compose(s -> formModel(ctx, p, s).compose(model -> {
        model.put("center", centerModel(c));
        model.put("readOnly", false);
        JsonObject json = form(ctx, s);
        json.remove("provinceCode");
        json.remove("code");
        Future<Void> action = StaffUi.attempt(() -> CatalogInput.center(JsonInput.of(json), false))
          .compose(input -> ui.catalog.updateCenter(Actor.of(ctx), cid, input))
          .compose(v -> Web.redirect(ctx, "/staff/centers/" + cid + "?notice=centerSaved"));
        return ui.pages.submit(ctx, "staff/center-form", model, echo(ctx, s), action);
      }));
    });
  }

  /** The form as the JSON {@link CatalogInput#center} reads; capacities come from one input per subject. */
  private static JsonObject form(RoutingContext ctx, ExamSession s) {
    JsonObject json = Forms.strings(ctx, new JsonObject(), "provinceCode", "code", "name", "address");
    Forms.checkbox(ctx, json, "reviewRequired");
    Forms.checkbox(ctx, json, "classRequired");
    Forms.integer(json, "maxSubjects", Forms.text(ctx, "maxSubjects"));
    Forms.integer(json, "totalCapacity", Forms.text(ctx, "totalCapacity"));
    JsonObject caps = new JsonObject();
    for (Subject sub : s.subjects()) {
      Forms.integer(caps, sub.code(), Forms.text(ctx, "cap_" + sub.code()));
    }
    return json.put("capacities", caps);
  }

  private static Map<String, String> echo(RoutingContext ctx, ExamSession s) {
    Map<String, String> values = new HashMap<>(Forms.echo(ctx, FIELDS));
    s.subjects().forEach(sub -> {
      String v = Forms.text(ctx, "cap_" + sub.code());
      if (v != null) values.put("cap_" + sub.code(), v);
    });
    return values;
  }

  private static Map<String, String> values(Center c) {
    Map<String, String> values = new HashMap<>();
    values.put("provinceCode", c.provinceCode());
    values.put("code", c.code());
    values.put("name", c.name());
    values.put("address", c.address());
    if (c.reviewRequired()) values.put("reviewRequired", "on");
    if (c.classRequired()) values.put("classRequired", "on");
    values.put("maxSubjects", Integer.toString(c.maxSubjects()));
    values.put("totalCapacity", c.totalCapacity() == null ? "" : Integer.toString(c.totalCapacity()));
    c.capacities().forEach(k -> values.put("cap_" + k.subjectCode(), Integer.toString(k.capacity())));
    return values;
  }

  private static Map<String, Object> centerModel(Center c) {
    Map<String, Object> taken = new HashMap<>();
    c.capacities().forEach(k -> taken.put(k.subjectCode(), k.taken()));
    return StaffUi.row("id", c.id(), "code", c.code(), "name", c.name(), "provinceCode", c.provinceCode(),
      "totalTaken", c.totalTaken(), "taken", taken);
  }
}
