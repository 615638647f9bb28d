package org.ncrebm.seats;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.TestApp;
import redis.embedded.RedisShardedCluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seat drills on a real Redis Cluster (three masters, the embedded Redis binary in cluster mode): every script
 * and multi-key request must touch one hash slot only, which a single Redis never checks. Sessions, rate limits,
 * registration headers and the seat counters of two subjects all land on different masters here.
 */
@DisplayName("Seat drills on a three-master Redis Cluster: races, all-or-nothing across slots, a flushed cluster")
class RedisClusterDrillTest {
  /** The cluster, started before the service and stopped after it. */
  static final class Cluster implements BeforeAllCallback, AfterAllCallback {
    final List<Integer> ports = distinctPorts(3);
    private RedisShardedCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      var builder = RedisShardedCluster.newRedisCluster().serverPorts(ports).initializationTimeout(Duration.ofSeconds(20));
      for (int i = 0; i < ports.size(); i++) builder.shard("master" + i, 0);
      cluster = builder.build();
      cluster.start();
      // start() returns when the slots are assigned; the masters may still be agreeing on it (CLUSTERDOWN)
      for (int port : ports) awaitClusterOk(port);
    }

    /** Polls CLUSTER INFO on one master (plain RESP over a socket) until it reports cluster_state:ok. */
    private static void awaitClusterOk(int port) throws IOException {
      String last = "";
      for (int attempt = 0; attempt < 300; attempt++) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
          socket.setSoTimeout(2_000);
          socket.getOutputStream().write("*2\r\n$7\r\nCLUSTER\r\n$4\r\nINFO\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          byte[] buffer = new byte[4096];
          int n = socket.getInputStream().read(buffer);
          last = n > 0 ? new String(buffer, 0, n, java.nio.charset.StandardCharsets.US_ASCII) : "";
          if (last.contains("cluster_state:ok")) return;
        }
        org.ncrebm.support.Polling.pause(100);
      }
      throw new IllegalStateException("Redis Cluster node " + port + " never reported cluster_state:ok: " + last);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
      if (cluster != null) cluster.stop();
    }

    private static List<Integer> distinctPorts(int n) {
      java.util.LinkedHashSet<Integer> ports = new java.util.LinkedHashSet<>();
      while (ports.size() < n) ports.add(freePort());
      return List.copyOf(ports);
    }

    String urls() {
      return ports.stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /**
     * A port that is free with its cluster-bus port (port + 10000, which Redis Cluster opens too): taken below the
     * ephemeral range, so the bus port stays a valid port and nothing else picks either meanwhile.
     */
    private static int freePort() {
      java.util.Random random = new java.util.Random();
      for (int attempt = 0; attempt < 200; attempt++) {
        int port = 20000 + random.nextInt(10000);
        try (ServerSocket a = new ServerSocket(port); ServerSocket bus = new ServerSocket(port + 10000)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
      throw new IllegalStateException("no free port pair for a Redis Cluster node");
    }
  }

  @RegisterExtension
  @Order(1)
  static final Cluster cluster = new Cluster();

  @RegisterExtension
  @Order(2)
  static final TestApp app = new TestApp(new JsonObject().put("redis.url", cluster.urls()).put("redis.type", "cluster")
    .put("pg.pool-size", 24));
  private final SeatRace race = new SeatRace(app);

  /** The suite's reset empties the database (ids start again) and its own Redis, not this cluster: empty it too. */
  @BeforeEach
  void flushEveryMaster() {
    for (int port : cluster.ports) {
      // each master on its own connection: FLUSHALL through the cluster client would reach one node only
      var node = io.vertx.redis.client.Redis.createClient(app.vertx(), "redis://127.0.0.1:" + port);
      TestApp.await(node.send(Request.cmd(Command.FLUSHALL)));
      node.close();
    }
  }

  @Test
  @DisplayName("300 candidates race for 50 seats: exactly 50 hold one, the counter on its master is 0, the rest got 409")
  void race() {
    race.setUp(new JsonObject().put("24", 50));
    var sends = race.race(app.client(), race.drafts(300), "24");
    assertThat(SeatRace.count(sends, 200)).as(SeatRace.outcomes(sends)).isEqualTo(50);
    assertThat(SeatRace.errorCount(sends, "SEAT_SOLD_OUT")).isEqualTo(250);
    assertThat(race.rows("24")).isEqualTo(50);
    assertThat(race.redis("24")).containsExactly(0L, 50L, 0L);
    race.assertInvariants();
    // the point of the drill: the service's keys (sessions, limits, headers, counters) are spread over the masters
    assertThat(cluster.ports.stream().filter(port -> {
      var node = io.vertx.redis.client.Redis.createClient(app.vertx(), "redis://127.0.0.1:" + port);
      try {
        return TestApp.await(node.send(Request.cmd(Command.DBSIZE))).toLong() > 0;
      } finally {
        node.close();
      }
    }).count()).isEqualTo(3);
  }

  @Test
  @DisplayName("the passport on the cluster: codes, account, two logins, a password reset ends both sessions at once")
  void passportOnTheCluster() {
    var candidates = new org.ncrebm.support.Candidates(app);
    String[] first = candidates.newLoggedIn();
    var second = candidates.login(first[2], org.ncrebm.support.Candidates.PASSWORD);
    assertThat(second.status()).isEqualTo(201);
    assertThat(app.get("/api/v1/passport/me", first[1]).status()).isEqualTo(200);
    assertThat(app.get("/api/v1/passport/me", second.json().getString("token")).status()).isEqualTo(200);
    app.clock.advance(Duration.ofSeconds(61)); // one code per address and minute
    int known = candidates.outboxSize(first[2]);
    assertThat(candidates.requestCode("email", first[2], "reset").status()).isEqualTo(202);
    var reset = app.post("/api/v1/passport/password-resets", new JsonObject().put("login", first[2])
      .put("code", candidates.nextCode(first[2], known)).put("newPassword", "Other#2026pass"));
    assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
    assertThat(app.get("/api/v1/passport/me", first[1]).status()).isEqualTo(401);
    assertThat(app.get("/api/v1/passport/me", second.json().getString("token")).status()).isEqualTo(401);
    assertThat(candidates.login(first[2], "Other#2026pass").status()).isEqualTo(201);
  }

  @Test
  @DisplayName("two subjects whose counters live on different masters: all or nothing, in Redis and Postgres")
  void multiSubjectAcrossSlots() {
    race.setUp(new JsonObject().put("24", 5).put("28", 30));
    var sends = race.race(app.client(), race.drafts(40), "24", "28");
    assertThat(SeatRace.count(sends, 200)).as(SeatRace.outcomes(sends)).isEqualTo(5);
    assertThat(race.rows("24")).isEqualTo(5);
    assertThat(race.rows("28")).isEqualTo(5);
    assertThat(race.redis("28")).containsExactly(25L, 5L, 0L);
    race.assertInvariants();
  }

  @Test
  @DisplayName("every master flushed between two waves (sessions too): counters are rebuilt from Postgres, never oversold")
  void flushedCluster() {
    race.setUp(new JsonObject().put("24", 40));
    List<String[]> drafts = race.drafts(200);
    long won = SeatRace.count(race.race(app.client(), drafts.subList(0, 100), "24"), 200);
    flushEveryMaster();
    List<String[]> again = race.newSessions(drafts.subList(100, 200));
    // The second wave comes after the gate's quarter second of remembered sold-out answers (SoldOutMemory): then
    // its holds reach Redis, which finds the counter gone and rebuilds it from Postgres.
    app.clock.advance(Duration.ofMillis(SoldOutMemory.MEMORY_MILLIS));
    var second = race.race(app.client(), again, "24");
    assertThat(won + SeatRace.count(second, 200)).as(SeatRace.outcomes(second)).isEqualTo(40);
    assertThat(race.rows("24")).isEqualTo(40);
    assertThat(race.redis("24")).containsExactly(0L, 40L, 0L);
    race.assertInvariants();
  }
}
