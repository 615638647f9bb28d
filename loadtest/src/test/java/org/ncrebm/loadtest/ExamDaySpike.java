package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.*;

/**
 * Exam day: candidates who logged in before the window (seeded sessions) arrive as a spike, a steep ramp to
 * {@code lt.spikeRate} arrivals/s held for {@code lt.spikeSeconds}, and go all the way: catalogue, start, profile,
 * photo, hold, submit, order, pay in the simulator, and wait for the callback to make the registration PAID.
 */
public class ExamDaySpike extends Simulation {
  private static final JsonObject SEED = Lt.seed("examday");
  private static final List<Map<String, Object>> CANDIDATES = Lt.candidates(SEED);

  private final ScenarioBuilder examDay = scenario("exam day")
    .feed(CANDIDATES.iterator())
    .exec(Journeys.toPaid(SEED.getLong("examSessionId"), SEED.getLong("wideCenterId")))
    .exec(Journeys.awaitPaid());

  {
    int rate = Lt.num("lt.spikeRate", 40);
    int ramp = Lt.num("lt.rampSeconds", 5);
    int hold = Math.min(Lt.num("lt.spikeSeconds", 10), Math.max(1, (CANDIDATES.size() - rate * ramp / 2) / rate));
    setUp(examDay.injectOpen(
      rampUsersPerSec(1).to(rate).during(ramp),
      constantUsersPerSec(rate).during(hold))
    ).protocols(Lt.protocol(Lt.baseUrl())).assertions(Lt.globalBounds());
  }
}
