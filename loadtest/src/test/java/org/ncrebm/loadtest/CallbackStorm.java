package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The simulator replays signed payment notifications with duplicates and reordering. Phase 1 sets the simulator's
 * faults ({@code duplicate} copies, {@code reorder}) and pays {@code accounts} registrations through the real journey;
 * phase 2 asks the simulator, {@code lt.stormRate} times a second for {@code lt.stormSeconds}, to send the notify of
 * a random paid order again, {@code lt.copies} copies at once: each is signed afresh and posted to
 * {@code /pay/notify/alipay}, where it must be recorded once and answered {@code success}. The invariant check then
 * proves no order was paid twice and every paid trade has exactly one PAID registration.
 */
public class CallbackStorm extends Simulation {
  private static final JsonObject SEED = Lt.seed("callbacks");
  private static final List<Map<String, Object>> CANDIDATES = Lt.candidates(SEED);
  private static final List<String> PAID = new CopyOnWriteArrayList<>();

  private final ScenarioBuilder faults = scenario("set simulator faults")
    .exec(http("sim faults").put("/sim/alipay/faults")
      .body(StringBody("{\"duplicate\":" + Lt.num("lt.duplicate", 3) + ",\"reorder\":true}")).asJson()
      .check(status().is(204)));

  private final ScenarioBuilder pay = scenario("pay")
    .feed(CANDIDATES.iterator())
    .exec(Journeys.toPaid(SEED.getLong("examSessionId"), SEED.getLong("wideCenterId")))
    .exec(session -> {
      if (!session.isFailed() && session.contains("mno")) PAID.add(session.getString("mno"));
      return session;
    });

  private final ScenarioBuilder storm = scenario("storm")
    .feed(new Iterator<Map<String, Object>>() {
      public boolean hasNext() {
        return true;
      }

      public Map<String, Object> next() {
        Map<String, Object> m = new HashMap<>();
        m.put("mno", PAID.isEmpty() ? "" : PAID.get(ThreadLocalRandom.current().nextInt(PAID.size())));
        return m;
      }
    })
    .doIf(session -> !session.getString("mno").isEmpty()).then(
      exec(Journeys.expect(http("sim notify again").post("/sim/alipay/orders/#{mno}/notify?copies="
        + Lt.num("lt.copies", 5)).body(StringBody("{}")).asJson(), 200)));

  {
    int n = CANDIDATES.size();
    int payRate = Lt.num("lt.payRate", 30);
    setUp(faults.injectOpen(atOnceUsers(1))
      .andThen(pay.injectOpen(constantUsersPerSec(payRate).during(Math.max(1, n / payRate)))
        .andThen(storm.injectOpen(constantUsersPerSec(Lt.num("lt.stormRate", 100)).during(Lt.secs("lt.stormSeconds", 15))))))
      .protocols(Lt.protocol(Lt.baseUrl())).assertions(Lt.globalBounds());
  }
}
