package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import org.ncrebm.admin.AuditRepository;
import org.ncrebm.admin.DashboardRepository;
import org.ncrebm.admin.StaffService;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.catalog.CenterImport;
import org.ncrebm.platform.Platform;

import java.nio.file.Path;

/**
 * The back office for people: staff login, dashboard, exam sessions and windows, test centers (with the CSV import),
 * staff accounts and the audit log. Pages call the same services and parsers as the staff API, and every route
 * checks role and scope through {@link org.ncrebm.platform.auth.Access} on the server.
 */
public final class BackOfficePages {
  private final Platform platform;
  private final CatalogService catalog;
  private final CenterImport centerImport;
  private final StaffService staff;
  private final DashboardRepository dashboards;
  private final AuditRepository audit;

  public BackOfficePages(Platform platform, CatalogService catalog, CenterImport centerImport, StaffService staff,
                         DashboardRepository dashboards, AuditRepository audit) {
    this.platform = platform;
    this.catalog = catalog;
    this.centerImport = centerImport;
    this.staff = staff;
    this.dashboards = dashboards;
    this.audit = audit;
  }

  private WaitingRooms waitingRooms = (sid, province) -> Future.succeededFuture(java.util.List.of());

  /**
   * A session's waiting rooms on the dashboard (one province's, or all when null): rows of {provinceCode, waiting,
   * admitted, rate, link}, given by the queue context.
   */
  @FunctionalInterface
  public interface WaitingRooms {
    Future<java.util.List<java.util.Map<String, Object>>> rows(long sessionId, String province);
  }

  public BackOfficePages withWaitingRooms(WaitingRooms waitingRooms) {
    this.waitingRooms = waitingRooms;
    return this;
  }

  public void mount(Router router) {
    Platform p = platform;
    StaffUi ui = new StaffUi(p.pages(), p.auth(), p.csrf(), p.i18n(), catalog);
    new StaffLoginPages(ui, staff).mount(router);
    new DashboardPages(ui, dashboards, waitingRooms).mount(router);
    new SessionPages(ui).mount(router);
    new WindowPages(ui).mount(router);
    new CenterImportPages(ui, centerImport,
      Path.of(p.config().dataDir(), "uploads").toString()).mount(router);
    new CenterPages(ui).mount(router);
    new StaffAccountPages(ui, staff).mount(router);
    new AuditPages(ui, audit).mount(router);
  }
}
