package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * Far more candidates than seats on one hot center x subject. Phase 1 ("prepare") opens a draft registration at the
 * hot center for every seeded candidate (real API, seeded sessions); phase 2 ("hammer") makes them all race for subject
 * 61 at {@code lt.holdRate} arrivals per second: {@code 200 HELD} for the first {@code hotCapacity}, {@code 409
 * SEAT_SOLD_OUT} for the rest, answered from the Redis gate. Both answers are correct; anything else fails.
 */
public class SoldOutHammer extends Simulation {
  private static final JsonObject SEED = Lt.seed("hammer");
  private static final long SID = SEED.getLong("examSessionId");
  private static final long HOT = SEED.getLong("hotCenterId");
  private static final List<Map<String, Object>> CANDIDATES = Lt.candidates(SEED);
  private static final ConcurrentLinkedQueue<Map<String, Object>> PREPARED = new ConcurrentLinkedQueue<>();

  private final ScenarioBuilder prepare = scenario("prepare: draft at the hot center")
    .feed(CANDIDATES.iterator())
    .exec(http("start registration").post("/api/v1/registrations").header("Authorization", "Bearer #{token}")
      .body(StringBody(Lt.startJson(SID, HOT))).asJson()
      .check(status().is(201), jsonPath("$.id").saveAs("rid")))
    .exec(session -> {
      if (!session.isFailed()) PREPARED.add(Map.of("token", session.getString("token"), "rid", session.getString("rid")));
      return session;
    });

  private final ScenarioBuilder hammer = scenario("hammer: race for the hot subject")
    .feed(Lt.drain(PREPARED))
    .doIf("#{ready}").then(
      exec(http("hold hot subject").put("/api/v1/registrations/#{rid}/subjects")
        .header("Authorization", "Bearer #{token}").body(StringBody("{\"subjects\":[\"61\"]}")).asJson()
        .check(status().in(200, 409))
        .checkIf((response, session) -> response.status().code() == 409)
        .then(jsonPath("$.error.code").is("SEAT_SOLD_OUT"))));

  {
    int n = CANDIDATES.size();
    int prepareRate = Lt.num("lt.prepareRate", 300);
    int holdRate = Lt.num("lt.holdRate", 1000);
    setUp(
      prepare.injectOpen(constantUsersPerSec(prepareRate).during(Math.max(1, n / prepareRate)))
        .andThen(hammer.injectOpen(constantUsersPerSec(holdRate).during(Lt.secs("lt.holdSeconds", 8))))
    ).protocols(Lt.protocol(Lt.baseUrl())).assertions(Lt.globalBounds());
  }
}
