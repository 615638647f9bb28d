package org.ncrebm.exports;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Province;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The back office's exports page for the national and province offices: the registrations CSV of a session (with
 * its filters), each center's photo ZIP, and the candidate search. The downloads are the staff API's own routes,
 * which accept the staff session cookie on GET, so the page links to them and checks nothing twice.
 */
public final class ExportPages {
  private static final String TEMPLATE = "staff/exports";
  private final ExportService exports;
  private final CatalogService catalog;
  private final Authenticator auth;
  private final Pages pages;

  public ExportPages(ExportService exports, CatalogService catalog, Authenticator auth, Pages pages) {
    this.exports = exports;
    this.catalog = catalog;
    this.auth = auth;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/staff/exports").handler(auth.required(Kind.STAFF)).handler(op(this::show));
  }

  private Future<Void> show(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    ExportService.requireExamOffice(p);
    Lang lang = Web.lang(ctx);
    String province = ExportService.province(p, ExportRoutes.province(ctx));
    Long asked = sessionParam(ctx);
    String q = Params.query(ctx, "q", 30);
    int page = Params.page(ctx);
    Map<String, Object> model = pages.model(ctx);
    model.put("staff", staffModel(p));
    model.put("values", q == null ? Map.of() : Map.of("q", q));
    return Future.all(catalog.sessions(), catalog.provinces()).compose(all -> {
      List<ExamSession> sessions = all.resultAt(0);
      List<Province> provinces = all.resultAt(1);
      List<Map<String, Object>> sessionOptions = new ArrayList<>();
      sessions.forEach(s -> sessionOptions.add(Map.of("id", s.id(), "title", title(s, lang))));
      model.put("sessions", sessionOptions);
      List<Map<String, Object>> provinceOptions = new ArrayList<>();
      provinces.stream().filter(v -> province == null || Access.role(p) == StaffRole.NATIONAL_ADMIN
          || v.code().equals(province))
        .forEach(v -> provinceOptions.add(Map.of("value", v.code(), "label",
          lang == Lang.EN && !v.nameEn().isBlank() ? v.nameEn() : v.name())));
      model.put("provinces", provinceOptions);
      model.put("province", province == null ? "" : province);
      List<Map<String, Object>> statuses = new ArrayList<>();
      ExportRoutes.STATUSES.forEach(s -> statuses.add(Map.of("value", s, "label", pages.t(ctx, "bo.status." + s))));
      model.put("statuses", statuses);
      if (sessions.isEmpty()) {
        if (asked != null) throw AppException.notFound();
        return pages.render(ctx, 200, TEMPLATE, model);
      }
      ExamSession session = asked == null ? sessions.get(0)
        : sessions.stream().filter(s -> s.id() == asked).findFirst().orElseThrow(AppException::notFound);
      model.put("session", Map.of("id", session.id(), "title", title(session, lang)));
      Future<List<Center>> centers = province == null ? Future.succeededFuture(List.of())
        : catalog.centers(session.id(), province);
      Future<ExportService.CandidatePage> found = q == null ? Future.succeededFuture(null)
        : exports.search(p, Actor.of(ctx), province, session.id(), q, ExportRoutes.PAGE_SIZE,
          (page - 1) * ExportRoutes.PAGE_SIZE);
      return Future.all(centers, found).compose(both -> {
        List<Map<String, Object>> centerRows = new ArrayList<>();
        List<Center> list = both.resultAt(0);
        list.forEach(c -> centerRows.add(Map.of("id", c.id(), "code", c.code(), "name", c.name(),
          "value", Long.toString(c.id()), "label", c.code() + " " + c.name())));
        model.put("centers", centerRows);
        ExportService.CandidatePage hits = both.resultAt(1);
        if (hits != null) {
          List<Map<String, Object>> rows = new ArrayList<>();
          hits.items().forEach(c -> rows.add(Map.of("name", c.name() == null ? "" : c.name(), "idNumber",
            c.idMasked(), "center", c.centerCode() + " " + c.centerName(), "province", c.provinceCode(),
            "status", c.status(), "tickets", String.join(" ", c.ticketNumbers()))));
          model.put("results", rows);
          model.put("total", hits.total());
          model.put("page", page);
          model.put("hasNext", (long) page * ExportRoutes.PAGE_SIZE < hits.total());
        }
        return pages.render(ctx, 200, TEMPLATE, model);
      });
    });
  }

  /** What the staff navigation reads (role and scope), as the other back-office pages give it. */
  private static Map<String, Object> staffModel(Principal p) {
    StaffRole r = Access.role(p);
    Map<String, Object> staff = new HashMap<>();
    staff.put("role", r.name());
    staff.put("national", r == StaffRole.NATIONAL_ADMIN);
    staff.put("admin", r != StaffRole.CENTER_STAFF);
    staff.put("province", p.provinceCode() == null ? "" : p.provinceCode());
    staff.put("center", p.centerCode() == null ? "" : p.centerCode());
    return staff;
  }

  private static String title(ExamSession s, Lang lang) {
    return lang == Lang.EN && !s.nameEn().isBlank() ? s.nameEn() : s.name();
  }

  private static Long sessionParam(RoutingContext ctx) {
    String v = ctx.request().getParam("session");
    if (v == null || v.isBlank()) return null;
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw AppException.notFound();
    }
  }
}
