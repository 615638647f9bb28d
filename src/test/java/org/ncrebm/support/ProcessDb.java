package org.ncrebm.support;

import io.vertx.pgclient.PgConnectOptions;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's database and Redis index as the {@link ServiceProcess}es see them, for set-up and for asserting
 * invariants afterwards: plain JDBC on the test thread (no event loop in this JVM is involved).
 */
public final class ProcessDb {
  private static final String SEED_HASH = org.ncrebm.platform.auth.PasswordHasher.hashNow(Candidates.PASSWORD);
  private final TestServers servers = TestServers.get();

  private Connection connect() throws SQLException {
    PgConnectOptions o = PgConnectOptions.fromUri(servers.pgUrl);
    return DriverManager.getConnection("jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase(),
      o.getUser(), o.getPassword());
  }

  /**
   * Like {@link TestApp#reset()} before any process starts: every table the service writes emptied (schema and
   * reference data stay, so a fresh database is migrated by the first process), Redis flushed.
   */
  public void reset() {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public' "
        + "and tablename not in ('flyway_schema_history', 'province')")) {
        while (rs.next()) tables.add(rs.getString(1));
      }
      if (!tables.isEmpty()) {
        s.execute("set session_replication_role = replica");
        s.execute("truncate " + String.join(", ", tables) + " restart identity cascade");
        s.execute("set session_replication_role = origin");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    flushRedis();
  }

  /** Accounts inserted directly (one precomputed argon2id hash); their e-mail addresses, to log in with. */
  public List<String> seedAccounts(int n) {
    List<String> emails = new ArrayList<>();
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
      "insert into account (email, mobile, password_hash) values (?, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        String[] contact = Candidates.uniqueContact();
        ps.setString(1, contact[0]);
        ps.setString(2, contact[1]);
        ps.setString(3, SEED_HASH);
        ps.addBatch();
        emails.add(contact[0]);
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return emails;
  }

  public long count(String sql, Object... params) {
    List<Object[]> rows = rows(sql, params);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0)[0]).longValue();
  }

  public int update(String sql, Object... params) {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row as an array of column values. */
  public List<Object[]> rows(String sql, Object... params) {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      List<Object[]> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) row[i] = rs.getObject(i + 1);
          out.add(row);
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
  }

  private void flushRedis() {
    URI uri = URI.create(servers.redisUrl);
    String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "0" : uri.getPath().substring(1);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort())) {
      socket.getOutputStream().write(("*2\r\n$6\r\nSELECT\r\n$" + db.length() + "\r\n" + db + "\r\n*1\r\n$7\r\nFLUSHDB\r\n")
        .getBytes(StandardCharsets.UTF_8));
      byte[] reply = new byte[64];
      int read = 0;
      while (read < 10) {
        int n = socket.getInputStream().read(reply, read, reply.length - read);
        if (n < 0) break;
        read += n;
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not flush Redis at " + servers.redisUrl, e);
    }
  }
}
