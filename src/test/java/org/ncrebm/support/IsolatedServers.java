package org.ncrebm.support;

import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Carves a private corner out of shared servers for one test run: a fresh PostgreSQL database created next to the
 * configured one (dropped when the JVM exits) and a free Redis database index, claimed with a lock key.
 */
final class IsolatedServers {
  private IsolatedServers() {
  }

  static String database(String pgUrl) {
    PgConnectOptions o = PgConnectOptions.fromUri(pgUrl);
    String name = "ncre_t_" + ProcessHandle.current().pid() + "_" + ThreadLocalRandom.current().nextInt(1_000_000);
    String admin = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    run(admin, o, "create database " + name);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        run(admin, o, "drop database if exists " + name + " with (force)");
      } catch (RuntimeException ignored) {
        // the server may already be gone at shutdown
      }
    }));
    String auth = o.getUser() + (o.getPassword() == null || o.getPassword().isEmpty() ? "" : ":" + o.getPassword());
    return "postgresql://" + auth + "@" + o.getHost() + ":" + o.getPort() + "/" + name;
  }

  private static void run(String jdbc, PgConnectOptions o, String sql) {
    try (Connection c = DriverManager.getConnection(jdbc, o.getUser(), o.getPassword()); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run '" + sql + "' on " + jdbc, e);
    }
  }

  /** The first Redis database index (1-15) whose lock this run can take (locks expire after two hours). */
  static String redisDatabase(String redisUrl) {
    URI uri = URI.create(redisUrl);
    String base = uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
      + uri.getHost() + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort());
    String owner = ProcessHandle.current().pid() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
    try (var socket = new java.net.Socket(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort())) {
      var out = socket.getOutputStream();
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream()));
      // The locks live in database 0, which tests never flush.
      for (int db = 1; db <= 15; db++) {
        out.write(resp("SET", "ncre:test-run-lock:" + db, owner, "NX", "EX", "7200"));
        String reply = in.readLine();
        if (reply != null && reply.startsWith("+OK")) {
          int chosen = db;
          Runtime.getRuntime().addShutdownHook(new Thread(() -> release(uri, chosen, owner)));
          return base + "/" + db;
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not reach Redis at " + base, e);
    }
    throw new IllegalStateException("every Redis database 1-15 is taken by another test run");
  }

  private static void release(URI uri, int db, String owner) {
    try (var socket = new java.net.Socket(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort())) {
      var out = socket.getOutputStream();
      out.write(resp("SELECT", Integer.toString(db)));
      out.write(resp("FLUSHDB"));
      out.write(resp("SELECT", "0"));
      out.write(resp("DEL", "ncre:test-run-lock:" + db));
      out.flush();
      socket.getInputStream().read(new byte[64]);
    } catch (java.io.IOException ignored) {
      // best effort at shutdown; the lock expires by itself
    }
  }

  private static byte[] resp(String... parts) {
    StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String p : parts) {
      b.append('$').append(p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
    }
    return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
