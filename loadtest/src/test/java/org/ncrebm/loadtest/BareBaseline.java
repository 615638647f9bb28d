package org.ncrebm.loadtest;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/**
 * The bare limit in the same run (see {@code BareServer}): {@code lt.bareRoutes} lists
 * {@code route:usersPerSec:seconds} phases run one after the other, each with the same open injection as the service
 * phase it is compared with, e.g. {@code redis/hold:1000:8,pg/insert:1000:8}.
 */
public class BareBaseline extends Simulation {
  {
    String[] phases = Lt.prop("lt.bareRoutes", "redis/hold:1000:8,pg/insert:1000:8,pg/update:500:8,argon2:100:10")
      .split(",");
    PopulationBuilder chain = null;
    for (String phase : phases) {
      String[] p = phase.trim().split(":");
      String route = p[0];
      PopulationBuilder step = scenario("bare " + route)
        .exec(http("bare " + route).post("/bare/" + route).check(status().is(200)))
        .injectOpen(constantUsersPerSec(Integer.parseInt(p[1])).during(Integer.parseInt(p[2])));
      chain = chain == null ? step : chain.andThen(step);
    }
    setUp(chain).protocols(Lt.protocol(Lt.bareUrl()));
  }
}
