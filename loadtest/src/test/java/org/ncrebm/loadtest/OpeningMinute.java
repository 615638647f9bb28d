package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The opening minute of a province's window behind its waiting room (features S5, S6; issue 14). run.sh switches
 * the room on with its opening {@code lt.openingLeadSeconds} ahead; the seeded candidates enter the room spread over
 * the lead (all before the opening, so their order is drawn at random), poll their place with backoff as the room's
 * page does, and once admitted start a registration at the hot center and race for its subject with their admission
 * ({@code X-Admission}); a sold-out candidate joins the subject's waiting list. A few intruders try the same without
 * an admission and must get {@code 409 ADMISSION_REQUIRED}. The figures (admitted/s against the seat path's served/s,
 * the room's p99, the invariants) are taken by run.sh from the report, Postgres and this simulation's counts file.
 */
public class OpeningMinute extends Simulation {
  private static final JsonObject SEED = Lt.seed("opening");
  private static final List<Map<String, Object>> CANDIDATES = Lt.candidates(SEED);
  private static final long SID = SEED.getLong("examSessionId");
  private static final long HOT = SEED.getLong("hotCenterId");
  private static final String QUEUE = "/api/v1/exam-sessions/" + SID + "/provinces/11/queue";
  private static final String AUTH = "Bearer #{token}";
  private static final int INTRUDERS = Math.min(Lt.num("lt.intruders", 20), CANDIDATES.size() / 10);
  private static final AtomicInteger ADMITTED = new AtomicInteger();
  private static final AtomicInteger REFUSED_INTRUDERS = new AtomicInteger();
  private static final AtomicInteger GAVE_UP = new AtomicInteger();

  /** Polls GET queue until admitted: 0.5 s, then backing off to 4 s, as the room's page does; gives up after a bound. */
  private final ScenarioBuilder candidates = scenario("opening: room, admission, seat")
    .feed(CANDIDATES.subList(INTRUDERS, CANDIDATES.size()).iterator())
    .exec(http("room enter").post(QUEUE).header("Authorization", AUTH).body(StringBody("{}")).asJson()
      .check(status().in(200, 503), jsonPath("$.state").optional().saveAs("state"),
        jsonPath("$.admission.token").optional().saveAs("admission")))
    .exec(session -> session.set("wait", 500))
    .asLongAs(session -> !"ADMITTED".equals(session.getString("state")) && session.getInt("polls") < 600, "polls").on(
      pause(session -> Duration.ofMillis(session.getInt("wait"))),
      exec(http("room poll").get(QUEUE).header("Authorization", AUTH)
        .check(status().in(200, 503), jsonPath("$.state").optional().saveAs("state"),
          jsonPath("$.admission.token").optional().saveAs("admission"))),
      exec(session -> session.set("wait", Math.min(4000, session.getInt("wait") * 3 / 2))))
    .doIfOrElse(session -> "ADMITTED".equals(session.getString("state"))).then(
      exec(session -> {
        ADMITTED.incrementAndGet();
        return session;
      })
      .exec(Journeys.step(http("start (admitted)").post("/api/v1/registrations").header("Authorization", AUTH)
        .header("X-Admission", "#{admission}").body(StringBody(Lt.startJson(SID, HOT))).asJson(), 201,
        jsonPath("$.id").saveAs("rid")))
      .exec(http("hold (admitted)").put("/api/v1/registrations/#{rid}/subjects").header("Authorization", AUTH)
        .header("X-Admission", "#{admission}").body(StringBody("{\"subjects\":[\"61\"]}")).asJson()
        .check(status().in(200, 409, 503).saveAs("held"))
        .checkIf((response, session) -> response.status().code() == 409)
        .then(jsonPath("$.error.code").is("SEAT_SOLD_OUT")))
      .doIf(session -> session.getInt("held") == 409).then(
        exec(http("join waiting list").post("/api/v1/registrations/#{rid}/waitlist").header("Authorization", AUTH)
          .body(StringBody("{\"subject\":\"61\"}")).asJson().check(status().in(200, 201, 503)))))
    .orElse(exec(session -> {
      GAVE_UP.incrementAndGet();
      return session;
    }));

  /** Candidates who skip the room: both gated routes refuse them, and nothing is written. */
  private final ScenarioBuilder intruders = scenario("opening: intruders without an admission")
    .feed(CANDIDATES.subList(0, INTRUDERS).iterator())
    .pause(Lt.secs("lt.openingLeadSeconds", 20).plusSeconds(1))
    .exec(http("start without admission").post("/api/v1/registrations").header("Authorization", AUTH)
      .body(StringBody(Lt.startJson(SID, HOT))).asJson()
      .check(status().is(409), jsonPath("$.error.code").is("ADMISSION_REQUIRED")))
    .exec(http("start with a forged admission").post("/api/v1/registrations").header("Authorization", AUTH)
      .header("X-Admission", "v1.forged.0.11.9999999999.AAAA").body(StringBody(Lt.startJson(SID, HOT))).asJson()
      .check(status().is(409), jsonPath("$.error.code").is("ADMISSION_REQUIRED")))
    .exec(session -> {
      if (!session.isFailed()) REFUSED_INTRUDERS.incrementAndGet();
      return session;
    });

  {
    Duration lead = Lt.secs("lt.openingLeadSeconds", 20);
    // every candidate enters before the opening, spread over the lead less two seconds
    Duration arrivals = lead.minusSeconds(2).isNegative() ? Duration.ofSeconds(1) : lead.minusSeconds(2);
    setUp(candidates.injectOpen(rampUsers(CANDIDATES.size() - INTRUDERS).during(arrivals)),
      intruders.injectOpen(atOnceUsers(INTRUDERS)))
      .protocols(Lt.protocol(Lt.baseUrl()))
      .assertions(global().failedRequests().percent().lte((double) Lt.num("lt.maxFailedPercent", 1)));
  }

  @Override
  public void after() {
    String counts = "opening_admitted_seen=" + ADMITTED.get() + "\nopening_gave_up=" + GAVE_UP.get()
      + "\nopening_intruders=" + INTRUDERS + "\nopening_intruders_refused=" + REFUSED_INTRUDERS.get() + "\n";
    try {
      Files.writeString(Path.of(Lt.prop("lt.seedDir", "target/seed"), "opening-counts.env"), counts);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
