package org.ncrebm.app;

import org.ncrebm.platform.EmbeddedServers;
import org.ncrebm.platform.Metrics;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.BoundedWorker;
import org.ncrebm.platform.Secrets;
import org.ncrebm.platform.RedisClients;
import org.ncrebm.platform.RedisScripts;
import org.ncrebm.platform.Readiness;
import org.ncrebm.platform.BoundedRedis;
import org.ncrebm.platform.Database;
import org.ncrebm.platform.JobsVerticle;
import org.ncrebm.platform.AppConfig;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import org.ncrebm.admin.AdminBootstrap;
import org.ncrebm.admin.DemoData;
import org.ncrebm.catalog.CatalogRepository;
import org.ncrebm.notify.DevOutbox;
import org.ncrebm.notify.MailSender;
import org.ncrebm.notify.MailSettings;
import org.ncrebm.notify.SmtpSink;
import org.ncrebm.payment.gateway.GatewayKeys;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Boot as one chain: configuration, embedded servers when none are configured, migrations, clients, Lua scripts,
 * templates, seed data, then the HTTP verticle once per core and the jobs verticle. {@code stop()} closes what
 * {@code start()} opened.
 */
public final class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  private static final String[] SCRIPTS = {"session_touch", "session_revoke", "rate_limit", "login_guard", "code_check", "seat_hold",
    "seat_snapshot", "seat_release", "seat_load", "seat_waitlist", "queue_enter", "queue_peek", "queue_admit", "queue_load"};

  private final Clock clock;
  private ServiceConfig settings;
  /** The platform's part of {@link #settings}, which most of the wiring reads. */
  private AppConfig config;
  private EmbeddedServers embedded;
  private Pool pool;
  private Redis redis;
  private org.ncrebm.platform.Invalidations invalidations;
  private BoundedWorker worker;
  private SmtpSink smtpSink;
  private MailSender mail;
  private Readiness readiness;
  private volatile int httpPort = -1;
  private volatile List<HttpVerticle> instances = List.of();
  private DemoLogins demo;
  private int listenPort;
  private Services services;
  private org.ncrebm.seats.SeatRepair seatRepair;
  private Metrics metrics;

  public MainVerticle() {
    this(Clock.systemUTC());
  }

  /** Tests inject a clock they can move, so nothing waits for real time. */
  public MainVerticle(Clock clock) {
    this.clock = clock;
  }

  /** What boot prepared on a worker thread before any client exists. */
  private record Prepared(ServiceConfig config, I18n i18n, Templates templates, RedisScripts.Sources scripts,
                          DemoLogins demo, GatewayKeys payKeys) {
  }

  /** Dev profile: the demo staff passwords, kept in the data directory. */
  private record DemoLogins(String provincePassword, String centerPassword) {
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(this::prepare)
      .compose(this::connect)
      .compose(this::seed)
      .compose(this::deploy)
      .onSuccess(v -> banner())
      .onFailure(err -> LOG.error("ncre-bm failed to start: {}", err.getMessage()));
  }

  private Prepared prepare() throws Exception {
    ServiceConfig s = ServiceConfig.load(config(), System.getenv()).withGeneratedSecrets();
    AppConfig c = s.platform();
    GatewayKeys payKeys = GatewayKeys.prepare(s.payment(), c.profile(), c.dataDir());
    s = s.withPayment(payKeys.payment());
    if (c.embeddedPostgres() || c.embeddedRedis()) {
      embedded = EmbeddedServers.start(c);
      c = c.withServers(c.embeddedPostgres() ? embedded.pgUrl() : c.pgUrl(),
        c.embeddedRedis() ? embedded.redisUrl() : c.redisUrl());
      s = s.withPlatform(c);
    }
    LOG.info("starting with {}", s);
    java.nio.file.Files.createDirectories(java.nio.file.Path.of(c.dataDir(), "uploads"));
    int applied = Database.migrate(c.pgUrl());
    LOG.info("database schema up to date ({} migrations applied now)", applied);
    I18n i18n = I18n.load();
    Templates templates = Templates.load(vertx, i18n);
    DemoLogins demo = c.profile() == Profile.DEV
      ? new DemoLogins(Secrets.devValue(c.dataDir(), "demoProvincePassword", 9),
        Secrets.devValue(c.dataDir(), "demoCenterPassword", 9))
      : null;
    return new Prepared(s, i18n, templates, RedisScripts.Sources.read(SCRIPTS), demo, payKeys);
  }

  private Future<Services> connect(Prepared prepared) {
    settings = prepared.config();
    config = settings.platform();
    // Port 0 (tests) is resolved before the services exist: the gateways reach the simulator on it.
    listenPort = config.httpPort() == 0 ? EmbeddedServers.freePort() : config.httpPort();
    pool = Database.pool(vertx, config);
    redis = new BoundedRedis(RedisClients.client(vertx, config), RedisClients.ANSWER_TIMEOUT_MILLIS);
    worker = new BoundedWorker(vertx, "ncre-worker", config.workerPoolSize(), config.workerQueue());
    readiness = new Readiness();
    metrics = operationsMetrics();
    RedisScripts scripts = new RedisScripts(redis, prepared.scripts());
    invalidations = new org.ncrebm.platform.Invalidations(vertx,
      Redis.createClient(vertx, RedisClients.subscriberOptions(config)));
    return pool.query("select 1").execute()
      .compose(v -> invalidations.start())
      .compose(v -> redis.send(Request.cmd(Command.PING)))
      .compose(v -> scripts.loadAll())
      .compose(v -> startMailSink())
      .map(v -> {
        demo = prepared.demo();
        var built = ServiceGraph.build(settings, clock,
          new ServiceGraph.Clients(vertx, pool, redis, scripts, invalidations, worker, readiness, metrics),
          prepared.i18n(), prepared.templates(), prepared.payKeys(), listenPort, publicUrl());
        seatRepair = built.seatRepair();
        services = built.services();
        return services;
      });
  }

  private Future<Void> startMailSink() {
    if (settings.mail().configured()) {
      MailSettings m = settings.mail();
      mail = new MailSender(vertx, m.smtpHost(), m.smtpPort(), m.username(), m.password(), m.startTls(), m.from());
      return Future.succeededFuture();
    }
    if (!config.profile().simulators()) {
      return Future.failedFuture("no SMTP relay configured");
    }
    smtpSink = new SmtpSink(vertx, new DevOutbox(redis));
    return smtpSink.start().map(port -> {
      mail = new MailSender(vertx, "127.0.0.1", port, "", "", "DISABLED", settings.mail().from());
      return null;
    });
  }

  // ---- operations (issue 10): metrics beside Vert.x's own ----

  /** The Prometheus registry Vert.x reports into, plus gauges for the worker backlog and readiness. */
  private Metrics operationsMetrics() {
    Metrics m = Metrics.forVertx();
    m.gauge("ncre.worker.backlog", "CPU worker tasks running or queued", worker::backlog);
    m.gauge("ncre.worker.capacity", "CPU worker tasks accepted before 503", worker::capacity);
    m.gauge("ncre.ready", "1 while this instance accepts traffic", () -> readiness.accepting() ? 1 : 0);
    var pipelined = RedisClients.pipelinedBeyondPool(redis, 0);
    m.gauge("ncre.redis.pipelined", "Redis commands in flight on the event loops' own connections",
      pipelined::getAsInt);
    return m;
  }

  // ---- end of operations wiring ----

  private Future<Services> seed(Services services) {
    return AdminBootstrap.ensureNationalAdmin(pool, services.platform().hasher(), config.adminPassword())
      .map(created -> {
        if (created && config.profile() != Profile.DEV) {
          // Shown once, at creation; the dev profile shows it at every start from the data directory instead.
          LOG.warn("national admin 'admin' created with password {}", config.adminPassword());
        }
        return services;
      })
      .compose(s -> demo == null ? Future.succeededFuture(s)
        : DemoData.loadOnce(pool, new CatalogRepository(pool), s.platform().hasher(), clock.instant(),
            demo.provincePassword(), demo.centerPassword())
          .onSuccess(loaded -> {
            if (loaded) LOG.info("demo data loaded: exam session {}", DemoData.SESSION_NAME);
          })
          .map(s));
  }

  /**
   * One HTTP verticle per event loop, sharing one port. Vert.x gives each port-0 listener its own ephemeral port, so
   * port 0 (tests) is first resolved to a free port that all instances then share.
   */
  private Future<Void> deploy(Services services) {
    this.services = services;
    instances = new java.util.concurrent.CopyOnWriteArrayList<>();
    int port = listenPort;
    return vertx.deployVerticle(() -> {
        HttpVerticle v = new HttpVerticle(services, port);
        instances.add(v);
        return v;
      }, new DeploymentOptions().setInstances(config.httpInstances()))
      .compose(id -> {
        httpPort = instances.get(0).actualPort();
        boolean shared = instances.stream().allMatch(v -> v.actualPort() == httpPort);
        return shared ? Future.succeededFuture()
          : Future.failedFuture("HTTP instances listen on different ports: "
            + instances.stream().map(v -> Integer.toString(v.actualPort())).toList());
      })
      .compose(v -> vertx.deployVerticle(new JobsVerticle(
        ServiceJobs.of(vertx, settings, pool, mail, httpPort, services, seatRepair), metrics)))
      .onSuccess(id -> readiness.open())
      .mapEmpty();
  }

  private void banner() {
    String base = publicUrl();
    StringBuilder b = new StringBuilder("\n\n  ncre-bm is ready (").append(config.profile().label()).append(" profile)\n")
      .append("    candidates  ").append(base).append("/\n")
      .append("    health      ").append(base).append("/health/ready\n");
    if (config.profile() == Profile.DEV) {
      b.append("    staff       ").append(base).append("/staff/login   user admin   password ")
        .append(config.adminPassword()).append('\n')
        .append("    province    user ").append(DemoData.PROVINCE_ADMIN).append("   password ")
        .append(demo.provincePassword()).append("   (Beijing exam office)\n")
        .append("    center      user ").append(DemoData.CENTER_STAFF).append("   password ")
        .append(demo.centerPassword()).append("   (a reviewing test center in Beijing)\n")
        .append("    dev mail    ").append(base).append("/dev/mail  (e-mail and SMS codes land here)\n");
    }
    LOG.info(b.toString());
  }

  private String publicUrl() {
    if (!config.publicUrl().isBlank()) return config.publicUrl();
    String host = config.httpHost().equals("0.0.0.0") ? "localhost" : config.httpHost();
    return "http://" + host + ":" + listenPort;
  }

  /** The routes every HTTP verticle mounts (all instances mount the same). */
  public List<io.vertx.ext.web.Route> httpRoutes() {
    return instances.isEmpty() ? List.of() : instances.get(0).routes();
  }

  /** The port the HTTP verticles listen on (useful when configured as 0). */
  public int httpPort() {
    return httpPort;
  }

  /** The platform's configuration as running (embedded servers and generated secrets filled in). */
  public AppConfig appConfig() {
    return config;
  }

  /** The whole configuration as running, the contexts' settings included (payment keys completed). */
  public ServiceConfig serviceConfig() {
    return settings;
  }

  /** The running services (tests drive jobs through them instead of waiting for their timers). */
  public Services services() {
    return services;
  }

  /**
   * Runs after Vert.x has undeployed the HTTP verticles (they drain first, see {@link HttpVerticle#stop()}) and the
   * jobs: closes clients and pools, then the embedded servers.
   */
  @Override
  public Future<?> stop() {
    if (readiness != null) readiness.close();
    LOG.info("shutdown: closing pools and clients");
    List<Future<?>> closing = new ArrayList<>();
    if (smtpSink != null) closing.add(smtpSink.stop());
    if (mail != null) closing.add(mail.close());
    if (pool != null) closing.add(pool.close());
    if (invalidations != null) closing.add(invalidations.close());
    if (redis != null) redis.close();
    if (worker != null) closing.add(worker.close());
    return Future.join(closing)
      .transform(ar -> embedded == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          embedded.close();
          LOG.info("shutdown: embedded servers stopped");
          return null;
        }))
      .onComplete(ar -> LOG.info("shutdown: complete"));
  }
}
