package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.auth.SignInLimits;

import java.time.Duration;
import java.util.ArrayList;

/**
 * The platform's own configuration, parsed once at boot from flat dotted keys ({@code conf/config.json}, overridden by
 * {@code NCRE_*} environment variables, see {@link ConfigLoader}) and validated: servers, pools, HTTP, profile, the
 * platform's secrets, sessions, sign-in limits, ID-number keys and operations. Each bounded context reads its own
 * settings next to the code that uses them, and the composition root puts all of them together, so this record names
 * no context. Immutable; {@link #toString()} never prints a secret.
 */
public record AppConfig(
  Profile profile,
  String httpHost,
  int httpPort,
  int httpInstances,
  String publicUrl,
  String dataDir,
  String pgUrl,
  int pgPoolSize,
  int pgMaxWaitQueue,
  int pgEmbeddedPort,
  String redisUrl,
  int redisPoolSize,
  int redisMaxWaiting,
  int redisEmbeddedPort,
  int workerPoolSize,
  int workerQueue,
  String jwtSecret,
  String codeSecret,
  boolean cookieSecure,
  String adminPassword,
  Duration sessionIdle,
  Duration sessionAbsolute,
  Duration sessionCache,
  SignInLimits limits,
  String idKey,
  String idDigestKey,
  OpsConfig ops) {

  /** Parses and validates the platform's keys alone; every problem is reported at once. */
  public static AppConfig from(JsonObject c) {
    ConfigReader r = new ConfigReader(c, new ArrayList<>());
    AppConfig config = read(r);
    r.failOnProblems();
    return config;
  }

  /**
   * Reads the platform's keys and checks them, adding what is wrong to the reader's problems instead of throwing, so
   * that the composition root reports them together with the contexts' own.
   */
  public static AppConfig read(ConfigReader r) {
    Profile profile;
    try {
      profile = Profile.parse(r.str("profile"));
    } catch (IllegalArgumentException e) {
      r.problem(e.getMessage());
      profile = Profile.DEV;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int instances = r.integer("http.instances", 0, 256);
    int workers = r.integer("worker.pool-size", 0, 256);
    AppConfig config = new AppConfig(
      profile,
      r.str("http.host"),
      r.integer("http.port", 0, 65535),
      instances == 0 ? cores : instances,
      r.url("http.public-url"),
      r.str("data.dir"),
      r.str("pg.url"),
      r.integer("pg.pool-size", 1, 1000),
      r.integer("pg.max-wait-queue", 1, 1_000_000),
      r.integer("pg.embedded-port", 0, 65535),
      r.str("redis.url"),
      r.integer("redis.pool-size", 1, 1000),
      r.integer("redis.max-waiting", 1, 1_000_000),
      r.integer("redis.embedded-port", 0, 65535),
      workers == 0 ? cores : workers,
      r.integer("worker.queue", 1, 100_000),
      r.str("security.jwt-secret"),
      r.str("security.code-secret"),
      r.bool("security.cookie-secure") || profile == Profile.PROD,
      r.str("admin.password"),
      Duration.ofMinutes(r.integer("session.idle-minutes", 1, 24 * 60)),
      Duration.ofHours(r.integer("session.absolute-hours", 1, 24 * 7)),
      Duration.ofSeconds(r.integer("session.cache-seconds", 0, 300)),
      SignInLimits.read(r),
      r.str("security.id-key"),
      r.str("security.id-digest-key"),
      new OpsConfig(Duration.ofSeconds(r.integer("http.drain-seconds", 0, 600)),
        r.str("metrics.token"), r.str("log.format").toLowerCase(),
        r.str("redis.type").toLowerCase(), r.str("redis.master-name"), r.str("loadtest.seed-token")));
    config.ops().check(profile, r.problems());
    config.checkProd(r);
    return config;
  }

  private void checkProd(ConfigReader r) {
    if (profile != Profile.PROD) {
      return;
    }
    // Production never runs on the embedded servers or generated/default secrets.
    if (embeddedPostgres()) r.problem("prod needs pg.url (NCRE_PG_URL): embedded PostgreSQL is for dev only");
    if (embeddedRedis()) r.problem("prod needs redis.url (NCRE_REDIS_URL): embedded Redis is for dev only");
    if (!Secrets.strong(jwtSecret)) r.problem("prod needs security.jwt-secret (NCRE_SECURITY_JWT_SECRET), 32+ random chars");
    if (!Secrets.strong(codeSecret)) r.problem("prod needs security.code-secret (NCRE_SECURITY_CODE_SECRET), 32+ random chars");
    if (!Secrets.strongPassword(adminPassword)) r.problem("prod needs admin.password (NCRE_ADMIN_PASSWORD), 12+ chars");
    if (publicUrl.isBlank() || !publicUrl.startsWith("https://")) r.problem("prod needs http.public-url starting with https://");
    if (!Secrets.aesKey(idKey)) r.problem("prod needs security.id-key (NCRE_SECURITY_ID_KEY): 32 random bytes, base64");
    if (!Secrets.strong(idDigestKey)) r.problem("prod needs security.id-digest-key (NCRE_SECURITY_ID_DIGEST_KEY), 32+ random chars");
  }

  public boolean embeddedPostgres() {
    return pgUrl.isBlank();
  }

  public boolean embeddedRedis() {
    return redisUrl.isBlank();
  }

  public AppConfig withServers(String pg, String redis) {
    Copy c = new Copy(this);
    c.pgUrl = pg;
    c.redisUrl = redis;
    return c.build();
  }

  public AppConfig withIdKeys(String key, String digestKey) {
    Copy c = new Copy(this);
    c.idKey = key;
    c.idDigestKey = digestKey;
    return c.build();
  }

  public AppConfig withSecrets(String jwt, String code, String admin) {
    Copy c = new Copy(this);
    c.jwtSecret = jwt;
    c.codeSecret = code;
    c.adminPassword = admin;
    return c.build();
  }

  public AppConfig withPublicUrl(String url) {
    Copy c = new Copy(this);
    c.publicUrl = ConfigReader.stripSlash(url);
    return c.build();
  }

  /** The values filled in at boot (servers, generated secrets) are set on a copy; everything else is carried over. */
  private static final class Copy {
    private final AppConfig o;
    private String publicUrl;
    private String pgUrl;
    private String redisUrl;
    private String jwtSecret;
    private String codeSecret;
    private String adminPassword;
    private String idKey;
    private String idDigestKey;

    Copy(AppConfig o) {
      this.o = o;
      publicUrl = o.publicUrl;
      pgUrl = o.pgUrl;
      redisUrl = o.redisUrl;
      jwtSecret = o.jwtSecret;
      codeSecret = o.codeSecret;
      adminPassword = o.adminPassword;
      idKey = o.idKey;
      idDigestKey = o.idDigestKey;
    }

    AppConfig build() {
      return new AppConfig(o.profile, o.httpHost, o.httpPort, o.httpInstances, publicUrl, o.dataDir, pgUrl, o.pgPoolSize,
        o.pgMaxWaitQueue, o.pgEmbeddedPort, redisUrl, o.redisPoolSize, o.redisMaxWaiting, o.redisEmbeddedPort,
        o.workerPoolSize, o.workerQueue, jwtSecret, codeSecret, o.cookieSecure, adminPassword, o.sessionIdle,
        o.sessionAbsolute, o.sessionCache, o.limits, idKey, idDigestKey, o.ops);
    }
  }

  @Override
  public String toString() {
    return "AppConfig[profile=" + profile.label() + ", http=" + httpHost + ":" + httpPort + " x" + httpInstances
      + ", publicUrl=" + publicUrl + ", dataDir=" + dataDir
      + ", pg=" + (embeddedPostgres() ? "embedded" : Secrets.maskUrl(pgUrl)) + " pool=" + pgPoolSize + "/" + pgMaxWaitQueue
      + ", redis=" + (embeddedRedis() ? "embedded" : Secrets.maskUrl(redisUrl)) + " pool=" + redisPoolSize + "/" + redisMaxWaiting
      + ", worker=" + workerPoolSize + "/" + workerQueue
      + ", jwtSecret=" + Secrets.mask(jwtSecret) + ", codeSecret=" + Secrets.mask(codeSecret)
      + ", adminPassword=" + Secrets.mask(adminPassword) + ", cookieSecure=" + cookieSecure
      + ", idKey=" + Secrets.mask(idKey) + ", idDigestKey=" + Secrets.mask(idDigestKey)
      + ", session=" + sessionIdle + "/" + sessionAbsolute + " cache " + sessionCache + ", " + limits + ", " + ops + "]";
  }
}
