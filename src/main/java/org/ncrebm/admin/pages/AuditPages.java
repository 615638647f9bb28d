package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.admin.AuditRepository;
import org.ncrebm.admin.AuditRoutes;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Params;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.ncrebm.platform.web.Web.op;

/**
 * The audit log, read-only: filters by action prefix, target, actor and dates, paged, each change shown as a small
 * before/after table. {@link AuditRoutes#filter} confines a province office to its province, as in the API.
 */
final class AuditPages {
  private static final int PAGE_SIZE = 50;
  private static final String[] FILTERS = {"province", "action", "targetType", "targetId", "actor", "from", "to"};
  private final StaffUi ui;
  private final AuditRepository audit;

  AuditPages(StaffUi ui, AuditRepository audit) {
    this.ui = ui;
    this.audit = audit;
  }

  void mount(Router router) {
    router.get("/staff/audit").handler(ui.auth.required(Kind.STAFF)).handler(op(this::browse));
  }

  private Future<Void> browse(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    Map<String, Object> model = ui.model(ctx);
    Map<String, String> values = new java.util.HashMap<>();
    StringBuilder query = new StringBuilder();
    for (String f : FILTERS) {
      String v = ctx.request().getParam(f);
      if (v != null && !v.isBlank()) {
        values.put(f, v);
        query.append('&').append(f).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    model.put("values", values);
    model.put("query", query.toString());
    AuditRepository.Filter filter;
    int page;
    try {
      filter = inclusiveTo(AuditRoutes.filter(ctx, p), ctx);
      page = Params.page(ctx);
    } catch (AppException e) {
      if (e.code() != ErrorCode.VALIDATION_FAILED) throw e;
      model.put("entries", List.of());
      return ui.pages.formError(ctx, "staff/audit", model, values, e);
    }
    return Future.all(ui.provinceNames(ctx), ui.provinces(ctx, Access.provinceScope(p))).compose(both -> {
      Map<String, String> names = both.resultAt(0);
      model.put("provinces", both.resultAt(1));
      return audit.search(filter, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE).compose(found -> {
        List<Map<String, Object>> rows = new ArrayList<>();
        found.stream().limit(PAGE_SIZE).forEach(e -> rows.add(entry(ctx, e, names)));
        model.put("entries", rows);
        model.put("page", page);
        model.put("hasNext", found.size() > PAGE_SIZE);
        return ui.pages.render(ctx, 200, "staff/audit", model);
      });
    });
  }

  /** A date typed into "to" means up to the end of that day, not its first second. */
  private static AuditRepository.Filter inclusiveTo(AuditRepository.Filter f, RoutingContext ctx) {
    String to = ctx.request().getParam("to");
    if (f.to() == null || to == null || !to.strip().matches("\\d{4}-\\d{2}-\\d{2}")) return f;
    return new AuditRepository.Filter(f.provinceCode(), f.actionPrefix(), f.targetType(), f.targetId(), f.actorId(),
      f.from(), f.to().plusDays(1));
  }

  private Map<String, Object> entry(RoutingContext ctx, AuditRepository.Entry e, Map<String, String> provinces) {
    return StaffUi.row("id", e.id(), "at", Times.display(e.at().toInstant()), "actorKind", e.actorKind(),
      "actorId", e.actorId() == null ? "" : e.actorId(), "actorRole", e.actorRole() == null ? "" : e.actorRole(),
      "action", e.action(), "targetType", e.targetType() == null ? "" : e.targetType(),
      "targetId", e.targetId() == null ? "" : e.targetId(),
      "province", e.provinceCode() == null ? "" : provinces.getOrDefault(e.provinceCode(), e.provinceCode()),
      "requestId", e.requestId() == null ? "" : e.requestId(), "changes", changes(ctx, e.before(), e.after()));
  }

  /**
   * A change as rows: every field of a creation, only the fields that differ for an update (with a count of the
   * unchanged ones), field names and yes/no in the page's language.
   */
  private Map<String, Object> changes(RoutingContext ctx, JsonObject before, JsonObject after) {
    Set<String> keys = new LinkedHashSet<>();
    if (before != null) keys.addAll(before.fieldNames());
    if (after != null) keys.addAll(after.fieldNames());
    List<Map<String, Object>> rows = new ArrayList<>();
    int unchanged = 0;
    for (String k : keys) {
      String b = before == null || !before.containsKey(k) ? "" : show(ctx, before.getValue(k));
      String a = after == null || !after.containsKey(k) ? "" : show(ctx, after.getValue(k));
      boolean changed = before != null && after != null && !a.equals(b);
      if (before != null && after != null && !changed) {
        unchanged++;
        continue;
      }
      rows.add(Map.of("field", label(ctx, k), "key", k, "before", b, "after", a, "changed", changed));
    }
    return Map.of("rows", rows, "unchanged", unchanged);
  }

  private String label(RoutingContext ctx, String field) {
    for (String prefix : new String[]{"bo.audit.f.", "bo.import.col."}) {
      if (ui.i18n.has(prefix + field)) return ui.t(ctx, prefix + field);
    }
    return field;
  }

  private String show(RoutingContext ctx, Object v) {
    if (v == null) return "—";
    if (v instanceof Boolean b) return ui.t(ctx, b ? "bo.yes" : "bo.no");
    if (v instanceof JsonObject o) {
      List<String> parts = new ArrayList<>();
      o.forEach(e -> parts.add(e.getKey() + ": " + show(ctx, e.getValue())));
      return String.join(", ", parts);
    }
    return String.valueOf(v);
  }
}
