package org.ncrebm.passport;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.Invalidations;
import org.ncrebm.platform.RedisClients;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.TestApp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sessions kept in the process (issue 15): a second instance, built here on the same Redis with a feed of its own,
 * keeps what it read, and forgets it when the service revokes it (logout, password reset), when its subscription is
 * lost, and after the stated bound (60 s) in any case.
 */
@DisplayName("Sessions cached per instance: a revocation reaches every instance, within the bound at the latest")
class SessionCacheTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Candidates candidates = new Candidates(app);
  private Invalidations feed;
  private SessionStore other;

  @BeforeEach
  void otherInstance() {
    feed = new Invalidations(app.vertx(), Redis.createClient(app.vertx(),
      RedisClients.subscriberOptions(app.main().appConfig())));
    TestApp.await(feed.start());
    assertThat(feed.live()).isTrue();
    var config = app.main().appConfig();
    other = new SessionStore(app.redis(), app.main().services().platform().scripts(), app.clock, config.sessionIdle(),
      config.sessionAbsolute()).cacheWith(feed, Duration.ofSeconds(60));
  }

  @AfterEach
  void close() {
    TestApp.await(feed.close());
  }

  private String[] loggedIn() {
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    String token = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
    return new String[]{c[0], token, sid(token)};
  }

  private static String sid(String jwt) {
    String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    return new JsonObject(payload).getString("sid");
  }

  private Principal lookup(String sid) {
    return TestApp.await(other.lookup(sid, false));
  }

  /** Waits for an event (a pub/sub message to arrive), not for a time: fails if it has not happened in 5 s. */
  private static void eventually(BooleanSupplier done) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("the event within 5 s").isLessThan(end);
      Thread.onSpinWait();
    }
  }

  @Test
  @DisplayName("another instance keeps a session it read; its idle and absolute limits still hold, and 60 s is the bound")
  void keptWithinTheBound() {
    String[] c = loggedIn();
    Principal p = lookup(c[2]);
    assertThat(p).isNotNull();
    assertThat(p.kind()).isEqualTo(Principal.Kind.CANDIDATE);
    assertThat(other.cached()).isEqualTo(1);
    // Deleted behind the service's back (no revocation published): the cached session is what the instance has...
    TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(p.sessionKey())));
    assertThat(lookup(c[2])).as("served from the instance's cache").isNotNull();
    app.clock.advance(Duration.ofSeconds(59));
    assertThat(lookup(c[2])).isNotNull();
    // ...for 60 s at the most: then Redis is asked again
    app.clock.advance(Duration.ofSeconds(1));
    assertThat(lookup(c[2])).as("read again after the bound").isNull();
    assertThat(other.cached()).isZero();
  }

  @Test
  @DisplayName("a logout through the service ends the session in the other instance at once")
  void logoutReachesTheOtherInstance() {
    String[] c = loggedIn();
    String second = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
    assertThat(lookup(c[2])).isNotNull();
    assertThat(lookup(sid(second))).isNotNull();
    assertThat(other.cached()).isEqualTo(2);

    assertThat(app.delete("/api/v1/passport/sessions/current", c[1]).status()).isEqualTo(204);
    eventually(() -> other.cached() == 1);
    assertThat(lookup(c[2])).as("revoked: refused by the other instance, no clock moved").isNull();
    assertThat(lookup(sid(second))).as("the account's other session lives on").isNotNull();
    assertThat(app.get("/api/v1/passport/me", c[1]).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("a password reset ends every session of the account in the other instance at once")
  void passwordResetReachesTheOtherInstance() {
    String[] c = loggedIn();
    String second = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
    assertThat(lookup(c[2])).isNotNull();
    assertThat(lookup(sid(second))).isNotNull();
    app.clock.advance(Duration.ofMinutes(2));
    int known = candidates.outboxSize(c[0]);
    candidates.requestCode("email", c[0], "reset");
    String code = candidates.nextCode(c[0], known);
    assertThat(app.post("/api/v1/passport/password-resets", new JsonObject().put("login", c[0]).put("code", code)
      .put("newPassword", "New#pass2026")).status()).isEqualTo(204);
    eventually(() -> other.cached() == 0);
    assertThat(lookup(c[2])).isNull();
    assertThat(lookup(sid(second))).isNull();
  }

  @Test
  @DisplayName("a staff account disabled by the national office loses its session in the other instance at once")
  void disabledStaffReachesTheOtherInstance() {
    org.ncrebm.support.Staff staff = new org.ncrebm.support.Staff(app);
    String admin = staff.adminToken();
    long id = staff.createStaff(admin, "prov" + System.nanoTime() % 100000, "PROVINCE_ADMIN", "11", null);
    String username = app.query("select username from staff_account where id = $1", id).iterator().next()
      .getString("username");
    String token = staff.login(username, org.ncrebm.support.Staff.PASSWORD);
    Principal p = lookup(sid(token));
    assertThat(p).isNotNull();
    assertThat(p.kind()).isEqualTo(Principal.Kind.STAFF);
    assertThat(app.post("/api/v1/staff/accounts/" + id + "/disable", new JsonObject(), admin).status()).isEqualTo(200);
    eventually(() -> other.cached() == 0);
    assertThat(lookup(sid(token))).isNull();
    assertThat(app.get("/api/v1/staff/me", token).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("while the subscription is lost nothing is cached: every request reads Redis")
  void noCachingWithoutTheSubscription() {
    String[] c = loggedIn();
    Principal p = lookup(c[2]);
    assertThat(other.cached()).isEqualTo(1);
    TestApp.await(feed.close());
    assertThat(feed.live()).isFalse();
    assertThat(other.cached()).as("dropped with the subscription").isZero();
    assertThat(lookup(c[2])).isNotNull();
    assertThat(other.cached()).as("not kept while nobody would hear of a revocation").isZero();
    TestApp.await(app.redis().send(Request.cmd(Command.DEL).arg(p.sessionKey())));
    assertThat(lookup(c[2])).as("refused at once").isNull();
  }

  @Test
  @DisplayName("the service's own cache: a session revoked on this instance is refused on the next request")
  void ownInstance() {
    String[] c = loggedIn();
    assertThat(app.get("/api/v1/passport/me", c[1]).status()).isEqualTo(200);
    assertThat(app.main().services().platform().sessions().cached()).isPositive();
    assertThat(app.delete("/api/v1/passport/sessions/current", c[1]).status()).isEqualTo(204);
    assertThat(app.get("/api/v1/passport/me", c[1]).status()).isEqualTo(401);
  }
}
