package org.ncrebm.loadtest;

import io.gatling.javaapi.core.ChainBuilder;

import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

/** The candidate's journey through the real API, from the catalogue to paying in the simulator. */
final class Journeys {
  private static final byte[] PHOTO = Lt.photo();
  private static final String AUTH = "Bearer #{token}";

  private Journeys() {
  }

  /** Catalogue, start, profile, photo, subject 65 held, submitted (PAYABLE), order, paid in the simulator. */
  static ChainBuilder toPaid(long sid, long centerId) {
    return exec(http("catalogue centers").get("/api/v1/exam-sessions/" + sid + "/provinces/11/centers")
        .check(status().is(200)))
      .exec(http("start registration").post("/api/v1/registrations").header("Authorization", AUTH)
        .body(StringBody(Lt.startJson(sid, centerId))).asJson()
        .check(status().is(201), jsonPath("$.id").saveAs("rid")))
      .exec(http("profile").put("/api/v1/registrations/#{rid}/profile").header("Authorization", AUTH)
        .body(StringBody(Lt.profileJson())).asJson().check(status().is(200)))
      .exec(http("photo").put("/api/v1/registrations/#{rid}/photo").header("Authorization", AUTH)
        .header("Content-Type", "image/jpeg").body(ByteArrayBody(PHOTO)).check(status().is(200)))
      .exec(http("hold subjects").put("/api/v1/registrations/#{rid}/subjects").header("Authorization", AUTH)
        .body(StringBody("{\"subjects\":[\"65\"]}")).asJson().check(status().is(200)))
      .exec(http("submit").post("/api/v1/registrations/#{rid}/submission").header("Authorization", AUTH)
        .body(StringBody("{}")).asJson().check(status().is(200), jsonPath("$.status").is("PAYABLE")))
      .exec(http("order").post("/api/v1/registrations/#{rid}/orders").header("Authorization", AUTH)
        .body(StringBody("{\"gateway\":\"alipay\"}")).asJson()
        .check(status().is(201), jsonPath("$.merchantOrderNo").saveAs("mno")))
      .exec(http("sim pay").post("/sim/alipay/orders/#{mno}/pay").body(StringBody("{}")).asJson()
        .check(status().is(200)));
  }

  /** Polls the registration until the callback made it PAID (at most {@code lt.paidWaitSeconds}), then asserts it. */
  static ChainBuilder awaitPaid() {
    int tries = Lt.num("lt.paidWaitSeconds", 30) * 4;
    return exec(session -> session.set("status", "PAYABLE"))
      .asLongAs(session -> !"PAID".equals(session.getString("status")) && session.getInt("i") < tries, "i").on(
        pause(Duration.ofMillis(250)),
        exec(http("poll status").get("/api/v1/registrations/#{rid}").header("Authorization", AUTH)
          .check(status().is(200), jsonPath("$.status").saveAs("status"))))
      .exec(http("status PAID").get("/api/v1/registrations/#{rid}").header("Authorization", AUTH)
        .check(status().is(200), jsonPath("$.status").is("PAID")));
  }
}
