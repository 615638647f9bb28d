package org.ncrebm.payment.sim;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncrebm.payment.gateway.CloseOutcome;
import org.ncrebm.payment.gateway.GatewayException;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.NotifyEvent;
import org.ncrebm.payment.gateway.PaymentGateway;
import org.ncrebm.payment.gateway.RefundResult;
import org.ncrebm.payment.gateway.StatementCsv;
import org.ncrebm.payment.gateway.StatementRow;
import org.ncrebm.payment.gateway.Trade;
import org.ncrebm.payment.gateway.TradeState;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ncrebm.support.TestApp.await;

@DisplayName("The gateway simulator end to end: the service's gateways create, query, close and refund; notifies verify")
class SimulatorFlowsTest {
  @RegisterExtension
  static final TestApp app = SimTesting.app();
  private final SimTesting sim = new SimTesting(app);

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("a created payment is NOT_PAID; the buyer pays; a signed notify verifies as PAID; the query says PAID")
  void payAndNotify(GatewayKind kind) {
    PaymentGateway gw = sim.gateway(kind);
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), gw)) {
      String no = SimTesting.orderNo();
      String payUrl = sim.create(kind, no, 8000, receiver);
      assertThat(payUrl).contains("/sim/" + kind.id() + "/checkout/" + no);
      assertThat(await(gw.query(no)).state()).isEqualTo(TradeState.NOT_PAID);

      ApiResponse paid = sim.pay(kind, no);
      assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
      String txn = paid.json().getString("gatewayTxnId");

      NotifyEvent e = receiver.await(no, 1).get(0).event();
      assertThat(e.state()).isEqualTo(TradeState.PAID);
      assertThat(e.matches(no, 8000)).isTrue();
      assertThat(e.gatewayTxnId()).isEqualTo(txn);
      assertThat(e.paidAt()).isNotNull();
      JsonObject order = sim.awaitDelivered(kind, no, 1);
      assertThat(order.getJsonArray("notifies").getJsonObject(0).getInteger("attempts")).isEqualTo(1);

      Trade t = await(gw.query(no));
      assertThat(t.state()).isEqualTo(TradeState.PAID);
      assertThat(t.gatewayTxnId()).isEqualTo(txn);
      assertThat(t.amountFen()).isEqualTo(8000);
      assertThat(t.paidAt()).isEqualTo(e.paidAt());
      assertThat(receiver.received()).allMatch(r -> r.rejected() == null);
      assertThat(sim.pay(kind, no).status()).as("paying twice").isEqualTo(409);
    }
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("an order the gateway never saw is UNKNOWN_ORDER to query and close, and 404 to the controls")
  void unknownOrder(GatewayKind kind) {
    PaymentGateway gw = sim.gateway(kind);
    String no = SimTesting.orderNo();
    assertThat(await(gw.query(no)).state()).isEqualTo(TradeState.UNKNOWN_ORDER);
    assertThat(await(gw.close(no))).isEqualTo(CloseOutcome.UNKNOWN_ORDER);
    assertThat(sim.pay(kind, no).status()).isEqualTo(404);
    assertThat(sim.pay(kind, no).errorCode()).isEqualTo("NOT_FOUND");
    assertThat(app.post("/sim/" + kind.id() + "/orders/" + no + "/notify?copies=2", new JsonObject()).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("closing an unpaid order makes it unpayable; closing a paid one answers ALREADY_PAID")
  void close(GatewayKind kind) {
    PaymentGateway gw = sim.gateway(kind);
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), gw)) {
      String no = SimTesting.orderNo();
      sim.create(kind, no, 3500, receiver);
      assertThat(await(gw.close(no))).isEqualTo(CloseOutcome.CLOSED);
      assertThat(await(gw.close(no))).as("closing twice").isEqualTo(CloseOutcome.CLOSED);
      assertThat(await(gw.query(no)).state()).isEqualTo(TradeState.CLOSED);
      ApiResponse late = sim.pay(kind, no);
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.errorCode()).isEqualTo("INVALID_STATE");
      if (kind == GatewayKind.ALIPAY) {
        assertThat(receiver.await(no, 1).get(0).event().state()).as("Alipay notifies TRADE_CLOSED").isEqualTo(TradeState.CLOSED);
      }

      String paid = SimTesting.orderNo();
      sim.create(kind, paid, 3500, receiver);
      assertThat(sim.pay(kind, paid).status()).isEqualTo(200);
      assertThat(await(gw.close(paid))).isEqualTo(CloseOutcome.ALREADY_PAID);
      assertThat(await(gw.query(paid)).state()).isEqualTo(TradeState.PAID);
    }
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("refunds: partial then the rest, idempotent by refund number, never more than was paid, each notified")
  void refunds(GatewayKind kind) {
    PaymentGateway gw = sim.gateway(kind);
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), gw)) {
      String no = SimTesting.orderNo();
      sim.create(kind, no, 8000, receiver);
      assertThatThrownBy(() -> await(gw.refund(no, "R0" + no, 8000, "not paid yet")))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.retryable()).isFalse());
      sim.pay(kind, no);
      receiver.await(no, 1);

      RefundResult first = await(gw.refund(no, "R1" + no, 3000, "部分退款"));
      assertThat(first.amountFen()).isEqualTo(3000);
      assertThat(first.completed()).isTrue();
      RefundResult again = await(gw.refund(no, "R1" + no, 3000, "部分退款"));
      assertThat(again.gatewayRefundId()).isEqualTo(first.gatewayRefundId());
      assertThat(await(gw.query(no)).state()).as("a partial refund leaves the trade paid on Alipay")
        .isEqualTo(kind == GatewayKind.ALIPAY ? TradeState.PAID : TradeState.REFUNDED);
      assertThatThrownBy(() -> await(gw.refund(no, "R2" + no, 6000, "too much")))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.retryable()).isFalse());
      await(gw.refund(no, "R3" + no, 5000, "余额退款"));
      assertThat(await(gw.query(no)).state()).isEqualTo(TradeState.REFUNDED);

      List<NotifyReceiver.Received> got = receiver.await(no, 3);
      NotifyEvent last = got.stream().map(NotifyReceiver.Received::event).filter(e -> ("R3" + no).equals(e.refundNo()))
        .findFirst().orElseThrow();
      assertThat(last.state()).isEqualTo(TradeState.REFUNDED);
      assertThat(last.refundFen()).isEqualTo(kind == GatewayKind.ALIPAY ? 8000 : 5000);
      sim.awaitDelivered(kind, no, 3);
      assertThat(receiver.of(no)).as("the repeated refund number sent nothing").hasSize(3);
    }
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("the daily statement lists the day's payments and refunds, parsed back into rows")
  void statement(GatewayKind kind) {
    PaymentGateway gw = sim.gateway(kind);
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), gw)) {
      String a = SimTesting.orderNo();
      String b = SimTesting.orderNo();
      String unpaid = SimTesting.orderNo();
      sim.create(kind, a, 8000, receiver);
      sim.create(kind, b, 4500, receiver);
      sim.create(kind, unpaid, 100, receiver);
      String txnA = sim.pay(kind, a).json().getString("gatewayTxnId");
      sim.pay(kind, b);
      await(gw.refund(b, "RF" + b, 4500, "重复支付"));

      List<StatementRow> rows = await(gw.statement(StatementCsv.date(app.clock.instant())));
      assertThat(rows).anySatisfy(r -> {
        assertThat(r.kind()).isEqualTo(StatementRow.Kind.PAYMENT);
        assertThat(r.merchantOrderNo()).isEqualTo(a);
        assertThat(r.gatewayTxnId()).isEqualTo(txnA);
        assertThat(r.amountFen()).isEqualTo(8000);
      });
      assertThat(rows).anySatisfy(r -> assertThat(r).extracting(StatementRow::kind, StatementRow::merchantOrderNo,
        StatementRow::amountFen).containsExactly(StatementRow.Kind.PAYMENT, b, 4500L));
      assertThat(rows).anySatisfy(r -> assertThat(r).extracting(StatementRow::kind, StatementRow::merchantOrderNo,
        StatementRow::amountFen, StatementRow::refundNo).containsExactly(StatementRow.Kind.REFUND, b, 4500L, "RF" + b));
      assertThat(rows).noneMatch(r -> r.merchantOrderNo().equals(unpaid));
      assertThat(await(gw.statement(StatementCsv.date(app.clock.instant()).minusDays(3)))).isEmpty();
    }
  }

  @Test
  @DisplayName("a merchant request signed with the wrong key is refused, and so is an answer signed with the wrong key")
  void wrongKeys() {
    var keys = org.ncrebm.payment.gateway.RsaKeys.generate();
    var alipay = app.main().serviceConfig().payment().alipay();
    String alipayUrl = Simulator.alipayGatewayUrl("http://127.0.0.1:" + app.port());
    var client = app.client();
    var forged = new org.ncrebm.payment.gateway.AlipayGateway(client, new org.ncrebm.payment.gateway.AlipayGateway.Settings(
      alipay.appId(), keys.getPrivate(), org.ncrebm.payment.gateway.RsaKeys.publicKey(alipay.gatewayPublicKey()), alipayUrl),
      app.clock);
    assertThatThrownBy(() -> await(forged.query(SimTesting.orderNo())))
      .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("isv.invalid-signature"));
    var distrustful = new org.ncrebm.payment.gateway.AlipayGateway(client, new org.ncrebm.payment.gateway.AlipayGateway.Settings(
      alipay.appId(), org.ncrebm.payment.gateway.RsaKeys.privateKey(alipay.merchantPrivateKey()), keys.getPublic(), alipayUrl),
      app.clock);
    assertThatThrownBy(() -> await(distrustful.query(SimTesting.orderNo())))
      .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("BAD_SIGNATURE"));

    var w = app.main().serviceConfig().payment().wechat();
    String wechatUrl = Simulator.wechatGatewayUrl("http://127.0.0.1:" + app.port());
    byte[] v3 = w.apiV3Key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var forgedWx = new org.ncrebm.payment.gateway.WechatGateway(client, new org.ncrebm.payment.gateway.WechatGateway.Settings(
      w.mchId(), w.appId(), v3, keys.getPrivate(), w.merchantSerial(),
      org.ncrebm.payment.gateway.RsaKeys.publicKey(w.platformPublicKey()), w.platformSerial(), wechatUrl), app.clock);
    assertThatThrownBy(() -> await(forgedWx.query(SimTesting.orderNo())))
      .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("SIGN_ERROR"));
    var distrustfulWx = new org.ncrebm.payment.gateway.WechatGateway(client, new org.ncrebm.payment.gateway.WechatGateway.Settings(
      w.mchId(), w.appId(), v3, org.ncrebm.payment.gateway.RsaKeys.privateKey(w.merchantPrivateKey()), w.merchantSerial(),
      keys.getPublic(), w.platformSerial(), wechatUrl), app.clock);
    assertThatThrownBy(() -> await(distrustfulWx.query(SimTesting.orderNo())))
      .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo("BAD_SIGNATURE"));
  }

  @Test
  @DisplayName("the controls validate: unknown gateway 404, bad faults and copies 400")
  void controlValidation() {
    assertThat(app.post("/sim/paypal/orders/" + SimTesting.orderNo() + "/pay", new JsonObject()).status()).isEqualTo(404);
    ApiResponse bad = sim.faults(GatewayKind.ALIPAY, new JsonObject().put("duplicate", "x").put("delayMs", -1));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fieldErrors().fieldNames()).contains("duplicate", "delayMs");
    assertThat(app.post("/sim/wechat/orders/" + SimTesting.orderNo() + "/notify?copies=0", new JsonObject()).status())
      .isEqualTo(400);
    assertThat(sim.faults(GatewayKind.WECHAT, new JsonObject()).status()).isEqualTo(204);
  }
}
