package org.ncrebm.seats;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.support.TestApp;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Drill 3 on a Redis of its own (an embedded server), so stopping it disturbs nobody else. */
@DisplayName("Seat drill 3: Redis stopped and restarted during the race")
class RedisRestartDrillTest {
  private static final int PORT = freePort();
  private static RedisServer redis = start();
  @RegisterExtension
  static final TestApp app = new TestApp(new JsonObject().put("redis.url", "redis://127.0.0.1:" + PORT));
  private final SeatRace race = new SeatRace(app);

  @AfterAll
  static void stopRedis() throws IOException {
    redis.stop();
  }

  @Test
  @DisplayName("while Redis is down requests fail cleanly with 503; nothing is oversold; the service recovers by itself")
  void restart() throws Exception {
    race.setUp(new JsonObject().put("24", 40));
    List<String[]> drafts = race.drafts(120);
    var before = race.race(app.client(), drafts.subList(0, 30), "24");
    assertThat(SeatRace.count(before, 200)).isEqualTo(30);

    redis.stop();
    var during = race.race(app.client(), drafts.subList(30, 60), "24");
    assertThat(SeatRace.count(during, 503)).as("clean 503s while Redis is down: %s", SeatRace.outcomes(during)).isEqualTo(30);
    assertThat(during.get(0).result().getHeader("Retry-After")).isNotNull();

    redis = start();
    for (int i = 0; i < 200 && app.get("/health/ready", null).status() != 200; i++) {
      Thread.sleep(50);
    }
    assertThat(app.get("/health/ready", null).status()).isEqualTo(200);
    // A restarted Redis without persistence lost the sessions too: candidates log in again.
    List<String[]> back = reLogin(drafts.subList(30, 120));
    var after = race.race(app.client(), back, "24");
    for (int i = 0; i < 100 && SeatRace.count(after, 503) > 0; i++) {
      Thread.sleep(100);
      after = race.race(app.client(), back.stream().filter(d -> app.count(
        "select count(*) from registration_subject where registration_id = $1::uuid", d[2]) == 0).toList(), "24");
    }
    assertThat(race.rows("24")).isEqualTo(40);
    race.assertInvariants();
    TestApp.await(app.main().services().platform().redis().send(io.vertx.redis.client.Request.cmd(
      io.vertx.redis.client.Command.PING)));
    assertThat(race.redis("24")).containsExactly(0L, 40L, 0L);
  }

  private List<String[]> reLogin(List<String[]> drafts) {
    var platform = app.main().services().platform();
    List<String[]> out = new ArrayList<>();
    for (String[] d : drafts) {
      var issued = TestApp.await(platform.sessions().create(new SessionStore.NewSession(Principal.Kind.CANDIDATE, d[0],
        null, null, null, "x")));
      out.add(new String[]{d[0], platform.auth().token(issued, Principal.Kind.CANDIDATE, d[0]), d[2]});
    }
    return out;
  }

  private static RedisServer start() {
    try {
      RedisServer server = RedisServer.newRedisServer().port(PORT).bind("127.0.0.1").setting("save \"\"")
        .setting("appendonly no").build();
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
