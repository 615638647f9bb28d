package org.ncrebm.admin.pages;

import io.vertx.ext.web.Router;
import org.ncrebm.platform.Platform;
import org.ncrebm.platform.Services;

import java.nio.file.Path;

/**
 * The back office for people: staff login, dashboard, exam sessions and windows, test centers (with the CSV import),
 * staff accounts and the audit log. Pages call the same services and parsers as the staff API, and every route
 * checks role and scope through {@link org.ncrebm.admin.Access} on the server.
 */
public final class BackOfficePages {
  private final Services services;

  public BackOfficePages(Services services) {
    this.services = services;
  }

  public void mount(Router router) {
    Platform p = services.platform();
    StaffUi ui = new StaffUi(p.pages(), p.auth(), p.csrf(), p.i18n(), services.catalog());
    new StaffLoginPages(ui, services.staff()).mount(router);
    new DashboardPages(ui, services.dashboards()).mount(router);
    new SessionPages(ui).mount(router);
    new WindowPages(ui).mount(router);
    new CenterImportPages(ui, services.centerImport(),
      Path.of(p.config().dataDir(), "uploads").toString()).mount(router);
    new CenterPages(ui).mount(router);
    new StaffAccountPages(ui, services.staff()).mount(router);
    new AuditPages(ui, services.audit()).mount(router);
  }
}
