package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.admin.DashboardRepository;
import org.ncrebm.admin.DashboardRoutes;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The staff home: the dashboard of one exam session (the newest by default) for the caller's scope: the national
 * office by province, a province office by center, center staff by subject. Rows drill down within the scope, which
 * {@link DashboardRoutes#scope} narrows exactly as the API does.
 */
final class DashboardPages {
  static final List<String> STATUSES = List.of("DRAFT", "PENDING_REVIEW", "REJECTED", "PAYABLE", "PAID", "CANCELLED",
    "EXPIRED");
  private final StaffUi ui;
  private final DashboardRepository dashboards;
  private final BackOfficePages.WaitingRooms waitingRooms;

  DashboardPages(StaffUi ui, DashboardRepository dashboards, BackOfficePages.WaitingRooms waitingRooms) {
    this.ui = ui;
    this.dashboards = dashboards;
    this.waitingRooms = waitingRooms;
  }

  void mount(Router router) {
    router.get("/staff").handler(ui.auth.required(Kind.STAFF)).handler(op(this::home));
  }

  private Future<Void> home(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    String province = Params.query(ctx, "province", 2);
    String center = Params.query(ctx, "center", 16);
    Long asked = sessionParam(ctx);
    Map<String, Object> model = ui.model(ctx);
    return ui.catalog.sessions().compose(sessions -> {
      List<Map<String, Object>> options = new ArrayList<>();
      sessions.forEach(s -> options.add(Map.of("id", s.id(), "title", StaffUi.sessionName(s, ui.lang(ctx)))));
      model.put("sessions", options);
      if (sessions.isEmpty()) {
        if (asked != null) throw AppException.notFound();
        return ui.pages.render(ctx, 200, "staff/dashboard", model);
      }
      ExamSession session = asked == null ? sessions.get(0)
        : sessions.stream().filter(s -> s.id() == asked).findFirst().orElseThrow(AppException::notFound);
      DashboardRepository.Scope scope = DashboardRoutes.scope(p, session.id(), province, center);
      // waiting rooms are set up by province offices: center staff see none
      Future<List<Map<String, Object>>> rooms = Access.role(p) == org.ncrebm.platform.auth.StaffRole.CENTER_STAFF
        ? Future.succeededFuture(List.of()) : waitingRooms.rows(session.id(), scope.provinceCode());
      return Future.all(dashboards.dashboard(scope), ui.provinceNames(ctx), rooms).compose(all -> {
        JsonObject dash = all.resultAt(0);
        Map<String, String> names = all.resultAt(1);
        model.put("session", StaffUi.sessionModel(session, ui.lang(ctx)));
        model.put("scope", StaffUi.row("level", scope.level(), "province", scope.provinceCode(),
          "provinceName", scope.provinceCode() == null ? null : names.get(scope.provinceCode()),
          "center", scope.centerCode()));
        model.put("dash", figures(dash, session, names, scope));
        List<Map<String, Object>> roomRows = new ArrayList<>();
        for (Map<String, Object> row : all.<List<Map<String, Object>>>resultAt(2)) {
          Map<String, Object> named = new java.util.HashMap<>(row);
          named.put("provinceName", names.getOrDefault((String) row.get("provinceCode"), (String) row.get("provinceCode")));
          roomRows.add(named);
        }
        model.put("rooms", roomRows);
        return ui.pages.render(ctx, 200, "staff/dashboard", model);
      });
    });
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

  /** The dashboard's numbers with labels: statuses in a fixed order, breakdown rows named and linked. */
  private static Map<String, Object> figures(JsonObject dash, ExamSession session, Map<String, String> provinces,
                                             DashboardRepository.Scope scope) {
    JsonObject statuses = dash.getJsonObject("registrations");
    List<Map<String, Object>> registrations = new ArrayList<>();
    long total = 0;
    for (String s : STATUSES) {
      long n = statuses.getLong(s, 0L);
      total += n;
      registrations.add(Map.of("status", s, "count", n));
    }
    JsonObject payments = dash.getJsonObject("payments");
    String base = "/staff?session=" + session.id();
    List<Map<String, Object>> breakdown = new ArrayList<>();
    JsonArray parts = dash.getJsonArray("breakdown");
    for (int i = 0; i < parts.size(); i++) {
      JsonObject part = parts.getJsonObject(i);
      String key = part.getString("key");
      String label;
      String link = null;
      switch (scope.level()) {
        case "session" -> {
          label = provinces.getOrDefault(key, key);
          link = base + "&province=" + key;
        }
        case "province" -> {
          label = key + " " + part.getString("label", "");
          link = base + "&province=" + scope.provinceCode() + "&center=" + key;
        }
        default -> label = subjectLabel(session, key);
      }
      breakdown.add(StaffUi.row("label", label, "link", link, "capacity", part.getLong("capacity"),
        "taken", part.getLong("taken"), "remaining", part.getLong("remaining")));
    }
    JsonObject seats = dash.getJsonObject("seats");
    return StaffUi.row("registrations", registrations, "total", total,
      "capacity", seats.getLong("capacity"), "taken", seats.getLong("taken"), "remaining", seats.getLong("remaining"),
      "paidSeats", payments.getLong("paidSeats"), "amount", Forms.yuan(payments.getLong("amountFen")),
      "breakdown", breakdown);
  }

  private static String subjectLabel(ExamSession session, String code) {
    Subject s = session.subject(code);
    return s == null ? code : code + " " + s.name();
  }
}
