package org.ncrebm.admin;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.app.ServiceConfig;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The load tests' seeding route (issue 9): guarded by its token, real sessions, a hot center with few seats. */
class LoadTestSeedRoutesTest {
  private static final String TOKEN = "seed-token-for-tests-0123456789";

  @RegisterExtension
  static TestApp app = new TestApp(new JsonObject().put("loadtest.seed-token", TOKEN));

  private ApiResponse seed(String token, JsonObject body) {
    var request = app.request(HttpMethod.POST, "/dev/loadtest/seed");
    if (token != null) request.putHeader("X-Seed-Token", token);
    return app.send(request, body);
  }

  @Test
  @DisplayName("without the token or with a wrong one the route answers 404 and creates nothing")
  void guarded() {
    JsonObject body = new JsonObject().put("accounts", 3).put("password", "Seed#Pass-2026");
    assertThat(seed(null, body).status()).isEqualTo(404);
    assertThat(seed("wrong-token", body).status()).isEqualTo(404);
    assertThat(app.count("select count(*) from account")).isZero();
  }

  @Test
  @DisplayName("seeds a catalogue with a hot center and accounts whose tokens and password work like a login's")
  void seeds() {
    ApiResponse r = seed(TOKEN, new JsonObject().put("catalog", true).put("hotCapacity", 7).put("accounts", 5)
      .put("offset", 1).put("password", "Seed#Pass-2026").put("sessions", true));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject out = r.json();
    JsonArray accounts = out.getJsonArray("accounts");
    assertThat(accounts).hasSize(5);
    String token = accounts.getJsonObject(0).getString("token");
    ApiResponse me = app.get("/api/v1/passport/me", token);
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.json().getString("accountId")).isEqualTo(accounts.getJsonObject(0).getString("accountId"));

    ApiResponse login = app.post("/api/v1/passport/sessions", new JsonObject().put("login", "lt3@lt.example")
      .put("password", "Seed#Pass-2026"));
    assertThat(login.status()).as(login.toString()).isEqualTo(201);

    long sid = out.getLong("examSessionId");
    ApiResponse centers = app.get("/api/v1/exam-sessions/" + sid + "/provinces/11/centers", null);
    assertThat(centers.status()).as(centers.toString()).isEqualTo(200);
    JsonObject hot = centers.jsonArray().stream().map(JsonObject.class::cast)
      .filter(c -> c.getLong("id").equals(out.getLong("hotCenterId"))).findFirst().orElseThrow();
    assertThat(hot.getJsonArray("subjects").stream().map(JsonObject.class::cast)
      .filter(s -> s.getString("code").equals("61")).findFirst().orElseThrow().getInteger("capacity")).isEqualTo(7);

    // more accounts later, without sessions: for the login storm
    ApiResponse more = seed(TOKEN, new JsonObject().put("accounts", 2).put("offset", 6).put("password", "Seed#Pass-2026"));
    assertThat(more.status()).as(more.toString()).isEqualTo(201);
    assertThat(more.json().getJsonArray("accounts").getJsonObject(1).containsKey("token")).isFalse();
    assertThat(app.count("select count(*) from account")).isEqualTo(7);
  }

  @Test
  @DisplayName("a field of the wrong type is a 400 in the API's error shape, never a 500, and creates nothing")
  void wrongTypes() {
    for (JsonObject body : java.util.List.of(new JsonObject().put("accounts", "many"),
      new JsonObject().put("catalog", "yes"), new JsonObject().put("hotCapacity", new JsonArray()))) {
      ApiResponse r = seed(TOKEN, body);
      assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
    }
    assertThat(app.count("select count(*) from account")).isZero();
  }

  @Test
  @DisplayName("prod refuses to start with a seed token")
  void prodRefusesToken() {
    assertThatThrownBy(() -> ServiceConfig.load(new JsonObject().put("profile", "prod").put("loadtest.seed-token", TOKEN),
      Map.of())).hasMessageContaining("loadtest.seed-token must be empty in prod");
  }
}
