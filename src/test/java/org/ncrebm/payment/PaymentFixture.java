package org.ncrebm.payment;

import io.vertx.core.json.JsonObject;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/** Payable registrations made through the real API, and the simulator's buyer controls. */
final class PaymentFixture {
  static final double TIME_FACTOR = 0.0005;
  private final TestApp app;
  private final Journey journey;
  private final Candidates candidates;
  long sid;
  long center;

  PaymentFixture(TestApp app) {
    this.app = app;
    this.journey = new Journey(app);
    this.candidates = new Candidates(app);
  }

  static TestApp app() {
    return new TestApp(new JsonObject().put("sim.time-factor", TIME_FACTOR).put("sim.poll-ms", 50));
  }

  /** An exam session open in Beijing with a center that does not review (fees 90 + 85 yuan). */
  void setUp() {
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "S");
    staff.openWindow(admin, sid, "11");
    center = staff.createCenter(admin, sid, "11", "110001", false, false, new JsonObject().put("24", 50).put("65", 50));
  }

  /** [token, registration id] of a PAYABLE registration holding subjects 24 and 65 (175 yuan). */
  String[] payable() {
    String token = candidates.seeded(1).get(0)[1];
    String id = journey.ready(token, sid, center, "24", "65");
    assertThat(journey.submit(token, id).json().getString("status")).isEqualTo("PAYABLE");
    return new String[]{token, id};
  }

  ApiResponse order(String[] r, String gateway) {
    return app.post("/api/v1/registrations/" + r[1] + "/orders", new JsonObject().put("gateway", gateway), r[0]);
  }

  JsonObject orderOk(String[] r, String gateway) {
    ApiResponse o = order(r, gateway);
    assertThat(o.status()).as(o.toString()).isEqualTo(201);
    return o.json();
  }

  ApiResponse pay(JsonObject order) {
    return app.post("/sim/" + order.getString("gateway") + "/orders/" + order.getString("merchantOrderNo") + "/pay",
      new JsonObject());
  }

  ApiResponse faults(String gateway, JsonObject faults) {
    return app.put("/sim/" + gateway + "/faults", faults, null);
  }

  JsonObject registration(String[] r) {
    return app.get("/api/v1/registrations/" + r[1], r[0]).json();
  }

  /** Waits for an asynchronous notify to be applied (the simulator sends it right after the buyer pays). */
  String awaitStatus(String[] r, String status) {
    String seen = null;
    for (int i = 0; i < 200; i++) {
      seen = app.count("select count(*) from registration where id = $1::uuid and status = $2", r[1], status) == 1
        ? status : null;
      if (seen != null) return seen;
      pause();
    }
    return app.query("select status from registration where id = $1::uuid", r[1]).iterator().next().getString(0);
  }

  String awaitOrder(String merchantOrderNo, String status) {
    for (int i = 0; i < 200; i++) {
      String s = app.query("select status from payment_order where merchant_order_no = $1", merchantOrderNo)
        .iterator().next().getString(0);
      if (s.equals(status)) return s;
      pause();
    }
    return app.query("select status from payment_order where merchant_order_no = $1", merchantOrderNo)
      .iterator().next().getString(0);
  }

  int runOrderJob() {
    return TestApp.await(app.main().services().payments().jobs().runOnce());
  }

  /** Polls an asynchronous delivery; the clock under test is not involved. */
  static void pause() {
    org.ncrebm.support.Polling.pause(25);
  }
}
