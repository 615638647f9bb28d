package org.ncrebm.app;

import org.ncrebm.platform.SiteRoutes;
import org.ncrebm.platform.HealthRoutes;
import org.ncrebm.platform.Platform;
import org.ncrebm.platform.MetricsRoutes;
import org.ncrebm.platform.ApiDocsRoutes;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.ncrebm.admin.AuditRoutes;
import org.ncrebm.admin.StaffRoutes;
import org.ncrebm.admin.pages.BackOfficePages;
import org.ncrebm.catalog.CatalogRoutes;
import org.ncrebm.catalog.CatalogStaffRoutes;
import org.ncrebm.notify.DevRoutes;
import org.ncrebm.passport.PassportPages;
import org.ncrebm.passport.PassportRoutes;
import org.ncrebm.payment.sim.SimulatorRoutes;
import org.ncrebm.platform.web.FailureHandler;
import org.ncrebm.platform.web.RequestDeadlines;
import org.ncrebm.platform.web.RequestFront;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * One instance per event loop: the router (pages, JSON API, callbacks) in vertx-web's handler order: platform
 * handlers, security policy, then per route the body limit, authentication, input trust and the operation.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  /** No request runs longer (RequestDeadlines, up to its sweep's period more), so a stopping server never waits longer for one. */
  private static final long REQUEST_TIMEOUT_MS = 30_000;
  /** A whole province's registrations or a large center's photos to a slow office line. */
  private static final long EXPORT_TIMEOUT_MS = 15 * 60_000;
  private final Services services;
  private final int port;
  private HttpServer server;
  private Router router;
  private RequestDeadlines deadlines;

  public HttpVerticle(Services services, int port) {
    this.services = services;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Platform p = services.platform();
    ApiDocsRoutes apiDocs = new ApiDocsRoutes(p.worker());
    Router router = Router.router(vertx);
    this.router = router;
    String uploads = java.nio.file.Path.of(p.config().dataDir(), "uploads").toString();
    // Request id, access log, deadline, language, security headers and the query-string check, as one handler.
    // Streamed exports (a province's registrations, a center's photos) get a longer deadline than ordinary requests.
    deadlines = new RequestDeadlines(REQUEST_TIMEOUT_MS, EXPORT_TIMEOUT_MS);
    deadlines.start(vertx);
    router.route().handler(new RequestFront(deadlines, org.ncrebm.exports.ExportRoutes::streamed,
      p.config().cookieSecure()));
    // Failure handlers next: a failed request looks for its failure handler from the router's first route on, so
    // one mounted last had every route's path matched again (regexes for the parameterised ones) for each refused
    // request: 4 % of the CPU of the spike's sold-out answers (issue 15). The gateways' notify route keeps its own.
    FailureHandler failures = new FailureHandler(p.i18n(), p.pages());
    var paymentRoutes = new org.ncrebm.payment.PaymentRoutes(services.payments().service(), p.auth());
    paymentRoutes.mountFailureHandlers(router);
    router.route().failureHandler(failures);
    // The spike's routes first (their paths overlap no other route's): each request is matched against the routes
    // in order, and the hot hold would otherwise be tried against a hundred before its own.
    new org.ncrebm.registration.RegistrationRoutes(services.registrations(), services.catalog(), p.auth(), uploads)
      .withOrders(paymentRoutes::ordersJson).mount(router);

    new HealthRoutes(p).mount(router);
    new MetricsRoutes(p.metrics(), p.config().ops()).mount(router);
    new SiteRoutes(p).mount(router);
    new PassportRoutes(services.passport(), p.auth()).mount(router);
    new PassportPages(services.passport(), p.auth(), p.pages(), p.csrf()).mount(router);
    new CatalogRoutes(services.catalog()).mount(router);
    new org.ncrebm.registration.ProfileChoicesRoutes(p.i18n()).mount(router);
    new CatalogStaffRoutes(services.catalog(), services.centerImport(), p.auth()).mount(router);
    new StaffRoutes(services.staff(), p.auth()).mount(router);
    new AuditRoutes(services.audit(), p.auth()).mount(router);
    new org.ncrebm.admin.DashboardRoutes(services.dashboards(), services.catalog(), p.auth()).mount(router);
    paymentRoutes.mount(router);
    new org.ncrebm.payment.PaymentPages(services.payments().service(), paymentRoutes, p.auth(), p.pages(), p.csrf())
      .mount(router);
    new org.ncrebm.payment.ReconciliationRoutes(services.payments().reconciliation(), p.auth(), p.pages(), p.csrf())
      .mount(router);
    new org.ncrebm.registration.WaitlistRoutes(services.waitingLists(), services.catalog(), p.auth()).mount(router);
    new org.ncrebm.review.ReviewRoutes(services.review(), services.registrations(), services.catalog(), p.auth())
      .mount(router);
    new org.ncrebm.exports.ExportRoutes(services.exports(), p.auth()).mount(router);
    new org.ncrebm.exports.ExportPages(services.exports(), services.catalog(), p.auth(), p.pages()).mount(router);
    new org.ncrebm.review.ReviewPages(services.review(), services.registrations(), services.catalog(), p.auth(),
      p.pages(), p.csrf()).mount(router);
    // /bm/r/{id}/… first: /bm/{sid}/{province} would otherwise match a registration's path.
    new org.ncrebm.registration.RegistrationFormPages(services.registrations(), services.catalog(), p.auth(), p.pages(),
      p.csrf(), uploads).withOrders(paymentRoutes::ordersJson).withWaitingLists(services.waitingLists()).mount(router);
    new org.ncrebm.registration.RegistrationPages(services.registrations(), services.catalog(), p.auth(), p.pages(),
      p.csrf()).mount(router);
    new org.ncrebm.queue.QueueRoutes(services.queue(), p.auth()).mount(router);
    new org.ncrebm.queue.QueuePages(services.queue(), services.catalog(), p.auth(), p.pages(), p.csrf(),
      p.config().cookieSecure()).mount(router);
    new org.ncrebm.ticket.TicketRoutes(services.tickets(), p.auth()).mount(router);
    new org.ncrebm.ticket.TicketPages(services.tickets(), p.auth(), p.pages(), p.csrf()).mount(router);
    new org.ncrebm.ticket.TicketStaffPages(services.tickets(), services.catalog(), p.auth(), p.pages(), p.csrf())
      .mount(router);
    new BackOfficePages(services.platform(), services.catalog(), services.centerImport(), services.staff(),
      services.dashboards(), services.audit()).withWaitingRooms(services.queue()::dashboard).mount(router);
    if (p.config().profile().simulators()) {
      new DevRoutes(services.devOutbox(), p.pages(), services.smsSinkKey()).mount(router);
      // payment-gateway simulator (issue 7): both gateways' APIs, pay pages and controls under /sim/
      new SimulatorRoutes(services.simulator(), p.pages(), p.csrf()).mount(router);
      // load-test seeding (issue 9): only with loadtest.seed-token set; prod refuses that setting at boot
      if (!p.config().ops().seedToken().isEmpty()) {
        new org.ncrebm.admin.LoadTestSeedRoutes(p).mount(router);
      }
    }
    // The API's contract as OpenAPI, next to the API it describes, and its page.
    apiDocs.mount(router);
    router.route("/static/*").handler(StaticHandler.create("static").setCachingEnabled(true).setMaxAgeSeconds(3600)
      .setIncludeHidden(false).setDirectoryListing(false));

    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    router.errorHandler(500, failures);

    HttpServerOptions options = new HttpServerOptions()
      .setHost(p.config().httpHost())
      .setPort(port)
      .setCompressionSupported(true)
      // a sold-out answer is ~200 bytes: compressing it costs more CPU in the spike than it saves on the wire
      .setCompressionContentSizeThreshold(1024)
      .setMaxHeaderSize(16 * 1024)
      .setMaxFormAttributeSize(16 * 1024)
      .setIdleTimeout(120);
    return vertx.createHttpServer(options).requestHandler(router).invalidRequestHandler(failures::invalidRequest).listen().onSuccess(s -> server = s);
  }

  /**
   * Graceful stop, run for every instance when Vert.x closes (SIGTERM) and before {@link MainVerticle#stop()}:
   * readiness turns false at once so the readiness probe answers 503, requests are still served for
   * {@code http.drain-seconds} while load balancers notice, then the listener stops accepting connections and the
   * requests in flight get up to the request timeout to finish. Only then are the pools closed.
   */
  @Override
  public Future<?> stop() {
    Platform p = services.platform();
    long drainMs = p.config().ops().drain().toMillis();
    if (p.readiness().close()) {
      LOG.info("shutdown: readiness off, serving {} ms more before closing the listener", drainMs);
    }
    if (server == null) {
      return Future.succeededFuture();
    }
    Future<?> drained = drainMs > 0 ? vertx.timer(drainMs, TimeUnit.MILLISECONDS) : Future.succeededFuture();
    return drained.compose(v -> {
      LOG.info("shutdown: listener closed, finishing requests in flight");
      return server.shutdown(REQUEST_TIMEOUT_MS + RequestDeadlines.SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }).onComplete(ar -> {
      deadlines.stop(vertx);
      LOG.info("shutdown: HTTP server stopped");
    });
  }

  /** The mounted routes, for the test that holds the router and the OpenAPI document to each other. */
  public java.util.List<io.vertx.ext.web.Route> routes() {
    return router == null ? java.util.List.of() : router.getRoutes();
  }

  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
