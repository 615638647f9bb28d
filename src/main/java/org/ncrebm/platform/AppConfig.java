package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole configuration, parsed once at boot from flat dotted keys ({@code conf/config.json}, overridden by
 * {@code NCRE_*} environment variables) and validated. Immutable; {@link #toString()} never prints a secret.
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
  Limits limits,
  Mail mail,
  Sms sms,
  long outboxPollMs,
  String idKey,
  String idDigestKey,
  RegistrationPolicy registration,
  Ticket ticket,
  Payment payment,
  Jobs jobs,
  OpsConfig ops) {

  /** Periods of the background jobs in milliseconds; 0 turns a job off (tests drive jobs themselves). */
  public record Jobs(long holdExpiryMs, long ordersMs, long seatRepairMs, long reconciliationMs, long ticketPdfMs,
                     long queueAdmitMs) {
  }

  /**
   * How long seats are held: while a draft is being filled, after becoming payable, after a center approved (the
   * candidate may be offline), the grace to correct and resubmit after a rejection, and how long a seat offered
   * from a waiting list waits for its candidate. Never past the province's payment deadline.
   */
  public record RegistrationPolicy(String agreementVersion, Duration draftHold, Duration paymentWindow,
                                   Duration payAfterApproval, Duration resubmitGrace, Duration waitlistOffer) {
  }

  /** Rate limits and lockout; per-IP limits are generous because a campus registers from behind one address. */
  public record Limits(int codePerTargetMinute, int codePerTargetHour, int codePerIpHour, int loginPerIpHour,
                       int loginFailuresBeforeLock, Duration lockDuration, int staffFailuresBeforeLock,
                       Duration staffLockDuration) {
  }

  /** SMTP relay; an empty host means the built-in dev mail sink (dev and test profiles only). */
  public record Mail(String smtpHost, int smtpPort, String username, String password, String startTls, String from) {
    public boolean configured() {
      return !smtpHost.isBlank();
    }

    @Override
    public String toString() {
      return "Mail[smtp=" + smtpHost + ":" + smtpPort + ", user=" + username + ", password=" + Secrets.mask(password)
        + ", startTls=" + startTls + ", from=" + from + "]";
    }
  }

  /** SMS gateway; an empty URL means the built-in dev SMS sink (dev and test profiles only). */
  public record Sms(String gatewayUrl, String gatewayKey) {
    public boolean configured() {
      return !gatewayUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Sms[url=" + gatewayUrl + ", key=" + Secrets.mask(gatewayKey) + "]";
    }
  }

  /**
   * Admission tickets: the EC P-256 pair (PEM) that signs the QR token, whose public half door scanners are given, and
   * the secret that keys the digest of the ID number inside the token. Generated in dev and test, required in prod.
   */
  public record Ticket(String signingPrivateKey, String signingPublicKey, String idDigestSecret) {
    public Ticket {
      signingPrivateKey = PemKeys.normalize(signingPrivateKey);
      signingPublicKey = PemKeys.normalize(signingPublicKey);
    }

    public boolean keysConfigured() {
      return !signingPrivateKey.isBlank() && !signingPublicKey.isBlank();
    }

    @Override
    public String toString() {
      return "Ticket[privateKey=" + Secrets.mask(signingPrivateKey) + ", publicKey=" + PemKeys.fingerprint(signingPublicKey)
        + ", idDigestSecret=" + Secrets.mask(idDigestSecret) + "]";
    }
  }

  /**
   * Payment gateways, merchant side, with keys as PEM (PKCS#8 private, X.509 public). An empty gateway URL means the
   * built-in simulator (dev and test only), and there keys left empty are generated at boot. {@code simTimeFactor}
   * compresses the simulator's notify retry schedule (1.0 = real time); {@code simPollMs} is its retry job's period.
   */
  public record Payment(Alipay alipay, Wechat wechat, double simTimeFactor, long simPollMs) {
    void check(Profile profile, List<String> problems) {
      if (!wechat.apiV3Key.isEmpty() && wechat.apiV3Key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length != 32) {
        problems.add("pay.wechat.api-v3-key must be exactly 32 bytes");
      }
      if (profile != Profile.PROD) return;
      // Production talks to real gateways only, with every key given: nothing is generated there.
      String[][] required = {
        {"pay.alipay.app-id", alipay.appId}, {"pay.alipay.merchant-private-key", alipay.merchantPrivateKey},
        {"pay.alipay.gateway-public-key", alipay.gatewayPublicKey}, {"pay.alipay.gateway-url", alipay.gatewayUrl},
        {"pay.wechat.mch-id", wechat.mchId}, {"pay.wechat.app-id", wechat.appId},
        {"pay.wechat.api-v3-key", wechat.apiV3Key}, {"pay.wechat.merchant-private-key", wechat.merchantPrivateKey},
        {"pay.wechat.merchant-serial", wechat.merchantSerial}, {"pay.wechat.platform-public-key", wechat.platformPublicKey},
        {"pay.wechat.platform-serial", wechat.platformSerial}, {"pay.wechat.gateway-url", wechat.gatewayUrl}};
      for (String[] r : required) {
        if (r[1].isBlank()) problems.add("prod needs " + r[0] + " (" + ConfigLoader.envName(r[0]) + ")");
      }
      for (String url : new String[]{alipay.gatewayUrl, wechat.gatewayUrl}) {
        if (!url.isBlank() && !url.startsWith("https://")) problems.add("prod needs https gateway URLs, not " + url);
      }
    }
  }

  /** Alipay-style gateway: our app id and private key, the gateway's public key and OpenAPI URL. */
  public record Alipay(String appId, String merchantPrivateKey, String gatewayPublicKey, String gatewayUrl) {
    public boolean simulated() {
      return gatewayUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Alipay[appId=" + appId + ", merchantPrivateKey=" + Secrets.mask(merchantPrivateKey) + ", gatewayPublicKey="
        + (gatewayPublicKey.isBlank() ? "(unset)" : "set") + ", url=" + (simulated() ? "simulator" : gatewayUrl) + "]";
    }
  }

  /** WeChat-Pay-v3-style gateway: merchant and app ids, API v3 key, our key and serial, the platform's, the base URL. */
  public record Wechat(String mchId, String appId, String apiV3Key, String merchantPrivateKey, String merchantSerial,
                       String platformPublicKey, String platformSerial, String gatewayUrl) {
    public boolean simulated() {
      return gatewayUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Wechat[mchId=" + mchId + ", appId=" + appId + ", apiV3Key=" + Secrets.mask(apiV3Key)
        + ", merchantPrivateKey=" + Secrets.mask(merchantPrivateKey) + ", merchantSerial=" + merchantSerial
        + ", platformPublicKey=" + (platformPublicKey.isBlank() ? "(unset)" : "set") + ", platformSerial="
        + platformSerial + ", url=" + (simulated() ? "simulator" : gatewayUrl) + "]";
    }
  }

  /** Parses and validates the merged flat configuration; every problem is reported at once. */
  public static AppConfig from(JsonObject c) {
    List<String> problems = new ArrayList<>();
    ConfigReader r = new ConfigReader(c, problems);
    Profile profile;
    try {
      profile = Profile.parse(r.str("profile"));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
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
      stripSlash(r.str("http.public-url")),
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
      new Limits(
        r.integer("limits.code-per-target-minute", 1, 1000),
        r.integer("limits.code-per-target-hour", 1, 10_000),
        r.integer("limits.code-per-ip-hour", 1, 10_000_000),
        r.integer("limits.login-per-ip-hour", 1, 10_000_000),
        r.integer("limits.login-failures-before-lock", 1, 100),
        Duration.ofMinutes(r.integer("limits.lock-minutes", 1, 24 * 60)),
        r.integer("limits.staff-failures-before-lock", 1, 100),
        Duration.ofMinutes(r.integer("limits.staff-lock-minutes", 1, 24 * 60))),
      new Mail(r.str("mail.smtp-host"), r.integer("mail.smtp-port", 1, 65535), r.str("mail.smtp-username"),
        r.str("mail.smtp-password"), r.str("mail.smtp-starttls"), r.str("mail.from")),
      new Sms(r.str("sms.gateway-url"), r.str("sms.gateway-key")),
      r.integer("outbox.poll-ms", 50, 600_000),
      r.str("security.id-key"),
      r.str("security.id-digest-key"),
      new RegistrationPolicy(r.str("registration.agreement-version"),
        Duration.ofMinutes(r.integer("seats.draft-hold-minutes", 1, 24 * 60)),
        Duration.ofMinutes(r.integer("seats.payment-minutes", 1, 7 * 24 * 60)),
        Duration.ofHours(r.integer("seats.pay-after-approval-hours", 1, 30 * 24)),
        Duration.ofHours(r.integer("review.resubmit-grace-hours", 1, 30 * 24)),
        Duration.ofHours(r.integer("waitlist.offer-hours", 1, 7 * 24))),
      new Ticket(r.str("ticket.signing-private-key"), r.str("ticket.signing-public-key"), r.str("ticket.id-digest-secret")),
      new Payment(
        new Alipay(r.str("pay.alipay.app-id"), r.str("pay.alipay.merchant-private-key"),
          r.str("pay.alipay.gateway-public-key"), stripSlash(r.str("pay.alipay.gateway-url"))),
        new Wechat(r.str("pay.wechat.mch-id"), r.str("pay.wechat.app-id"), r.str("pay.wechat.api-v3-key"),
          r.str("pay.wechat.merchant-private-key"), r.str("pay.wechat.merchant-serial"),
          r.str("pay.wechat.platform-public-key"), r.str("pay.wechat.platform-serial"),
          stripSlash(r.str("pay.wechat.gateway-url"))),
        r.decimal("sim.time-factor", 0.00001, 1000),
        r.integer("sim.poll-ms", 10, 600_000)),
      new Jobs(r.integer("jobs.hold-expiry-ms", 0, 3_600_000), r.integer("jobs.orders-ms", 0, 3_600_000),
        r.integer("jobs.seat-repair-ms", 0, 3_600_000), r.integer("jobs.reconciliation-ms", 0, 86_400_000),
        r.integer("jobs.ticket-pdf-ms", 0, 3_600_000), r.integer("jobs.queue-admit-ms", 0, 60_000)),
      new OpsConfig(Duration.ofSeconds(r.integer("http.drain-seconds", 0, 600)),
        r.str("metrics.token"), r.str("log.format").toLowerCase(),
        r.str("redis.type").toLowerCase(), r.str("redis.master-name"), r.str("loadtest.seed-token")));
    config.checkTicketKeys(problems);
    config.ops().check(profile, problems);
    config.payment().check(profile, problems);
    if (profile == Profile.PROD && (config.jobs().holdExpiryMs() == 0 || config.jobs().ordersMs() == 0)) {
      problems.add("prod needs jobs.hold-expiry-ms and jobs.orders-ms: without them seats and money are never settled");
    }
    config.checkProfileRules(problems);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("invalid configuration: " + String.join("; ", problems));
    }
    return config;
  }

  /** A pair is set whole or not at all (then dev and test generate one), and always checked when set. */
  private void checkTicketKeys(List<String> problems) {
    boolean privateSet = !ticket.signingPrivateKey().isBlank();
    boolean publicSet = !ticket.signingPublicKey().isBlank();
    if (privateSet != publicSet) {
      problems.add("ticket.signing-private-key and ticket.signing-public-key are set together or not at all");
    } else if (privateSet) {
      String problem = PemKeys.problem(ticket.signingPrivateKey(), ticket.signingPublicKey());
      if (problem != null) problems.add("ticket.signing-private-key / ticket.signing-public-key: " + problem);
    }
  }

  private void checkProfileRules(List<String> problems) {
    if (!List.of("DISABLED", "OPTIONAL", "REQUIRED").contains(mail.startTls.toUpperCase())) {
      problems.add("mail.smtp-starttls must be DISABLED, OPTIONAL or REQUIRED");
    }
    if (profile != Profile.PROD) {
      return;
    }
    // Production never runs on the embedded servers, the dev sinks or generated/default secrets.
    if (embeddedPostgres()) problems.add("prod needs pg.url (NCRE_PG_URL): embedded PostgreSQL is for dev only");
    if (embeddedRedis()) problems.add("prod needs redis.url (NCRE_REDIS_URL): embedded Redis is for dev only");
    if (!mail.configured()) problems.add("prod needs mail.smtp-host (NCRE_MAIL_SMTP_HOST)");
    if (!sms.configured()) problems.add("prod needs sms.gateway-url (NCRE_SMS_GATEWAY_URL)");
    if (!Secrets.strong(jwtSecret)) problems.add("prod needs security.jwt-secret (NCRE_SECURITY_JWT_SECRET), 32+ random chars");
    if (!Secrets.strong(codeSecret)) problems.add("prod needs security.code-secret (NCRE_SECURITY_CODE_SECRET), 32+ random chars");
    if (!Secrets.strongPassword(adminPassword)) problems.add("prod needs admin.password (NCRE_ADMIN_PASSWORD), 12+ chars");
    if (publicUrl.isBlank() || !publicUrl.startsWith("https://")) problems.add("prod needs http.public-url starting with https://");
    if (!Secrets.aesKey(idKey)) problems.add("prod needs security.id-key (NCRE_SECURITY_ID_KEY): 32 random bytes, base64");
    if (!Secrets.strong(idDigestKey)) problems.add("prod needs security.id-digest-key (NCRE_SECURITY_ID_DIGEST_KEY), 32+ random chars");
    if (!ticket.keysConfigured()) problems.add("prod needs ticket.signing-private-key and ticket.signing-public-key (NCRE_TICKET_SIGNING_PRIVATE_KEY, NCRE_TICKET_SIGNING_PUBLIC_KEY), an EC P-256 pair as PEM");
    if (!Secrets.strong(ticket.idDigestSecret())) problems.add("prod needs ticket.id-digest-secret (NCRE_TICKET_ID_DIGEST_SECRET), 32+ random chars");
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
    c.publicUrl = stripSlash(url);
    return c.build();
  }

  public AppConfig withTicket(Ticket keys) {
    Copy c = new Copy(this);
    c.ticket = keys;
    return c.build();
  }

  /** The same configuration with the payment keys completed (generated ones in dev and test). */
  public AppConfig withPayment(Payment filled) {
    Copy c = new Copy(this);
    c.payment = filled;
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
    private Ticket ticket;
    private Payment payment;

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
      ticket = o.ticket;
      payment = o.payment;
    }

    AppConfig build() {
      return new AppConfig(o.profile, o.httpHost, o.httpPort, o.httpInstances, publicUrl, o.dataDir, pgUrl, o.pgPoolSize,
        o.pgMaxWaitQueue, o.pgEmbeddedPort, redisUrl, o.redisPoolSize, o.redisMaxWaiting, o.redisEmbeddedPort,
        o.workerPoolSize, o.workerQueue, jwtSecret, codeSecret, o.cookieSecure, adminPassword, o.sessionIdle,
        o.sessionAbsolute, o.limits, o.mail, o.sms, o.outboxPollMs, idKey, idDigestKey, o.registration, ticket,
        payment, o.jobs, o.ops);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
      + ", idKey=" + Secrets.mask(idKey) + ", idDigestKey=" + Secrets.mask(idDigestKey) + ", " + registration
      + ", session=" + sessionIdle + "/" + sessionAbsolute + ", " + limits + ", " + mail + ", " + sms + ", " + ticket
      + ", " + payment.alipay + ", " + payment.wechat + ", simTimeFactor=" + payment.simTimeFactor + ", " + ops + "]";
  }
}
