package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.ncrebm.platform.web.Web.op;

/** Reconciliation for the national office: the runs and their differences, as JSON and as a page; run on demand. */
public final class ReconciliationRoutes {
  private final Reconciliation reconciliation;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;

  public ReconciliationRoutes(Reconciliation reconciliation, Authenticator auth, Pages pages, Csrf csrf) {
    this.reconciliation = reconciliation;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
  }

  public void mount(Router router) {
    router.get("/api/v1/staff/reconciliation").handler(auth.required(Kind.STAFF)).handler(op(this::listJson));
    router.post("/api/v1/staff/reconciliation").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::runJson));
    router.get("/staff/reconciliation").handler(auth.required(Kind.STAFF)).handler(op(this::page));
    router.post("/staff/reconciliation").handler(BodyLimits.form()).handler(auth.required(Kind.STAFF)).handler(csrf)
      .handler(op(this::runPage));
  }

  private Future<Void> listJson(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    return runsWithDifferences().compose(runs -> Web.json(ctx, 200, runs));
  }

  private Future<Void> runJson(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    JsonInput in = JsonInput.of(ctx);
    String gateway = in.oneOf("gateway", Set.of("alipay", "wechat"));
    String date = in.string("date", 10);
    LocalDate day = date == null ? null : parse(date, in);
    in.done();
    return reconciliation.run(GatewayKind.byId(gateway), day)
      .compose(id -> reconciliation.differences(id).map(d -> new JsonObject().put("runId", id)
        .put("differences", differencesJson(d))))
      .compose(json -> Web.json(ctx, 201, json));
  }

  private static LocalDate parse(String date, JsonInput in) {
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      in.reject("date", "validation.date");
      return null;
    }
  }

  private Future<JsonArray> runsWithDifferences() {
    return reconciliation.runs(60).compose(runs -> Future.all(runs.stream().map(run -> reconciliation.differences(run.id())
        .map(d -> new JsonObject().put("id", run.id()).put("gateway", run.gateway()).put("date", run.date().toString())
          .put("runAt", Times.iso(run.at())).put("statementRows", run.statementRows()).put("ourRows", run.ourRows())
          .put("differences", differencesJson(d)))).toList())
      .map(all -> new JsonArray(all.list())));
  }

  private static JsonArray differencesJson(List<Reconciliation.Difference> differences) {
    JsonArray out = new JsonArray();
    differences.forEach(d -> out.add(new JsonObject().put("kind", d.kind()).put("merchantOrderNo", d.merchantOrderNo())
      .put("gatewayTxnId", d.gatewayTxnId()).put("ourAmountFen", d.ourFen()).put("theirAmountFen", d.theirFen())
      .put("detail", d.detail())));
    return out;
  }

  private Future<Void> page(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    return runsWithDifferences().compose(runs -> {
      Map<String, Object> model = pages.model(ctx);
      List<Object> list = new ArrayList<>();
      runs.forEach(r -> list.add(((JsonObject) r).getMap()));
      model.put("runs", list);
      model.put("yesterday", reconciliation.yesterday().toString());
      return pages.render(ctx, 200, "staff/reconciliation", model);
    });
  }

  private Future<Void> runPage(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    GatewayKind kind = GatewayKind.byId(ctx.request().getFormAttribute("gateway"));
    LocalDate day;
    try {
      day = LocalDate.parse(String.valueOf(ctx.request().getFormAttribute("date")));
    } catch (DateTimeParseException e) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "date", "validation.date");
    }
    if (kind == null) throw AppException.field(ErrorCode.VALIDATION_FAILED, "gateway", "profile.choose");
    return reconciliation.run(kind, day).compose(id -> Web.redirect(ctx, "/staff/reconciliation"));
  }

}
