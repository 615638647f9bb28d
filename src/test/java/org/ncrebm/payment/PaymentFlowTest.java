package org.ncrebm.payment;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Payment through both gateway protocols and the simulator: never a lost or a double payment")
class PaymentFlowTest {
  @RegisterExtension
  static final TestApp app = PaymentFixture.app();
  private final PaymentFixture fx = new PaymentFixture(app);

  @BeforeEach
  void setUp() {
    fx.setUp();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"alipay", "wechat"})
  @DisplayName("an order for a payable registration, paid at the gateway, makes it PAID with its seats confirmed")
  void pays(String gateway) {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, gateway);
    assertThat(order.getInteger("amountFen")).isEqualTo(17500);
    assertThat(order.getString("payUrl")).contains("/sim/" + gateway + "/checkout/");
    assertThat(order.getString("expiresAt")).isEqualTo(fx.registration(r).getString("holdExpiresAt"));
    assertThat(fx.pay(order).status()).isEqualTo(200);
    assertThat(fx.awaitStatus(r, "PAID")).isEqualTo("PAID");
    JsonObject reg = fx.registration(r);
    assertThat(reg.getJsonArray("subjects").getJsonObject(0).getString("state")).isEqualTo("CONFIRMED");
    assertThat(reg.getJsonArray("orders").getJsonObject(0).getJsonArray("timeline").stream()
      .map(e -> ((JsonObject) e).getString("event")).toList()).containsExactly("CREATED", "AT_GATEWAY", "PAID");
    assertThat(fx.order(r, gateway).errorCode()).isEqualTo("ALREADY_PAID");
    assertThat(app.count("select count(*) from audit_log where action = 'payment.paid'")).isEqualTo(1);
  }

  @Test
  @DisplayName("ordering again reuses the live order; switching gateway replaces it")
  void reuseAndReplace() {
    String[] r = fx.payable();
    JsonObject first = fx.orderOk(r, "alipay");
    assertThat(fx.orderOk(r, "alipay").getString("orderId")).isEqualTo(first.getString("orderId"));
    JsonObject second = fx.orderOk(r, "wechat");
    assertThat(second.getString("orderId")).isNotEqualTo(first.getString("orderId"));
    assertThat(app.count("select count(*) from payment_order where status in ('CREATED', 'AT_GATEWAY')")).isEqualTo(1);
    assertThat(app.count("select count(*) from payment_order where status = 'CLOSED'")).isEqualTo(1);
  }

  @Test
  @DisplayName("orders only for PAYABLE registrations, with a gateway named exactly; others' registrations are 404")
  void refusals() {
    String[] r = fx.payable();
    assertThat(fx.order(r, "paypal").status()).isEqualTo(400);
    String[] other = fx.payable();
    assertThat(app.post("/api/v1/registrations/" + r[1] + "/orders", new JsonObject().put("gateway", "alipay"), other[0])
      .status()).isEqualTo(404);
    app.post("/api/v1/registrations/" + r[1] + "/cancellation", new JsonObject(), r[0]);
    assertThat(fx.order(r, "alipay").errorCode()).isEqualTo("INVALID_STATE");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"alipay", "wechat"})
  @DisplayName("the same notify ten times in parallel pays once; every copy gets the success reply")
  void duplicates(String gateway) {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, gateway);
    double paidBefore = callbacks(gateway, "paid");
    double duplicatesBefore = callbacks(gateway, "already_settled");
    fx.faults(gateway, new JsonObject().put("dropNext", 1));
    fx.pay(order);
    assertThat(app.post("/sim/" + gateway + "/orders/" + order.getString("merchantOrderNo") + "/notify?copies=10",
      new JsonObject()).status()).isEqualTo(200);
    assertThat(fx.awaitStatus(r, "PAID")).isEqualTo("PAID");
    // Operations see it too: one callback paid, the other copies counted as duplicates (the simulator sends its
    // copies without waiting for our replies, so the last ones are still arriving; and the paying copy is counted
    // once its after-commit work, the candidate's notice, is done, which can be after the duplicates' replies).
    for (int i = 0; i < 200 && (callbacks(gateway, "already_settled") - duplicatesBefore < 9
      || callbacks(gateway, "paid") - paidBefore < 1); i++) {
      PaymentFixture.pause();
    }
    assertThat(callbacks(gateway, "paid") - paidBefore).isEqualTo(1.0);
    assertThat(callbacks(gateway, "already_settled") - duplicatesBefore).isGreaterThanOrEqualTo(9.0);
    assertThat(app.count("select count(*) from payment_order where status = 'PAID'")).isEqualTo(1);
    assertThat(app.count("select count(*) from payment_timeline where event = 'PAID'")).isEqualTo(1);
    assertThat(app.count("select count(*) from gateway_event where outcome = 'PAID'")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"alipay", "wechat"})
  @DisplayName("forged, tampered or stale notifies are refused and change nothing")
  void forged(String gateway) {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, gateway);
    String body = gateway.equals("alipay")
      ? "out_trade_no=" + order.getString("merchantOrderNo") + "&trade_status=TRADE_SUCCESS&total_amount=180.00&sign=AAAA&sign_type=RSA2"
      : "{\"id\":\"evt\",\"resource\":{\"ciphertext\":\"AAAA\",\"nonce\":\"123456789012\",\"associated_data\":\"x\"}}";
    HttpResponse<Buffer> reply = TestApp.await(app.client().post("/pay/notify/" + gateway)
      .putHeader("Content-Type", gateway.equals("alipay") ? "application/x-www-form-urlencoded" : "application/json")
      .putHeader("Wechatpay-Signature", "Zm9yZ2Vk").putHeader("Wechatpay-Timestamp", "1")
      .putHeader("Wechatpay-Nonce", "n").putHeader("Wechatpay-Serial", "s").sendBuffer(Buffer.buffer(body)));
    assertThat(reply.bodyAsString() == null ? "" : reply.bodyAsString()).isNotEqualTo("success");
    assertThat(reply.statusCode() == 200 && gateway.equals("wechat")).isFalse();
    // Only this order: a notify retry left from an earlier test may still land after the reset.
    assertThat(app.count("select count(*) from gateway_event where merchant_order_no = $1",
      order.getString("merchantOrderNo"))).isZero();
    assertThat(fx.registration(r).getString("status")).isEqualTo("PAYABLE");
  }

  @Test
  @DisplayName("a dropped notify is found by the order job asking the gateway")
  void droppedNotify() {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, "wechat");
    fx.faults("wechat", new JsonObject().put("dropNext", 100));
    fx.pay(order);
    app.clock.advance(Duration.ofMinutes(3));
    assertThat(fx.runOrderJob()).isEqualTo(1);
    assertThat(fx.registration(r).getString("status")).isEqualTo("PAID");
    assertThat(app.count("select count(*) from gateway_event where event_id like 'query:%' and outcome = 'PAID'")).isEqualTo(1);
  }

  @Test
  @DisplayName("'check with the gateway now' finds a payment at once, and is rate limited")
  void checkNow() {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, "alipay");
    fx.faults("alipay", new JsonObject().put("dropNext", 100));
    fx.pay(order);
    String path = "/api/v1/registrations/" + r[1] + "/orders/" + order.getString("orderId") + "/check";
    ApiResponse checked = app.post(path, new JsonObject(), r[0]);
    assertThat(checked.json().getString("status")).isEqualTo("PAID");
    ApiResponse again = app.post(path, new JsonObject(), r[0]);
    assertThat(again.status()).isEqualTo(429);
    assertThat(again.header("Retry-After")).isNotNull();
  }

  @Test
  @DisplayName("'closed' arriving after 'paid' leaves the payment alone")
  void closedAfterPaid() {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, "alipay");
    fx.pay(order);
    fx.awaitStatus(r, "PAID");
    TestApp.await(app.main().services().payments().service().apply(new Settlement.Report(
      org.ncrebm.payment.gateway.GatewayKind.ALIPAY, "late-close", order.getString("merchantOrderNo"), null,
      org.ncrebm.payment.gateway.TradeState.CLOSED, 17500, null)));
    assertThat(fx.registration(r).getString("status")).isEqualTo("PAID");
    assertThat(app.count("select count(*) from payment_order where status = 'PAID'")).isEqualTo(1);
  }

  @Test
  @DisplayName("an unpaid order is closed at the gateway when it expires, then the seats go back")
  void expiryClosesThenReleases() {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, "alipay");
    app.clock.advance(Duration.ofMinutes(31));
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(10))).as("waits for the order").isZero();
    fx.runOrderJob();
    assertThat(fx.awaitOrder(order.getString("merchantOrderNo"), "CLOSED")).isEqualTo("CLOSED");
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(10))).isEqualTo(1);
    assertThat(app.query("select status from registration where id = $1::uuid", r[1]).iterator().next().getString(0))
      .isEqualTo("EXPIRED");
    assertThat(app.count("select coalesce(sum(taken), 0) from center_capacity")).isZero();
    assertThat(fx.pay(order).status()).as("the gateway refuses to take money for it").isNotEqualTo(200);
  }

  @Test
  @DisplayName("money for a cancelled registration is refunded automatically, and the candidate is told")
  void paidAfterCancel() {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, "alipay");
    app.post("/api/v1/registrations/" + r[1] + "/cancellation", new JsonObject(), r[0]);
    fx.pay(order);
    assertThat(fx.awaitOrder(order.getString("merchantOrderNo"), "REFUNDED")).isEqualTo("REFUNDED");
    assertThat(fx.registration(r).getString("status")).isEqualTo("CANCELLED");
    assertThat(app.count("select count(*) from payment_timeline where event in ('REFUNDING', 'REFUNDED')")).isEqualTo(2);
    assertThat(app.count("select count(*) from notification_outbox where subject like '%退%'")).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("a late payment is reinstated when its seats are free, refunded when they are gone")
  void latePayment() {
    String[] lucky = fx.payable();
    String[] unlucky = fx.payable();
    JsonObject luckyOrder = fx.orderOk(lucky, "alipay");
    JsonObject unluckyOrder = fx.orderOk(unlucky, "wechat");
    // Both orders were closed here but their gateway close never got through (a partial failure).
    app.query("update payment_order set status = 'CLOSED'");
    app.clock.advance(Duration.ofMinutes(31));
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(10))).isEqualTo(2);
    app.query("update center_capacity set capacity = 0 where subject_code = '65'");
    fx.pay(luckyOrder);
    fx.pay(unluckyOrder);
    assertThat(fx.awaitOrder(unluckyOrder.getString("merchantOrderNo"), "REFUNDED")).isEqualTo("REFUNDED");
    assertThat(fx.awaitOrder(luckyOrder.getString("merchantOrderNo"), "REFUNDED")).as("65 is gone for both")
      .isEqualTo("REFUNDED");
    app.query("update center_capacity set capacity = 50");
    String[] third = fx.payable();
    JsonObject thirdOrder = fx.orderOk(third, "alipay");
    app.query("update payment_order set status = 'CLOSED' where merchant_order_no = $1", thirdOrder.getString("merchantOrderNo"));
    app.clock.advance(Duration.ofMinutes(31));
    TestApp.await(app.main().services().holdExpiry().runOnce(10));
    fx.pay(thirdOrder);
    assertThat(fx.awaitStatus(third, "PAID")).isEqualTo("PAID");
    assertThat(app.count("select count(*) from audit_log where action = 'payment.reinstated'")).isEqualTo(1);
    assertThat(app.count("select taken from center_capacity where subject_code = '24'")).isEqualTo(1);
    var services = app.main().services();
    long[] counter = TestApp.await(new org.ncrebm.seats.SeatGate(services.platform().redis(),
      services.platform().scripts(), services.platform().pool(), new org.ncrebm.seats.Breaker(), app.clock)
      .peek(new org.ncrebm.seats.SeatGate.Counter(fx.sid, fx.center, "24")));
    assertThat(counter).as("the gate learns of the reinstated seat at once: [stock, holders, waiting]").containsExactly(49L, 1L, 0L);
  }

  @Test
  @DisplayName("two successful payments for one registration: the second is refunded")
  void paidTwice() {
    String[] r = fx.payable();
    JsonObject first = fx.orderOk(r, "alipay");
    app.query("update payment_order set status = 'CLOSED'");
    JsonObject second = fx.orderOk(r, "wechat");
    fx.pay(first);
    fx.awaitStatus(r, "PAID");
    fx.pay(second);
    assertThat(fx.awaitOrder(second.getString("merchantOrderNo"), "REFUNDED")).isEqualTo("REFUNDED");
    assertThat(app.count("select count(*) from payment_order where status = 'PAID'")).isEqualTo(1);
    assertThat(fx.registration(r).getString("status")).isEqualTo("PAID");
  }

  @Test
  @DisplayName("reconciliation lists a payment missing here and one missing at the gateway")
  void reconciliation() {
    String[] a = fx.payable();
    String[] b = fx.payable();
    JsonObject oa = fx.orderOk(a, "alipay");
    JsonObject ob = fx.orderOk(b, "alipay");
    fx.pay(oa);
    fx.pay(ob);
    fx.awaitStatus(a, "PAID");
    fx.awaitStatus(b, "PAID");
    app.query("update payment_order set paid_at = null where merchant_order_no = $1", oa.getString("merchantOrderNo"));
    String[] c = fx.payable();
    JsonObject oc = fx.orderOk(c, "alipay");
    app.query("update payment_order set status = 'PAID', paid_at = now(), paid_amount_fen = 18000, gateway_txn_id = 'ghost' "
      + "where merchant_order_no = $1", oc.getString("merchantOrderNo"));
    String admin = new org.ncrebm.support.Staff(app).adminToken();
    ApiResponse run = app.post("/api/v1/staff/reconciliation", new JsonObject().put("gateway", "alipay")
      .put("date", LocalDate.now(org.ncrebm.platform.Times.ZONE).toString()), admin);
    assertThat(run.status()).as(run.toString()).isEqualTo(201);
    List<String> kinds = new ArrayList<>();
    run.json().getJsonArray("differences").forEach(d -> kinds.add(((JsonObject) d).getString("kind") + ":"
      + ((JsonObject) d).getString("merchantOrderNo")));
    assertThat(kinds).containsExactlyInAnyOrder("MISSING_HERE:" + oa.getString("merchantOrderNo"),
      "MISSING_AT_GATEWAY:" + oc.getString("merchantOrderNo"));
    assertThat(app.get("/api/v1/staff/reconciliation", admin).jsonArray()).hasSize(1);
  }

  @Test
  @DisplayName("the daily job started on three instances at once reconciles each gateway's day exactly once")
  void dailyOnce() {
    var reconciliation = app.main().services().payments().reconciliation();
    TestApp.await(io.vertx.core.Future.all(reconciliation.daily(), reconciliation.daily(), reconciliation.daily()));
    TestApp.await(reconciliation.daily());
    assertThat(app.count("select count(*) from reconciliation_run")).isEqualTo(2);
    assertThat(app.count("select count(distinct gateway) from reconciliation_run")).isEqualTo(2);
  }

  @Test
  @DisplayName("a payment of the wrong amount is not taken as payment: it is refunded and the registration stays payable")
  void wrongAmount() {
    String[] r = fx.payable();
    JsonObject order = fx.orderOk(r, "alipay");
    var outcome = TestApp.await(app.main().services().payments().service().apply(new Settlement.Report(
      org.ncrebm.payment.gateway.GatewayKind.ALIPAY, "odd-amount", order.getString("merchantOrderNo"), "T1",
      org.ncrebm.payment.gateway.TradeState.PAID, 100, null)));
    assertThat(outcome).isEqualTo(Settlement.Outcome.AMOUNT_MISMATCH);
    assertThat(app.query("select status from registration where id = $1::uuid", r[1]).iterator().next().getString(0))
      .isEqualTo("PAYABLE");
    assertThat(app.count("select count(*) from payment_order where status = 'PAID'")).isZero();
    assertThat(app.count("select count(*) from gateway_event where event_id = 'odd-amount' and outcome = 'AMOUNT_MISMATCH'"))
      .isEqualTo(1);
  }

  @Test
  @DisplayName("a notify for an order we never made is recorded and answered, and changes nothing")
  void unknownOrder() {
    var outcome = TestApp.await(app.main().services().payments().service().apply(new Settlement.Report(
      org.ncrebm.payment.gateway.GatewayKind.WECHAT, "stray", "NCNOSUCHORDER00000001", "T2",
      org.ncrebm.payment.gateway.TradeState.PAID, 9000, null)));
    assertThat(outcome).isEqualTo(Settlement.Outcome.NOTHING);
    assertThat(app.count("select count(*) from gateway_event where event_id = 'stray' and outcome = 'UNKNOWN_ORDER'"))
      .isEqualTo(1);
  }

  private double callbacks(String gateway, String outcome) {
    var counter = app.main().services().platform().metrics().registry().find("ncre.callbacks")
      .tags("gateway", gateway, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
