package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.catalog.CatalogInput;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.HashMap;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * A province's window in an exam session: fill-in, payment deadline and ticket printing, typed as Beijing time in
 * {@code datetime-local} inputs and handed to {@link CatalogInput#window} as ISO times. The national office edits any
 * province, a province office its own.
 */
final class WindowPages {
  static final String[] FIELDS = {"opensAt", "closesAt", "payDeadline", "ticketPrintFrom", "ticketPrintTo"};
  private final StaffUi ui;

  WindowPages(StaffUi ui) {
    this.ui = ui;
  }

  void mount(Router router) {
    String path = "/staff/exam-sessions/:sid/provinces/:code";
    router.get(path).handler(ui.auth.required(Kind.STAFF)).handler(op(this::page));
    router.post(path).handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF)).handler(ui.csrf)
      .handler(op(this::save));
  }

  /** Role and scope first, then the session and province must exist. */
  private String province(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    String code = Params.matching(ctx, "code", "[1-8][0-9]");
    Access.requireProvince(p, code);
    return code;
  }

  private Future<Map<String, Object>> model(RoutingContext ctx, long sid, String code) {
    Map<String, Object> model = ui.model(ctx);
    return Future.all(ui.catalog.session(sid), ui.catalog.province(code),
        ui.catalog.window(sid, code).otherwise(err -> null))
      .map(all -> {
        if (all.resultAt(1) == null) throw AppException.notFound();
        model.put("session", StaffUi.sessionModel(all.resultAt(0), ui.lang(ctx)));
        model.put("province", Map.of("code", code, "name", StaffUi.name(all.resultAt(1), ui.lang(ctx))));
        Window w = all.resultAt(2);
        model.put("state", w == null ? "UNSET" : w.state(ui.catalog.now()).name());
        if (w != null) {
          model.put("values", Map.of("opensAt", Forms.localInput(w.opensAt()),
            "closesAt", Forms.localInput(w.closesAt()), "payDeadline", Forms.localInput(w.payDeadline()),
            "ticketPrintFrom", Forms.localInput(w.ticketPrintFrom()), "ticketPrintTo", Forms.localInput(w.ticketPrintTo())));
        }
        return model;
      });
  }

  private Future<Void> page(RoutingContext ctx) {
    String code = province(ctx);
    long sid = Params.id(ctx, "sid");
    return model(ctx, sid, code).compose(model -> ui.pages.render(ctx, 200, "staff/window", model));
  }

  private Future<Void> save(RoutingContext ctx) {
    String code = province(ctx);
    long sid = Params.id(ctx, "sid");
    Map<String, String> values = new HashMap<>(Forms.echo(ctx, FIELDS));
    JsonObject json = new JsonObject();
    for (String f : FIELDS) {
      String iso = Forms.isoFromLocal(Forms.text(ctx, f));
      if (iso != null) json.put(f, iso);
    }
    return model(ctx, sid, code).compose(model -> {
      Future<Void> action = StaffUi.attempt(() -> CatalogInput.window(sid, code, JsonInput.of(json)))
        .recover(err -> Future.failedFuture(err instanceof AppException e
          ? Forms.reword(e, Map.of(), Map.of("validation.datetime", "bo.window.datetime")) : err))
        .compose(w -> ui.catalog.setWindow(Actor.of(ctx), w))
        .compose(v -> Web.redirect(ctx, "/staff/exam-sessions/" + sid + "?notice=windowSaved#p-" + code));
      return ui.pages.submit(ctx, "staff/window", model, values, action);
    });
  }
}
