package org.ncrebm.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Province;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.ncrebm.platform.web.Web.op;

/** The public catalogue reads of api.md: exam sessions, provinces with window states, centers with seats left. */
public final class CatalogRoutes {
  private final CatalogService catalog;

  public CatalogRoutes(CatalogService catalog) {
    this.catalog = catalog;
  }

  public void mount(Router router) {
    router.get("/api/v1/exam-sessions").handler(op(this::listSessions));
    router.get("/api/v1/exam-sessions/:sid/provinces").handler(op(this::listProvinces));
    router.get("/api/v1/exam-sessions/:sid/provinces/:code/centers").handler(op(this::listCenters));
  }

  private Future<Void> listSessions(RoutingContext ctx) {
    return catalog.sessions().compose(sessions -> Future.all(sessions.stream()
        .map(s -> catalog.windows(s.id()).map(w -> sessionJson(s, CatalogService.sessionState(w, catalog.now()).name())))
        .toList()))
      .compose(all -> Web.json(ctx, 200, new JsonArray(all.list())));
  }

  private Future<Void> listProvinces(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    return catalog.session(sid).compose(s -> Future.all(catalog.provinces(), catalog.windows(sid))).compose(both -> {
      List<Province> provinces = both.resultAt(0);
      List<Window> all = both.resultAt(1);
      Map<String, Window> windows = all.stream()
        .collect(Collectors.toMap(Window::provinceCode, Function.identity()));
      JsonArray out = new JsonArray();
      for (Province p : provinces) {
        Window w = windows.get(p.code());
        if (w != null) out.add(provinceJson(p, w, catalog));
      }
      return Web.json(ctx, 200, out);
    });
  }

  private Future<Void> listCenters(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "code", "[1-8][0-9]");
    return catalog.session(sid).compose(s -> catalog.centers(sid, code)).compose(centers -> {
      JsonArray out = new JsonArray();
      centers.forEach(c -> out.add(centerJson(c)));
      return Web.json(ctx, 200, out);
    });
  }

  static JsonObject sessionJson(ExamSession s, String status) {
    JsonArray subjects = new JsonArray();
    s.subjects().forEach(sub -> subjects.add(new JsonObject().put("code", sub.code()).put("name", sub.name())
      .put("level", sub.level()).put("feeFen", sub.feeFen())));
    return new JsonObject().put("id", s.id()).put("name", s.name()).put("nameEn", s.nameEn()).put("status", status)
      .put("subjects", subjects);
  }

  static JsonObject provinceJson(Province p, Window w, CatalogService catalog) {
    return new JsonObject().put("code", p.code()).put("name", p.name()).put("nameEn", p.nameEn())
      .put("opensAt", Times.iso(w.opensAt())).put("closesAt", Times.iso(w.closesAt()))
      .put("payDeadline", Times.iso(w.payDeadline())).put("ticketPrintFrom", Times.iso(w.ticketPrintFrom()))
      .put("ticketPrintTo", Times.iso(w.ticketPrintTo())).put("state", w.state(catalog.now()).name());
  }

  static JsonObject centerJson(Center c) {
    JsonArray subjects = new JsonArray();
    c.capacities().forEach(k -> subjects.add(new JsonObject().put("code", k.subjectCode()).put("capacity", k.capacity())
      .put("remaining", k.remaining())));
    return new JsonObject().put("id", c.id()).put("code", c.code()).put("name", c.name()).put("address", c.address())
      .put("provinceCode", c.provinceCode()).put("reviewRequired", c.reviewRequired())
      .put("classRequired", c.classRequired()).put("maxSubjects", c.maxSubjects()).put("subjects", subjects);
  }
}
