package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.catalog.Catalog;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.ncrebm.platform.web.Web.op;

/**
 * The staff page of one center's admission tickets: its plan (shown and edited as text lines) and its arrangement
 * (the latest run, and a button to start one). Every action goes through the same {@link TicketService} methods as
 * the JSON API, so scope and validation are the API's.
 */
public final class TicketStaffPages {
  private static final String TEMPLATE = "ticket/center";
  private final TicketService tickets;
  private final CatalogService catalog;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;

  public TicketStaffPages(TicketService tickets, CatalogService catalog, Authenticator auth, Pages pages, Csrf csrf) {
    this.tickets = tickets;
    this.catalog = catalog;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
  }

  public static String path(long sid, long cid) {
    return "/staff/exam-sessions/" + sid + "/centers/" + cid + "/tickets";
  }

  public void mount(Router router) {
    String page = "/staff/exam-sessions/:sid/centers/:cid/tickets";
    router.get(page).handler(auth.required(Kind.STAFF)).handler(op(this::show));
    router.post(page + "/plan").handler(BodyLimits.form()).handler(auth.required(Kind.STAFF)).handler(csrf)
      .handler(op(this::savePlan));
    router.post(page + "/arrangement").handler(BodyLimits.form()).handler(auth.required(Kind.STAFF)).handler(csrf)
      .handler(op(this::arrange));
  }

  private Future<Void> show(RoutingContext ctx) {
    return model(ctx).compose(model -> {
      String notice = ctx.request().getParam("saved") != null ? "ticket.staff.saved"
        : ctx.request().getParam("started") != null ? "ticket.staff.started" : null;
      if (notice != null) model.put("notice", notice);
      return pages.render(ctx, 200, TEMPLATE, model);
    });
  }

  /** The page's model: the center, its plan (and the form filled with it), its latest run; scope-checked. */
  private Future<Map<String, Object>> model(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long sid = Params.id(ctx, "sid");
    long cid = Params.id(ctx, "cid");
    return tickets.center(p, sid, cid).compose(center -> Future.all(
        orNull(tickets.plan(p, sid, cid)), orNull(tickets.arrangementStatus(p, sid, cid)))
      .map(all -> {
        Map<String, Object> model = pages.model(ctx);
        model.put("sid", Long.toString(sid));
        model.put("center", Map.of("id", Long.toString(cid), "name", center.name(), "code", center.code(),
          "province", center.provinceCode()));
        model.put("action", path(sid, cid));
        TicketPlan plan = all.resultAt(0);
        if (plan != null) {
          model.put("plan", planModel(plan));
          model.put("values", TicketPlanForm.values(plan));
        }
        JsonObject run = all.resultAt(1);
        if (run != null) model.put("run", runModel(run));
        return model;
      }));
  }

  private static <T> Future<T> orNull(Future<T> f) {
    return f.recover(err -> err instanceof AppException e && e.code() == ErrorCode.NOT_FOUND
      ? Future.succeededFuture(null) : Future.failedFuture(err));
  }

  private static Map<String, Object> planModel(TicketPlan plan) {
    List<Map<String, Object>> rooms = new ArrayList<>();
    plan.rooms().forEach(r -> rooms.add(Map.of("number", r.number(), "size", r.size(), "location", r.location())));
    List<Map<String, Object>> slots = new ArrayList<>();
    plan.slots().forEach(s -> slots.add(Map.of("slot", s.slot(), "startsAt", Times.display(s.startsAt()),
      "endsAt", Times.display(s.endsAt()), "subjects", String.join(" ", s.subjects()))));
    return Map.of("centerNo", plan.centerNo(), "rooms", rooms, "slots", slots,
      "seats", plan.rooms().stream().mapToInt(TicketPlan.PlanRoom::size).sum());
  }

  private static Map<String, Object> runModel(JsonObject run) {
    Map<String, Object> m = new HashMap<>();
    m.put("status", run.getString("status"));
    for (String n : List.of("assigned", "kept", "reinstated", "voided")) {
      Integer v = run.getInteger(n);
      m.put(n, v == null ? 0 : v);
    }
    m.put("error", run.getString("error") == null ? "" : run.getString("error"));
    m.put("startedBy", run.getString("startedBy") == null ? "" : run.getString("startedBy"));
    m.put("startedAt", shown(run.getString("startedAt")));
    m.put("finishedAt", shown(run.getString("finishedAt")));
    return m;
  }

  private static String shown(String iso) {
    if (iso == null) return "";
    try {
      return Times.display(java.time.OffsetDateTime.parse(iso).toInstant());
    } catch (RuntimeException e) {
      return iso;
    }
  }

  private Future<Void> savePlan(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    long cid = Params.id(ctx, "cid");
    Map<String, String> typed = new HashMap<>();
    for (String f : List.of("centerNo", "rooms", "slots")) {
      String v = ctx.request().getFormAttribute(f);
      typed.put(f, v == null ? "" : v);
    }
    return model(ctx).compose(model -> pages.submit(ctx, TEMPLATE, model, typed,
      catalog.session(sid).map(TicketStaffPages::subjectCodes)
        .map(codes -> TicketPlanForm.parse(typed.get("centerNo"), typed.get("rooms"), typed.get("slots"), codes))
        .compose(json -> tickets.savePlan(Access.staff(ctx), Actor.of(ctx), sid, cid, JsonInput.of(json)))
        .compose(plan -> Web.redirect(ctx, path(sid, cid) + "?saved=1"))));
  }

  private static java.util.Set<String> subjectCodes(Catalog.ExamSession session) {
    return session.subjects().stream().map(Catalog.Subject::code).collect(Collectors.toSet());
  }

  private Future<Void> arrange(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    long cid = Params.id(ctx, "cid");
    return model(ctx).compose(model -> {
      @SuppressWarnings("unchecked")
      Map<String, String> values = (Map<String, String>) model.get("values");
      return pages.submit(ctx, TEMPLATE, model, values,
        tickets.startArrangement(Access.staff(ctx), Actor.of(ctx), sid, cid)
          .compose(v -> Web.redirect(ctx, path(sid, cid) + "?started=1")));
    });
  }
}
