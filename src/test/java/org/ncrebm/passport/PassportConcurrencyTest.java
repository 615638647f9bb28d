package org.ncrebm.passport;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.TestApp;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Passport under concurrency: the database decides")
class PassportConcurrencyTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Candidates candidates = new Candidates(app);

  @Test
  @DisplayName("50 parallel registrations with the same e-mail create exactly one account")
  void sameEmailRace() {
    String[] c = Candidates.uniqueContact();
    candidates.requestCode("email", c[0], "register");
    String emailCode = candidates.latestCode(c[0]);
    // Each racer has its own verified mobile, so only the e-mail is contended.
    List<JsonObject> bodies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String mobile = String.format("137%08d", 10_000_000 + i);
      candidates.requestCode("sms", mobile, "register");
      bodies.add(new JsonObject().put("email", c[0]).put("mobile", mobile).put("password", Candidates.PASSWORD)
        .put("emailCode", emailCode));
    }
    for (JsonObject body : bodies) {
      body.put("smsCode", candidates.latestCode(body.getString("mobile")));
    }
    List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sends = new ArrayList<>();
    for (JsonObject body : bodies) {
      sends.add(app.client().post("/api/v1/passport/accounts").sendJsonObject(body));
    }
    TestApp.await(Future.join(sends));
    long created = sends.stream().filter(f -> f.succeeded() && f.result().statusCode() == 201).count();
    long taken = sends.stream().filter(f -> f.succeeded() && f.result().statusCode() == 409
      && f.result().bodyAsJsonObject().getJsonObject("error").getString("code").equals("EMAIL_TAKEN")).count();
    assertThat(app.count("select count(*) from account where lower(email) = lower($1)", c[0])).isEqualTo(1);
    assertThat(created).isEqualTo(1);
    // The rest lost to the constraint or found the e-mail taken; a few may be shed by the bounded worker (503).
    long shed = sends.stream().filter(f -> f.succeeded() && f.result().statusCode() == 503).count();
    assertThat(taken + shed).isEqualTo(49);
  }

  @Test
  @DisplayName("parallel wrong guesses cannot exceed the lockout threshold")
  void parallelGuesses() {
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sends.add(app.client().post("/api/v1/passport/sessions")
        .sendJsonObject(new JsonObject().put("login", c[0]).put("password", "Guess#" + i)));
    }
    TestApp.await(Future.join(sends));
    long checked = sends.stream().filter(f -> f.result().statusCode() == 401).count();
    long locked = sends.stream().filter(f -> f.result().statusCode() == 423).count();
    assertThat(checked).isLessThanOrEqualTo(5);
    assertThat(checked + locked).isEqualTo(40);
  }
}
