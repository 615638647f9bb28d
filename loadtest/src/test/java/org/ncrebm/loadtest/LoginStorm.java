package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * Many real logins at once (argon2id on the bounded worker pool), while other routes' latency is recorded: bystanders
 * (seeded sessions) read the catalogue and their account at {@code lt.bystanderRate}/s, first alone for
 * {@code lt.quietSeconds} ("quiet:" requests), then during {@code lt.loginSeconds} of logins at {@code lt.loginRate}/s
 * ("storm:" requests). A login answers 201, or 503 OVERLOADED when the worker queue is full (an honest refusal with
 * Retry-After); nothing else is accepted.
 */
public class LoginStorm extends Simulation {
  private static final JsonObject LOGINS = Lt.seed("logins");
  private static final JsonObject BYSTANDERS = Lt.seed("bystanders");
  private static final long SID = LOGINS.getLong("examSessionId");
  private static final String PASSWORD = Lt.prop("lt.password", "Load#Test-2026");

  private static ChainBuilder bystander(String phase) {
    return exec(Journeys.expect(http(phase + ": catalogue centers")
        .get("/api/v1/exam-sessions/" + SID + "/provinces/11/centers"), 200))
      .exec(Journeys.expect(http(phase + ": me").get("/api/v1/passport/me")
        .header("Authorization", "Bearer #{token}"), 200));
  }

  private final List<Map<String, Object>> bystanders = Lt.candidates(BYSTANDERS);

  private final ScenarioBuilder quiet = scenario("bystanders, quiet").feed(Lt.cycle(bystanders)).exec(bystander("quiet"));
  private final ScenarioBuilder busy = scenario("bystanders, storm").feed(Lt.cycle(bystanders)).exec(bystander("storm"));
  private final ScenarioBuilder logins = scenario("logins")
    .feed(Lt.cycle(Lt.candidates(LOGINS)))
    .exec(Journeys.expect(http("login").post("/api/v1/passport/sessions")
      .body(StringBody("{\"login\":\"#{login}\",\"password\":\"" + PASSWORD + "\"}")).asJson(), 201));

  {
    int by = Lt.num("lt.bystanderRate", 20);
    int quietSecs = Lt.num("lt.quietSeconds", 10);
    int loginSecs = Lt.num("lt.loginSeconds", 20);
    setUp(
      quiet.injectOpen(constantUsersPerSec(by).during(quietSecs)),
      busy.injectOpen(nothingFor(quietSecs), constantUsersPerSec(by).during(loginSecs)),
      logins.injectOpen(nothingFor(quietSecs), constantUsersPerSec(Lt.num("lt.loginRate", 100)).during(loginSecs))
    ).protocols(Lt.protocol(Lt.baseUrl())).assertions(Lt.globalBounds());
  }
}
