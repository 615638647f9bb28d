package org.ncrebm.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.CenterInput;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.nio.charset.StandardCharsets;

import static org.ncrebm.platform.web.Web.op;

/**
 * The staff side of the catalogue (api.md "Staff"): the national office sets up sessions and subjects; national and
 * province offices set windows and centers of their provinces (one by one or by CSV); center staff read their center.
 */
public final class CatalogStaffRoutes {
  public static final int IMPORT_LIMIT = 8 * 1024 * 1024;
  private static final int PAGE_SIZE = 50;
  private final CatalogService catalog;
  private final CenterImport importer;
  private final Authenticator auth;

  public CatalogStaffRoutes(CatalogService catalog, CenterImport importer, Authenticator auth) {
    this.catalog = catalog;
    this.importer = importer;
    this.auth = auth;
  }

  public void mount(Router router) {
    String base = "/api/v1/staff/exam-sessions";
    router.get(base).handler(auth.required(Kind.STAFF)).handler(op(this::listSessions));
    router.post(base).handler(BodyLimits.json()).handler(auth.required(Kind.STAFF)).handler(op(this::createSession));
    router.put(base + "/:sid/subjects/:code").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::saveSubject));
    router.put(base + "/:sid/provinces/:code").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::setWindow));
    router.post(base + "/:sid/centers").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::createCenter));
    router.get(base + "/:sid/centers").handler(auth.required(Kind.STAFF)).handler(op(this::listCenters));
    router.post(base + "/:sid/centers/import").handler(BodyLimits.bytes(IMPORT_LIMIT)).handler(auth.required(Kind.STAFF))
      .handler(op(this::importCenters));
    router.get("/api/v1/staff/centers/:cid").handler(auth.required(Kind.STAFF)).handler(op(this::getCenter));
    router.put("/api/v1/staff/centers/:cid").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::updateCenter));
  }

  private Future<Void> listSessions(RoutingContext ctx) {
    Access.staff(ctx);
    return catalog.sessions().compose(list -> Future.all(list.stream()
        .map(s -> catalog.windows(s.id()).map(w -> CatalogRoutes.sessionJson(s,
          CatalogService.sessionState(w, catalog.now()).name()))).toList()))
      .compose(all -> Web.json(ctx, 200, new JsonArray(all.list())));
  }

  private Future<Void> createSession(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    CatalogInput.NewSession s = CatalogInput.session(JsonInput.of(ctx));
    return catalog.createSession(Actor.of(ctx), s.name(), s.nameEn(), s.subjects())
      .compose(id -> Web.json(ctx, 201, new JsonObject().put("id", id)));
  }

  private Future<Void> saveSubject(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    long sid = Params.id(ctx, "sid");
    JsonInput in = JsonInput.of(ctx);
    JsonObject body = in.raw().copy().put("code", ctx.pathParam("code"));
    // the body is the subject itself: its field errors name the body's own fields (feeFen, not subject.feeFen)
    Subject subject = CatalogInput.subject(body, "", in);
    in.done();
    return catalog.saveSubject(Actor.of(ctx), sid, subject).compose(v -> Web.json(ctx, 200, new JsonObject()
      .put("code", subject.code()).put("name", subject.name()).put("level", subject.level())
      .put("feeFen", subject.feeFen())));
  }

  private Future<Void> setWindow(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long sid = Params.id(ctx, "sid");
    String province = Params.matching(ctx, "code", "[1-8][0-9]");
    Access.requireProvince(p, province);
    Window w = CatalogInput.window(sid, province, JsonInput.of(ctx));
    return catalog.setWindow(Actor.of(ctx), w).compose(v -> Web.json(ctx, 200, CatalogService.windowJson(w)
      .put("provinceCode", province).put("state", w.state(catalog.now()).name())));
  }

  private Future<Void> createCenter(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long sid = Params.id(ctx, "sid");
    CenterInput input = CatalogInput.center(JsonInput.of(ctx), true);
    Access.requireProvince(p, input.provinceCode());
    return catalog.createCenter(Actor.of(ctx), sid, input)
      .compose(id -> Web.json(ctx, 201, new JsonObject().put("id", id)));
  }

  /** National: any province (or all); province office: its own; center staff: their own center only. */
  private Future<Void> listCenters(RoutingContext ctx) {
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
    return catalog.session(sid)
      .compose(s -> catalog.searchCenters(sid, inProvince, search, PAGE_SIZE, (page - 1) * PAGE_SIZE))
      .compose(list -> {
        JsonArray out = new JsonArray();
        list.stream().filter(c -> Access.canSeeCenter(p, c.provinceCode(), c.code()))
          .forEach(c -> out.add(staffCenterJson(c)));
        return Web.json(ctx, 200, new JsonObject().put("page", page).put("pageSize", PAGE_SIZE).put("items", out));
      });
  }

  private Future<Void> importCenters(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long sid = Params.id(ctx, "sid");
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("text/csv")) {
      throw AppException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "error.UNSUPPORTED_MEDIA_TYPE.csv");
    }
    String csv = ctx.body().buffer() == null ? "" : ctx.body().buffer().toString(StandardCharsets.UTF_8);
    return catalog.session(sid)
      .compose(s -> importer.run(Actor.of(ctx), s, csv, Access.provinceScope(p), Web.lang(ctx)))
      .recover(err -> err instanceof CenterImport.ImportFailure f
        ? Future.succeededFuture(new CenterImport.Result(0, 0, java.util.List.of(f.error())))
        : Future.failedFuture(err))
      .compose(result -> Web.json(ctx, result.ok() ? 200 : 400, importJson(result)));
  }

  static JsonObject importJson(CenterImport.Result result) {
    JsonArray errors = new JsonArray();
    result.errors().forEach(e -> errors.add(new JsonObject().put("line", e.line()).put("column", e.column())
      .put("message", e.message())));
    JsonObject body = new JsonObject().put("created", result.created()).put("updated", result.updated())
      .put("errors", errors);
    if (!result.ok()) {
      body.put("error", new JsonObject().put("code", ErrorCode.VALIDATION_FAILED.name()).put("message", "import rejected"));
    }
    return body;
  }

  private Future<Void> getCenter(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long cid = Params.id(ctx, "cid");
    return catalog.center(cid).compose(c -> {
      Access.requireCenter(p, c.provinceCode(), c.code());
      return Web.json(ctx, 200, staffCenterJson(c));
    });
  }

  private Future<Void> updateCenter(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long cid = Params.id(ctx, "cid");
    CenterInput input = CatalogInput.center(JsonInput.of(ctx), false);
    return catalog.center(cid).compose(c -> {
      Access.requireProvince(p, c.provinceCode());
      return catalog.updateCenter(Actor.of(ctx), cid, input);
    }).compose(v -> catalog.center(cid)).compose(c -> Web.json(ctx, 200, staffCenterJson(c)));
  }

  static JsonObject staffCenterJson(Center c) {
    JsonObject json = CatalogRoutes.centerJson(c).put("examSessionId", c.examSessionId())
      .put("totalCapacity", c.totalCapacity()).put("totalTaken", c.totalTaken());
    JsonArray subjects = new JsonArray();
    c.capacities().forEach(k -> subjects.add(new JsonObject().put("code", k.subjectCode()).put("capacity", k.capacity())
      .put("taken", k.taken()).put("remaining", k.remaining())));
    return json.put("subjects", subjects);
  }
}
