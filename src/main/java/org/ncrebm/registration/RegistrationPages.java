package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The candidate's way in, as the handbook describes it: the registration home (my registrations, exam sessions by
 * province), the province entry with its centers, then "start registration" with the agreement and ID document.
 */
public final class RegistrationPages {
  private final RegistrationService registrations;
  private final CatalogService catalog;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;

  public RegistrationPages(RegistrationService registrations, CatalogService catalog, Authenticator auth, Pages pages,
                           Csrf csrf) {
    this.registrations = registrations;
    this.catalog = catalog;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
  }

  public void mount(Router router) {
    router.get("/bm").handler(auth.required(Kind.CANDIDATE)).handler(op(this::home));
    router.get("/bm/:sid/:province").handler(auth.required(Kind.CANDIDATE)).handler(op(this::province));
    router.get("/bm/:sid/:province/start").handler(auth.required(Kind.CANDIDATE)).handler(op(this::startPage));
    router.post("/bm/:sid/:province/start").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE))
      .handler(csrf).handler(op(this::start));
  }

  private Future<Void> home(RoutingContext ctx) {
    Map<String, Object> model = pages.model(ctx);
    return registrations.mine(Web.principal(ctx)).compose(mine -> catalog.sessions().compose(sessions -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      List<Future<?>> loads = new ArrayList<>();
      for (Registration r : mine) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", r.id().toString());
        row.put("status", r.status().name());
        row.put("created", Times.display(r.createdAt()));
        loads.add(catalog.center(r.centerId()).onSuccess(c -> row.put("center", c.name())));
        sessions.stream().filter(s -> s.id() == r.examSessionId()).findFirst()
          .ifPresent(s -> row.put("session", s.name()));
        rows.add(row);
      }
      List<Map<String, Object>> sessionRows = new ArrayList<>();
      for (ExamSession s : sessions) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", s.id());
        row.put("name", s.name());
        loads.add(Future.all(catalog.provinces(), catalog.windows(s.id())).onSuccess(both -> {
          List<org.ncrebm.catalog.Catalog.Province> provinces = both.resultAt(0);
          List<Window> windows = both.resultAt(1);
          List<Map<String, Object>> ps = new ArrayList<>();
          for (var p : provinces) {
            windows.stream().filter(w -> w.provinceCode().equals(p.code())).findFirst().ifPresent(w -> ps.add(Map.of(
              "code", p.code(), "name", Web.lang(ctx) == org.ncrebm.platform.web.Lang.EN ? p.nameEn() : p.name(),
              "state", w.state(catalog.now()).name())));
          }
          row.put("provinces", ps);
        }));
        sessionRows.add(row);
      }
      return Future.all(loads).compose(v -> {
        model.put("registrations", rows);
        model.put("sessions", sessionRows);
        return pages.render(ctx, 200, "registration/home", model);
      });
    }));
  }

  /** The province entry: its window and its centers with the seats left, each with "start registration". */
  private Future<Void> province(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "province", "[1-8][0-9]");
    return Future.all(catalog.session(sid), catalog.window(sid, code), catalog.province(code),
        registrations.front().waitingRoomFor(Web.principal(ctx), sid, code, org.ncrebm.queue.Admissions.of(ctx)))
      .compose(all -> catalog.centers(sid, code).compose(centers -> {
        ExamSession session = all.resultAt(0);
        Window w = all.resultAt(1);
        Map<String, Object> model = pages.model(ctx);
        model.put("session", Map.of("id", session.id(), "name", session.name()));
        org.ncrebm.catalog.Catalog.Province p = all.resultAt(2);
        model.put("province", Map.of("code", code, "name", p.name()));
        model.put("window", windowModel(w));
        model.put("waitingRoom", all.resultAt(3) == null ? "" : all.resultAt(3));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Center c : centers) {
          List<Map<String, Object>> subjects = new ArrayList<>();
          c.capacities().forEach(k -> {
            var s = session.subject(k.subjectCode());
            subjects.add(Map.of("code", k.subjectCode(), "name", s == null ? k.subjectCode() : s.name(),
              "remaining", k.remaining()));
          });
          rows.add(Map.of("id", c.id(), "code", c.code(), "name", c.name(), "address", c.address(),
            "review", c.reviewRequired(), "classRequired", c.classRequired(), "maxSubjects", c.maxSubjects(),
            "subjects", subjects));
        }
        model.put("centers", rows);
        return pages.render(ctx, 200, "registration/province", model);
      }));
  }

  Map<String, Object> windowModel(Window w) {
    return Map.of("state", w.state(catalog.now()).name(), "opensAt", Times.display(w.opensAt()),
      "closesAt", Times.display(w.closesAt()), "payDeadline", Times.display(w.payDeadline()));
  }

  private Future<Void> startPage(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "province", "[1-8][0-9]");
    long centerId = centerParam(ctx.request().getParam("center"));
    return startModel(ctx, sid, code, centerId).compose(model -> pages.render(ctx, 200, "registration/start", model));
  }

  private Future<Map<String, Object>> startModel(RoutingContext ctx, long sid, String code, long centerId) {
    return Future.all(catalog.session(sid), catalog.window(sid, code), catalog.center(centerId)).map(all -> {
      Center c = all.resultAt(2);
      if (c.examSessionId() != sid || !c.provinceCode().equals(code)) throw AppException.notFound();
      Map<String, Object> model = pages.model(ctx);
      ExamSession s = all.resultAt(0);
      model.put("session", Map.of("id", s.id(), "name", s.name()));
      model.put("provinceCode", code);
      model.put("center", Map.of("id", c.id(), "name", c.name(), "address", c.address()));
      model.put("window", windowModel(all.resultAt(1)));
      model.put("agreementVersion", registrations.agreementVersion());
      model.put("idTypes", java.util.Arrays.stream(IdDocument.Type.values()).map(Enum::name).toList());
      return model;
    });
  }

  private Future<Void> start(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "province", "[1-8][0-9]");
    long centerId = centerParam(ctx.request().getFormAttribute("center"));
    JsonObject form = Pages.form(ctx, "idType", "idNumber");
    boolean agreed = "yes".equals(ctx.request().getFormAttribute("agreementAccepted"));
    return startModel(ctx, sid, code, centerId).compose(model -> {
      Map<String, String> values = Pages.echo(form);
      Future<Void> action = Future.<Registration>future(p -> {
        String type = form.getString("idType", "");
        IdDocument.Type t;
        try {
          t = IdDocument.Type.valueOf(type);
        } catch (IllegalArgumentException e) {
          throw AppException.field(org.ncrebm.platform.ErrorCode.VALIDATION_FAILED, "idType", "profile.choose");
        }
        String problem = IdDocument.problem(t, form.getString("idNumber"));
        java.util.Map<String, AppException.Message> errors = new java.util.LinkedHashMap<>();
        if (problem != null) errors.put("idNumber", AppException.Message.of(problem));
        if (!agreed) errors.put("agreementAccepted", AppException.Message.of("registration.agreementRequired"));
        if (!errors.isEmpty()) throw AppException.validation(errors);
        registrations.start(Web.principal(ctx), Actor.of(ctx), new RegistrationService.Start(sid, centerId, true, t,
          form.getString("idNumber")), org.ncrebm.queue.Admissions.of(ctx)).onComplete(p);
      }).compose(r -> Web.redirect(ctx, "/bm/r/" + r.id() + "/profile"));
      return pages.submit(ctx, "registration/start", model, values, action);
    });
  }

  private static long centerParam(String value) {
    try {
      return Long.parseLong(value == null ? "" : value.trim());
    } catch (NumberFormatException e) {
      throw AppException.notFound();
    }
  }
}
