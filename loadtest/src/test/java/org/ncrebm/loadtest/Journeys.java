package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/** The candidate's journey through the real API, from the catalogue to paying in the simulator. */
final class Journeys {
  private static final byte[] PHOTO = Lt.photo();
  private static final String AUTH = "Bearer #{token}";

  private Journeys() {
  }

  /**
   * The expected status, or 503 OVERLOADED (the service shedding load honestly, with Retry-After): both pass the
   * checks; anything else (a 500, a wrong 4xx) fails. The extra checks run on the expected status only.
   */
  static HttpRequestActionBuilder expect(HttpRequestActionBuilder request, int expected, CheckBuilder... onExpected) {
    HttpRequestActionBuilder r = request.check(status().in(expected, 503).saveAs("code"))
      .checkIf((response, session) -> response.status().code() == 503).then(jsonPath("$.error.code").is("OVERLOADED"));
    return onExpected.length == 0 ? r
      : r.checkIf((response, session) -> response.status().code() == expected).then(onExpected);
  }

  /** A step of a journey: a candidate sent away with 503 stops here (a real one would come back later). */
  static ChainBuilder step(HttpRequestActionBuilder request, int expected, CheckBuilder... onExpected) {
    return exec(expect(request, expected, onExpected)).exitHereIf(session -> session.getInt("code") == 503);
  }

  /** Catalogue, start, profile, photo, subject 65 held, submitted (PAYABLE), order, paid in the simulator. */
  static ChainBuilder toPaid(long sid, long centerId) {
    return step(http("catalogue centers").get("/api/v1/exam-sessions/" + sid + "/provinces/11/centers"), 200)
      .exec(step(http("start registration").post("/api/v1/registrations").header("Authorization", AUTH)
        .body(StringBody(Lt.startJson(sid, centerId))).asJson(), 201, jsonPath("$.id").saveAs("rid")))
      .exec(step(http("profile").put("/api/v1/registrations/#{rid}/profile").header("Authorization", AUTH)
        .body(StringBody(Lt.profileJson())).asJson(), 200))
      .exec(step(http("photo").put("/api/v1/registrations/#{rid}/photo").header("Authorization", AUTH)
        .header("Content-Type", "image/jpeg").body(ByteArrayBody(PHOTO)), 200))
      .exec(step(http("hold subjects").put("/api/v1/registrations/#{rid}/subjects").header("Authorization", AUTH)
        .body(StringBody("{\"subjects\":[\"65\"]}")).asJson(), 200))
      .exec(step(http("submit").post("/api/v1/registrations/#{rid}/submission").header("Authorization", AUTH)
        .body(StringBody("{}")).asJson(), 200, jsonPath("$.status").is("PAYABLE")))
      .exec(step(http("order").post("/api/v1/registrations/#{rid}/orders").header("Authorization", AUTH)
        .body(StringBody("{\"gateway\":\"alipay\"}")).asJson(), 201, jsonPath("$.merchantOrderNo").saveAs("mno")))
      .exec(step(http("sim pay").post("/sim/alipay/orders/#{mno}/pay").body(StringBody("{}")).asJson(), 200));
  }

  /** Polls the registration until the callback made it PAID (at most {@code lt.paidWaitSeconds}), then asserts it. */
  static ChainBuilder awaitPaid() {
    int tries = Lt.num("lt.paidWaitSeconds", 30) * 4;
    return exec(session -> session.set("status", "PAYABLE"))
      .asLongAs(session -> !"PAID".equals(session.getString("status")) && session.getInt("i") < tries, "i").on(
        pause(Duration.ofMillis(250)),
        exec(expect(http("poll status").get("/api/v1/registrations/#{rid}").header("Authorization", AUTH), 200,
          jsonPath("$.status").saveAs("status"))))
      .exec(http("status PAID").get("/api/v1/registrations/#{rid}").header("Authorization", AUTH)
        .check(status().is(200), jsonPath("$.status").is("PAID")));
  }
}
