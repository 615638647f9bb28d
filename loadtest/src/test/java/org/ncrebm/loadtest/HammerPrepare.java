package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * SoldOutHammer's preparation, run just before it: every seeded candidate opens a draft registration at the hot
 * center through the real API; the drafts are written to {@code <lt.seedDir>/hammer-drafts.csv} for the hammer, so
 * the hammer's own report measures the race for the seat and nothing else.
 */
public class HammerPrepare extends Simulation {
  private static final JsonObject SEED = Lt.seed("hammer");
  private static final List<Map<String, Object>> CANDIDATES = Lt.candidates(SEED);
  private static final ConcurrentLinkedQueue<String> DRAFTS = new ConcurrentLinkedQueue<>();

  private final ScenarioBuilder prepare = scenario("prepare: draft at the hot center")
    .feed(CANDIDATES.iterator())
    .exec(Journeys.step(http("start registration").post("/api/v1/registrations")
      .header("Authorization", "Bearer #{token}")
      .body(StringBody(Lt.startJson(SEED.getLong("examSessionId"), SEED.getLong("hotCenterId")))).asJson(),
      201, jsonPath("$.id").saveAs("rid")))
    .exec(session -> {
      if (!session.isFailed()) DRAFTS.add(session.getString("token") + "," + session.getString("rid"));
      return session;
    });

  {
    int n = CANDIDATES.size();
    int rate = Lt.num("lt.prepareRate", 150);
    setUp(prepare.injectOpen(constantUsersPerSec(rate).during(Math.max(1, n / rate))))
      .protocols(Lt.protocol(Lt.baseUrl()))
      .assertions(global().failedRequests().percent().lte((double) Lt.num("lt.maxFailedPercent", 1)));
  }

  @Override
  public void after() {
    List<String> lines = new ArrayList<>();
    lines.add("token,rid");
    lines.addAll(DRAFTS);
    try {
      Files.write(Path.of(Lt.prop("lt.seedDir", "target/seed"), "hammer-drafts.csv"), lines);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
