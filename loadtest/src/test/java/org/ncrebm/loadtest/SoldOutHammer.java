package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.nio.file.Path;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * Far more candidates than seats on one hot center x subject: the drafts HammerPrepare opened at the hot center race
 * for subject 61 at {@code lt.holdRate} arrivals per second for {@code lt.holdSeconds}: {@code 200} for the first
 * {@code hotCapacity}, {@code 409 SEAT_SOLD_OUT} for the rest (answered from the Redis gate alone), {@code 503
 * OVERLOADED} (shed, with Retry-After) is accepted and counted per route by run.sh from the access log. Anything
 * else fails.
 */
public class SoldOutHammer extends Simulation {
  private final ScenarioBuilder hammer = scenario("hammer: race for the hot subject")
    .feed(csv(Path.of(Lt.prop("lt.seedDir", "target/seed"), "hammer-drafts.csv").toString()).queue())
    .exec(http("hold hot subject").put("/api/v1/registrations/#{rid}/subjects")
      .header("Authorization", "Bearer #{token}").body(StringBody("{\"subjects\":[\"61\"]}")).asJson()
      .check(status().in(200, 409, 503))
      .checkIf((response, session) -> response.status().code() == 409)
      .then(jsonPath("$.error.code").is("SEAT_SOLD_OUT"))
      .checkIf((response, session) -> response.status().code() == 503)
      .then(jsonPath("$.error.code").is("OVERLOADED")));

  {
    setUp(hammer.injectOpen(constantUsersPerSec(Lt.num("lt.holdRate", 500)).during(Lt.secs("lt.holdSeconds", 6))))
      .protocols(Lt.protocol(Lt.baseUrl())).assertions(Lt.globalBounds());
  }
}
