package org.ncrebm.support;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ncrebm.app.MainVerticle;
import org.ncrebm.platform.auth.PasswordHasher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One deployed service per test class, on real PostgreSQL and Redis: {@code @RegisterExtension static TestApp app}.
 * Before each test the data is reset (tables truncated, Redis flushed, the admin re-created, the clock set to now).
 */
public final class TestApp implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  public static final String ADMIN_PASSWORD = "Admin#Pass-2026";
  private static final String ADMIN_HASH = PasswordHasher.hashNow(ADMIN_PASSWORD);

  public final MutableClock clock = new MutableClock(Instant.now());
  private final JsonObject overrides;
  private boolean resetEachTest = true;
  private Vertx vertx;
  private MainVerticle main;
  private WebClient client;
  private Pool db;
  private Redis redis;
  private ContractCheck contract;

  public TestApp() {
    this(new JsonObject());
  }

  /** Extra configuration for this class (dotted keys, as in conf/config.json). */
  public TestApp(JsonObject overrides) {
    this.overrides = overrides;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TestServers servers = TestServers.get();
    // Built like the jar's launcher builds it: Micrometer metrics into the Prometheus registry behind /metrics.
    vertx = org.ncrebm.platform.MetricsSetup.vertxBuilder(new VertxOptions().setEventLoopPoolSize(4)).build();
    JsonObject config = new JsonObject()
      .put("profile", "test")
      .put("http.host", "127.0.0.1")
      .put("http.port", 0)
      .put("http.instances", 2)
      .put("pg.url", servers.pgUrl)
      .put("redis.url", servers.redisUrl)
      .put("data.dir", "target/test-data")
      .put("admin.password", ADMIN_PASSWORD)
      .put("outbox.poll-ms", 200)
      // Jobs that move the clock's consequences run when a test says so, never behind its back.
      .put("jobs.hold-expiry-ms", 0).put("jobs.orders-ms", 0).put("jobs.seat-repair-ms", 0)
      .put("jobs.reconciliation-ms", 0).put("jobs.ticket-pdf-ms", 0)
      .put("jobs.queue-admit-ms", 0)
      .put("http.drain-seconds", 0)
      .mergeIn(overrides);
    main = new MainVerticle(clock);
    await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(main.httpPort())
      .setFollowRedirects(false), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(200));
    PgConnectOptions pg = PgConnectOptions.fromUri(servers.pgUrl);
    db = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(4)).connectingTo(pg).using(vertx).build();
    redis = Redis.createClient(vertx, servers.redisUrl);
    contract = ContractCheck.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (vertx != null) {
      await(vertx.close());
    }
  }

  /** For classes that build their data once in {@code @BeforeAll} and read it in every test. */
  public TestApp keepDataBetweenTests() {
    this.resetEachTest = false;
    return this;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (resetEachTest) {
      reset();
    }
  }

  /** Empties every table but the migration history and reference data, flushes Redis, re-creates the admin. */
  public void reset() {
    clock.set(Instant.now());
    // Reference data loaded by migrations (provinces) stays; everything the service writes goes.
    RowSet<Row> tables = await(db.query("select tablename from pg_tables where schemaname = 'public' "
      + "and tablename not in ('flyway_schema_history', 'province')").execute());
    List<String> names = new ArrayList<>();
    tables.forEach(r -> names.add(r.getString(0)));
    names.sort(null);
    // Truncating the append-only audit log needs its guard trigger off (for this transaction only; tests alone do
    // this). A callback of the previous test still arriving can deadlock with the truncate: Postgres aborts one of
    // the two, and the reset tries again.
    for (int attempt = 1; ; attempt++) {
      try {
        await(db.withTransaction(c -> c.query("set local session_replication_role = replica").execute()
          .compose(v -> c.query("truncate " + String.join(", ", names) + " restart identity cascade").execute())));
        break;
      } catch (RuntimeException e) {
        if (attempt == 5 || !String.valueOf(e.getMessage()).contains("40P01")) throw e;
      }
    }
    await(redis.send(Request.cmd(Command.FLUSHDB)));
    // Ids restart with the tables, so an id the service cached a moment ago may name another row now
    main.services().catalog().forgetCached();
    main.services().platform().sessions().forgetCached();
    if (main.services().registrations().front().gate() != null) main.services().registrations().front().gate().forgetCached();
    main.services().queue().forgetCached();
    await(db.preparedQuery("insert into staff_account (username, password_hash, role, display_name) "
      + "values ('admin', $1, 'NATIONAL_ADMIN', 'admin')").execute(Tuple.of(ADMIN_HASH)));
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return main.httpPort();
  }

  public WebClient client() {
    return client;
  }

  /** A second pool for assertions straight from the database. */
  public Pool db() {
    return db;
  }

  public Redis redis() {
    return redis;
  }

  public MainVerticle main() {
    return main;
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, path);
  }

  public ApiResponse get(String path, String token) {
    return send(auth(client.get(path), token), null);
  }

  public ApiResponse post(String path, JsonObject body) {
    return post(path, body, null);
  }

  public ApiResponse post(String path, JsonObject body, String token) {
    return send(auth(client.post(path), token), body);
  }

  public ApiResponse put(String path, JsonObject body, String token) {
    return send(auth(client.put(path), token), body);
  }

  public ApiResponse delete(String path, String token) {
    return send(auth(client.delete(path), token), null);
  }

  /**
   * Sends and checks the answer against the OpenAPI document ({@link ContractCheck}): an answer the document does not
   * describe fails the test, so every API test also tests the contract.
   */
  public ApiResponse send(HttpRequest<Buffer> request, JsonObject body) {
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> f = body == null ? request.send() : request.sendJsonObject(body);
    io.vertx.ext.web.client.HttpResponse<Buffer> response = await(f);
    contract.check(request.method().name(), request.uri(), response);
    return new ApiResponse(response);
  }

  /** The contract check, for tests that send with the client themselves. */
  public ContractCheck contract() {
    return contract;
  }

  private static HttpRequest<Buffer> auth(HttpRequest<Buffer> request, String token) {
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  /** Runs a query on the assertion pool. */
  public RowSet<Row> query(String sql, Object... params) {
    return await(db.preparedQuery(sql).execute(Tuple.from(params)));
  }

  public long count(String sql, Object... params) {
    return query(sql, params).iterator().next().getLong(0);
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
