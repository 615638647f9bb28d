package org.ncrebm.app;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.ncrebm.admin.AuditRepository;
import org.ncrebm.admin.StaffRepository;
import org.ncrebm.admin.StaffService;
import org.ncrebm.catalog.CatalogRepository;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.catalog.CenterImport;
import org.ncrebm.notify.DevOutbox;
import org.ncrebm.notify.NotificationRepository;
import org.ncrebm.notify.Notifier;
import org.ncrebm.passport.AccountRepository;
import org.ncrebm.passport.PassportService;
import org.ncrebm.passport.VerificationCodes;
import org.ncrebm.payment.gateway.GatewayKeys;
import org.ncrebm.payment.gateway.Gateways;
import org.ncrebm.payment.sim.Simulator;
import org.ncrebm.platform.AppConfig;
import org.ncrebm.platform.BoundedWorker;
import org.ncrebm.platform.Invalidations;
import org.ncrebm.platform.Metrics;
import org.ncrebm.platform.Platform;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.Readiness;
import org.ncrebm.platform.RedisScripts;
import org.ncrebm.platform.Secrets;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.LoginGuard;
import org.ncrebm.platform.auth.PasswordHasher;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.platform.auth.SignInLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Templates;
import org.ncrebm.seats.SeatRepair;

import java.time.Clock;

/**
 * The composition root's object graph: every context's service built once, in dependency order, from the running
 * configuration and the clients {@link MainVerticle} opened. Boot's order and the clients' lifecycle stay there.
 */
final class ServiceGraph {
  /** What boot opened before any service exists (closed again by {@link MainVerticle#stop()}). */
  record Clients(Vertx vertx, Pool pool, Redis redis, RedisScripts scripts, Invalidations invalidations,
                 BoundedWorker worker, Readiness readiness, Metrics metrics) {
  }

  /** The services the HTTP verticles mount, and the seat repair only the jobs run. */
  record Built(Services services, SeatRepair seatRepair) {
  }

  private final ServiceConfig settings;
  private final AppConfig config;
  private final Clock clock;
  private final Vertx vertx;
  private final Pool pool;
  private final Redis redis;
  private final RedisScripts scripts;
  private final Invalidations invalidations;
  private final BoundedWorker worker;
  private final Readiness readiness;
  private final Metrics metrics;
  private final I18n i18n;
  private final Templates templates;
  private final GatewayKeys payKeys;
  private final int listenPort;
  private final String publicUrl;

  private ServiceGraph(ServiceConfig settings, Clock clock, Clients clients, I18n i18n, Templates templates,
                       GatewayKeys payKeys, int listenPort, String publicUrl) {
    this.settings = settings;
    this.config = settings.platform();
    this.clock = clock;
    this.vertx = clients.vertx();
    this.pool = clients.pool();
    this.redis = clients.redis();
    this.scripts = clients.scripts();
    this.invalidations = clients.invalidations();
    this.worker = clients.worker();
    this.readiness = clients.readiness();
    this.metrics = clients.metrics();
    this.i18n = i18n;
    this.templates = templates;
    this.payKeys = payKeys;
    this.listenPort = listenPort;
    this.publicUrl = publicUrl;
  }

  /** {@code listenPort} is already resolved (never 0): the gateways reach the simulator on it. */
  static Built build(ServiceConfig settings, Clock clock, Clients clients, I18n i18n, Templates templates,
                     GatewayKeys payKeys, int listenPort, String publicUrl) {
    return new ServiceGraph(settings, clock, clients, i18n, templates, payKeys, listenPort, publicUrl).build();
  }

