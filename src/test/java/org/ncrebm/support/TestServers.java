package org.ncrebm.support;

import org.ncrebm.platform.AppConfig;
import org.ncrebm.platform.ConfigLoader;
import org.ncrebm.platform.EmbeddedServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The real PostgreSQL and Redis the suite runs against, resolved once per JVM: the servers named by
 * {@code NCRE_TEST_PG_URL} / {@code NCRE_TEST_REDIS_URL} when set, Testcontainers when a Docker engine answers,
 * otherwise the embedded server binaries. The test database's schema is dropped once at the start of the run.
 */
public final class TestServers {
  private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);
  private static TestServers instance;

  public final String pgUrl;
  public final String redisUrl;
  public final String source;

  private TestServers(String pgUrl, String redisUrl, String source) {
    this.pgUrl = pgUrl;
    this.redisUrl = redisUrl;
    this.source = source;
  }

  public static synchronized TestServers get() {
    if (instance == null) {
      instance = resolve();
      instance.resetSchema();
      LOG.info("tests run against {} servers: pg={} redis={}", instance.source, instance.pgUrl, instance.redisUrl);
    }
    return instance;
  }

  private static TestServers resolve() {
    String pg = System.getenv("NCRE_TEST_PG_URL");
    String redis = System.getenv("NCRE_TEST_REDIS_URL");
    if (pg != null && !pg.isBlank() && redis != null && !redis.isBlank()) {
      // Shared servers: this run gets a database and a Redis database index of its own, so suites running at the
      // same time on one machine (other worktrees, CI) never see each other's data.
      return new TestServers(IsolatedServers.database(pg), IsolatedServers.redisDatabase(redis), "configured");
    }
    if (dockerAvailable()) {
      return Containers.start();
    }
    return embedded();
  }

  private static boolean dockerAvailable() {
    try {
      return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  private static TestServers embedded() {
    try {
      Path dir = Path.of("target", "embedded-test-servers");
      deleteRecursively(dir);
      AppConfig defaults = AppConfig.from(ConfigLoader.defaults().put("profile", "test").put("data.dir", dir.toString()));
      EmbeddedServers servers = EmbeddedServers.start(defaults);
      Runtime.getRuntime().addShutdownHook(new Thread(servers::close));
      return new TestServers(servers.pgUrl(), servers.redisUrl(), "embedded");
    } catch (IOException e) {
      throw new IllegalStateException("could not start the embedded test servers", e);
    }
  }

  private void resetSchema() {
    var o = io.vertx.pgclient.PgConnectOptions.fromUri(pgUrl);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword()); Statement s = c.createStatement()) {
      s.execute("drop schema if exists public cascade");
      s.execute("create schema public");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not reset the test database " + jdbc, e);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Testcontainers, in its own class so the suite never loads it without Docker. */
  private static final class Containers {
    static TestServers start() {
      var postgres = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
      postgres.start();
      var redis = new org.testcontainers.containers.GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
      redis.start();
      String pg = "postgresql://" + postgres.getUsername() + ":" + postgres.getPassword() + "@" + postgres.getHost() + ":"
        + postgres.getMappedPort(5432) + "/" + postgres.getDatabaseName();
      return new TestServers(pg, "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379), "testcontainers");
    }
  }
}
