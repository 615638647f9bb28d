package org.ncrebm.payment.sim;

import io.vertx.core.json.JsonObject;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.PaymentGateway;
import org.ncrebm.payment.gateway.PaymentRequest;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;

import java.time.Duration;
import java.util.UUID;

/** What the simulator tests share: a service whose notify retries run two thousand times faster, and helpers. */
final class SimTesting {
  static final double TIME_FACTOR = 0.0005;
  static final String SUBJECT = "全国计算机等级考试报名费";

  private final TestApp app;

  SimTesting(TestApp app) {
    this.app = app;
  }

  static TestApp app() {
    return new TestApp(new JsonObject().put("sim.time-factor", TIME_FACTOR).put("sim.poll-ms", 50));
  }

  PaymentGateway gateway(GatewayKind kind) {
    return app.main().services().gateways().get(kind);
  }

  /** A merchant order number no other test (or test run) uses. */
  static String orderNo() {
    return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  String returnUrl() {
    return "http://127.0.0.1:" + app.port() + "/registrations/back";
  }

  /** Creates the payment at the simulated gateway; the pay page URL. */
  String create(GatewayKind kind, String orderNo, long fen, NotifyReceiver receiver) {
    return TestApp.await(gateway(kind).createPayment(new PaymentRequest(orderNo, fen, SUBJECT,
      app.clock.instant().plus(Duration.ofMinutes(30)), receiver.url(), returnUrl())));
  }

  ApiResponse pay(GatewayKind kind, String orderNo) {
    return app.post("/sim/" + kind.id() + "/orders/" + orderNo + "/pay", new JsonObject());
  }

  ApiResponse faults(GatewayKind kind, JsonObject faults) {
    return app.put("/sim/" + kind.id() + "/faults", faults, null);
  }

  JsonObject order(GatewayKind kind, String orderNo) {
    return app.get("/sim/" + kind.id() + "/orders/" + orderNo, null).json();
  }

  /** Waits until every notify copy of the order was accepted by the merchant. */
  JsonObject awaitDelivered(GatewayKind kind, String orderNo, int copies) {
    NotifyReceiver.waitFor(() -> {
      var n = order(kind, orderNo).getJsonArray("notifies");
      return n.size() == copies && n.stream().allMatch(o -> ((JsonObject) o).getBoolean("delivered"));
    }, Duration.ofSeconds(20), "notifies of " + orderNo + " not all delivered: " + order(kind, orderNo));
    return order(kind, orderNo);
  }
}