  private Built build() {
    Csrf csrf = new Csrf(config.cookieSecure());
    SessionStore sessions = new SessionStore(redis, scripts, clock, config.sessionIdle(), config.sessionAbsolute())
      .cacheWith(invalidations, config.sessionCache());
    Authenticator auth = new Authenticator(vertx, config.jwtSecret(), sessions, clock, config.cookieSecure(), csrf);
    PasswordHasher hasher = new PasswordHasher(worker);
    RateLimiter limiter = new RateLimiter(scripts, clock);
    Pages pages = new Pages(templates, csrf, i18n, config.profile().simulators());
    Platform platform = new Platform(vertx, config, clock, pool, redis, scripts, worker, i18n,
      templates, csrf, pages, sessions, auth, hasher, limiter, readiness, metrics);

    Notifier notifier = new Notifier(vertx, pool, new NotificationRepository(pool));
    SignInLimits limits = config.limits();
    LoginGuard candidateGuard = new LoginGuard(scripts, clock, "candidate", limits.loginFailuresBeforeLock(),
      limits.lockDuration());
    PassportService passport = new PassportService(pool, new AccountRepository(pool),
      new VerificationCodes(redis, scripts, clock, config.codeSecret()), hasher, sessions, candidateGuard, limiter,
      notifier, i18n, limits);
    String smsKey = settings.sms().configured() ? settings.sms().gatewayKey() : Secrets.random(24);
    CatalogRepository catalogRepository = new CatalogRepository(pool);
    CatalogService catalog = new CatalogService(pool, catalogRepository, clock);
    LoginGuard staffGuard = new LoginGuard(scripts, clock, "staff", limits.staffFailuresBeforeLock(),
      limits.staffLockDuration());
    StaffService staff = new StaffService(pool, new StaffRepository(pool), catalog, hasher, sessions, staffGuard, limiter,
      limits.loginPerIpHour());
    var registrationRepository = new org.ncrebm.registration.RegistrationRepository();
    var seatRepository = new org.ncrebm.seats.SeatRepository();
    var deadlines = new org.ncrebm.registration.HoldDeadlines(settings.registration());
    var registrations = new org.ncrebm.registration.RegistrationService(pool, registrationRepository, seatRepository,
      catalog, new org.ncrebm.registration.IdVault(config.idKey(), config.idDigestKey()), worker, deadlines, clock,
      settings.registration().agreementVersion());
    var review = new org.ncrebm.review.ReviewService(pool, registrationRepository, catalog, deadlines, notifier,
      i18n, clock);
    var holdExpiry = new org.ncrebm.seats.HoldExpiry(pool, seatRepository, clock);
    // The seat gate: Redis in front of Postgres for the spike; expiries give their seats back to it too.
    var gate = new org.ncrebm.seats.SeatGate(redis, scripts, pool, new org.ncrebm.seats.Breaker(), clock);
    registrations.front().useGate(gate, new org.ncrebm.registration.RegistrationHeaders(redis, pool), limiter);
    holdExpiry.onExpired(e -> gate.release(e.registrationId(), e.examSessionId(), e.centerId(), e.released()));
    // Waiting lists (feature S6): a seat given back while someone waits is offered to them first.
    var waitlistOffers = new org.ncrebm.registration.WaitlistOffers(pool, notifier, i18n, clock,
      settings.registration().waitlistOffer()).useGate(gate);
    var waitingLists = new org.ncrebm.registration.WaitingLists(pool, registrations, registrationRepository,
      seatRepository, catalog, deadlines, clock, waitlistOffers).useGate(gate);
    var seatRepair = new org.ncrebm.seats.SeatRepair(pool, gate, clock);
    holdExpiry.onExpired(expired -> metrics.seatReleased(expired.released().size()));
    registrations.front().observeSeats(metrics::seatHeld, metrics::seatReleased);
    registrations.front().observeSeatBatches(metrics::seatWriteBatch);
    metrics.gauge("ncre.seats.write.waiting", "Subject choices waiting for their center's seat transaction",
      registrations.front()::seatWritesWaiting);
    var queue = WaitingRooms.wire(pool, redis, scripts, config, limiter, clock, metrics, registrations);
    String self = "http://" + (config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost()) + ":" + listenPort;
    Gateways gateways = Gateways.create(vertx, settings.payment(), payKeys, self, clock);
    Services services = new Services(platform, notifier, new DevOutbox(redis), smsKey, passport, catalog,
      new CenterImport(pool, catalogRepository, i18n, worker), staff, new AuditRepository(pool),
      new org.ncrebm.admin.DashboardRepository(pool), registrations, review, holdExpiry,
      gateways, simulator(payKeys),
      org.ncrebm.payment.Payments.create(pool, gateways, registrationRepository, registrations, seatRepository, catalog,
        notifier, i18n, limiter, clock, publicUrl),
      org.ncrebm.ticket.Tickets.service(vertx, pool, worker, settings.ticket(), catalog, registrations, clock), queue,
      waitingLists, waitlistOffers,
      new org.ncrebm.exports.ExportService(pool, catalog, registrations.vault(), worker, i18n));
    services.payments().service().observeCallbacks(metrics::callback);
    return new Built(services, seatRepair);
  }

  /** Dev and test only: the simulated gateways, their pages on the public URL. */
  private Simulator simulator(GatewayKeys keys) {
    return config.profile().simulators() ? new Simulator(vertx, pool, clock, keys, settings.payment(), publicUrl) : null;
  }
}
