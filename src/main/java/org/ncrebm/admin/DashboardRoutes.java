package org.ncrebm.admin;

import org.ncrebm.platform.auth.Access;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import static org.ncrebm.platform.web.Web.op;

/** {@code GET /api/v1/staff/exam-sessions/{sid}/dashboard?province=&center=}, confined to the caller's scope. */
public final class DashboardRoutes {
  private final DashboardRepository dashboards;
  private final CatalogService catalog;
  private final Authenticator auth;

  public DashboardRoutes(DashboardRepository dashboards, CatalogService catalog, Authenticator auth) {
    this.dashboards = dashboards;
    this.catalog = catalog;
    this.auth = auth;
  }

  public void mount(Router router) {
    router.get("/api/v1/staff/exam-sessions/:sid/dashboard").handler(auth.required(Kind.STAFF)).handler(op(this::show));
  }

  private Future<Void> show(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long sid = Params.id(ctx, "sid");
    DashboardRepository.Scope scope = scope(p, sid, Params.query(ctx, "province", 2), Params.query(ctx, "center", 16));
    return catalog.session(sid).compose(s -> dashboards.dashboard(scope))
      .compose(json -> Web.json(ctx, 200, json.put("examSessionId", sid).put("provinceCode", scope.provinceCode())
        .put("centerCode", scope.centerCode())));
  }

  /** Narrows what was asked to what the caller may see; asking for more is {@code FORBIDDEN}. */
  public static DashboardRepository.Scope scope(Principal p, long sid, String province, String center) {
    switch (Access.role(p)) {
      case NATIONAL_ADMIN -> {
        return new DashboardRepository.Scope(sid, province, province == null ? null : center);
      }
      case PROVINCE_ADMIN -> {
        if (province != null && !province.equals(p.provinceCode())) throw AppException.of(ErrorCode.FORBIDDEN);
        return new DashboardRepository.Scope(sid, p.provinceCode(), center);
      }
      default -> {
        if (province != null && !province.equals(p.provinceCode())
          || center != null && !center.equals(p.centerCode())) {
          throw AppException.of(ErrorCode.FORBIDDEN);
        }
        return new DashboardRepository.Scope(sid, p.provinceCode(), p.centerCode());
      }
    }
  }
}
