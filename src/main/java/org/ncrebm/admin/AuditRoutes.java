package org.ncrebm.admin;

import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import static org.ncrebm.platform.web.Web.op;

/** Browsing the audit log: the national office sees all of it, a province office its province's part. */
public final class AuditRoutes {
  private static final int PAGE_SIZE = 100;
  private final AuditRepository audit;
  private final Authenticator auth;

  public AuditRoutes(AuditRepository audit, Authenticator auth) {
    this.audit = audit;
    this.auth = auth;
  }

  public void mount(Router router) {
    router.get("/api/v1/staff/audit").handler(auth.required(Kind.STAFF)).handler(op(this::search));
  }

  private Future<Void> search(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    int page = Params.page(ctx);
    AuditRepository.Filter filter = filter(ctx, p);
    return audit.search(filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).compose(list -> {
      JsonArray items = new JsonArray();
      list.forEach(e -> items.add(json(e)));
      return Web.json(ctx, 200, new JsonObject().put("page", page).put("pageSize", PAGE_SIZE).put("items", items));
    });
  }

  /** The filter from the query string, confined to the caller's province. */
  public static AuditRepository.Filter filter(RoutingContext ctx, Principal p) {
    String scope = Access.provinceScope(p);
    String province = Params.query(ctx, "province", 2);
    if (scope != null && province != null && !province.equals(scope)) throw AppException.of(ErrorCode.FORBIDDEN);
    return new AuditRepository.Filter(scope != null ? scope : province, Params.query(ctx, "action", 60),
      Params.query(ctx, "targetType", 40), Params.query(ctx, "targetId", 80), Params.query(ctx, "actor", 80),
      time(ctx, "from"), time(ctx, "to"));
  }

  private static OffsetDateTime time(RoutingContext ctx, String name) {
    String v = Params.query(ctx, name, 40);
    if (v == null) return null;
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(v).atStartOfDay(Times.ZONE).toOffsetDateTime();
      } catch (DateTimeParseException e2) {
        throw AppException.field(ErrorCode.VALIDATION_FAILED, name, "validation.datetime");
      }
    }
  }

  static JsonObject json(AuditRepository.Entry e) {
    return new JsonObject().put("id", e.id()).put("at", Times.iso(e.at())).put("actorKind", e.actorKind())
      .put("actorId", e.actorId()).put("actorRole", e.actorRole()).put("action", e.action())
      .put("targetType", e.targetType()).put("targetId", e.targetId()).put("before", e.before())
      .put("after", e.after()).put("requestId", e.requestId()).put("provinceCode", e.provinceCode());
  }
}
