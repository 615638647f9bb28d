package org.ncrebm.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * The zero-config default: real PostgreSQL and Redis server binaries (shipped as Maven artifacts) started under the
 * data directory, for dev and for test runs on a machine without servers. All methods block: call from a worker.
 */
public final class EmbeddedServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);
  private static final String DATABASE = "ncre";
  private EmbeddedPostgres postgres;
  private RedisServer redis;
  private String pgUrl;
  private String redisUrl;

  public static EmbeddedServers start(AppConfig config) throws IOException {
    EmbeddedServers servers = new EmbeddedServers();
    try {
      if (config.embeddedPostgres()) servers.startPostgres(Path.of(config.dataDir(), "pg"), config.pgEmbeddedPort());
      if (config.embeddedRedis()) servers.startRedis(Path.of(config.dataDir(), "redis"), config.redisEmbeddedPort());
    } catch (IOException | RuntimeException e) {
      servers.close();
      throw e;
    }
    return servers;
  }

  private void startPostgres(Path dir, int port) throws IOException {
    Files.createDirectories(dir.getParent());
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      .setPGStartupWait(Duration.ofSeconds(60))
      .setServerConfig("max_connections", "200")
      .setServerConfig("listen_addresses", "127.0.0.1")
      .setLocaleConfig("encoding", "UTF8");
    if (port > 0) builder.setPort(port);
    postgres = builder.start();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        if (!rs.next()) {
          s.execute("create database " + DATABASE + " encoding 'UTF8'");
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("could not prepare the embedded database", e);
    }
    pgUrl = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    LOG.info("embedded PostgreSQL running on port {} with data in {}", postgres.getPort(), dir.toAbsolutePath());
  }

  private void startRedis(Path dir, int port) throws IOException {
    Files.createDirectories(dir);
    int p = port > 0 ? port : freePort();
    redis = RedisServer.newRedisServer()
      .port(p)
      .bind("127.0.0.1")
      .setting("dir " + dir.toAbsolutePath())
      .setting("save 60 100")
      .setting("appendonly no")
      .setting("maxmemory-policy noeviction")
      .build();
    redis.start();
    redisUrl = "redis://127.0.0.1:" + p;
    LOG.info("embedded Redis running on port {} with data in {}", p, dir.toAbsolutePath());
  }

  /** A port nothing listens on right now (the kernel's pick for an ephemeral bind). */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public String pgUrl() {
    return pgUrl;
  }

  public String redisUrl() {
    return redisUrl;
  }

  @Override
  public void close() {
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException | RuntimeException e) {
        LOG.warn("embedded Redis did not stop cleanly", e);
      }
      redis = null;
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn("embedded PostgreSQL did not stop cleanly", e);
      }
      postgres = null;
    }
  }
}
