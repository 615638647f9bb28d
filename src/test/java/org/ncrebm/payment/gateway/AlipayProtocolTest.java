package org.ncrebm.payment.gateway;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Alipay-style protocol: canonical string, RSA2 signatures, notify verification")
class AlipayProtocolTest {
  private static final String APP_ID = "2021000000000001";
  private final AlipayGateway gateway = new AlipayGateway(null, new AlipayGateway.Settings(APP_ID,
    TestKeys.MERCHANT.getPrivate(), TestKeys.GATEWAY.getPublic(), "http://127.0.0.1:1/gateway.do"), Clock.systemUTC());

  private static Map<String, String> paidNotify(String appId) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("notify_type", "trade_status_sync");
    p.put("notify_id", "ac05099524730693a8b330c5ecf72da9786");
    p.put("notify_time", "2026-03-01 10:00:05");
    p.put("app_id", appId);
    p.put("charset", "utf-8");
    p.put("version", "1.0");
    p.put("trade_no", "2026030122001100000000000001");
    p.put("out_trade_no", "NCRE20260301000001");
    p.put("trade_status", "TRADE_SUCCESS");
    p.put("total_amount", "80.00");
    p.put("subject", "全国计算机等级考试报名费");
    p.put("gmt_create", "2026-03-01 09:59:00");
    p.put("gmt_payment", "2026-03-01 10:00:00");
    return p;
  }

  private static NotifyRequest request(Map<String, String> params) {
    return new NotifyRequest(MultiMap.caseInsensitiveMultiMap()
      .add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), AlipayCodec.form(params));
  }

  private static Map<String, String> signed(PrivateKey key, Map<String, String> p) {
    return AlipayCodec.signNotify(key, p);
  }

  @Test
  @DisplayName("the canonical string sorts keys in ASCII order, drops sign, empty values and (for notifies) sign_type")
  void canonicalOrdering() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("b", "2");
    p.put("sign", "xyz");
    p.put("a_b", "3");
    p.put("sign_type", "RSA2");
    p.put("empty", "");
    p.put("a", "1");
    p.put("A", "0");
    p.put("subject", "考试 & 报名=费");
    assertThat(AlipayCodec.canonical(p, true)).isEqualTo("A=0&a=1&a_b=3&b=2&subject=考试 & 报名=费");
    assertThat(AlipayCodec.canonical(p, false)).isEqualTo("A=0&a=1&a_b=3&b=2&sign_type=RSA2&subject=考试 & 报名=费");
  }

  @Test
  @DisplayName("a notify signed with the gateway key verifies and normalizes to PAID with the amount in fen")
  void goodSignature() {
    NotifyEvent e = gateway.verifyNotify(request(signed(TestKeys.GATEWAY.getPrivate(), paidNotify(APP_ID))));
    assertThat(e.gateway()).isEqualTo(GatewayKind.ALIPAY);
    assertThat(e.state()).isEqualTo(TradeState.PAID);
    assertThat(e.amountFen()).isEqualTo(8000);
    assertThat(e.eventId()).isEqualTo("ac05099524730693a8b330c5ecf72da9786");
    assertThat(e.merchantOrderNo()).isEqualTo("NCRE20260301000001");
    assertThat(e.gatewayTxnId()).isEqualTo("2026030122001100000000000001");
    assertThat(e.paidAt()).isEqualTo(Instant.parse("2026-03-01T02:00:00Z"));
    assertThat(e.matches("NCRE20260301000001", 8000)).isTrue();
    assertThat(e.matches("NCRE20260301000001", 8001)).isFalse();
  }

  @Test
  @DisplayName("a notify signed with any other key is rejected as a bad signature")
  void badSignature() {
    assertThatThrownBy(() -> gateway.verifyNotify(request(signed(TestKeys.STRANGER.getPrivate(), paidNotify(APP_ID)))))
      .isInstanceOfSatisfying(NotifyRejected.class, r -> assertThat(r.reason()).isEqualTo(NotifyRejected.Reason.BAD_SIGNATURE));
    Map<String, String> unsigned = paidNotify(APP_ID);
    assertThatThrownBy(() -> gateway.verifyNotify(request(unsigned)))
      .isInstanceOfSatisfying(NotifyRejected.class, r -> assertThat(r.reason()).isEqualTo(NotifyRejected.Reason.BAD_SIGNATURE));
  }

  @Test
  @DisplayName("a tampered amount, status or order number breaks the signature")
  void tampered() {
    for (String[] change : new String[][]{{"total_amount", "0.01"}, {"trade_status", "TRADE_FINISHED"},
      {"out_trade_no", "NCRE20260301000002"}, {"extra", "added"}}) {
      Map<String, String> p = signed(TestKeys.GATEWAY.getPrivate(), paidNotify(APP_ID));
      p.put(change[0], change[1]);
      assertThatThrownBy(() -> gateway.verifyNotify(request(p))).as(change[0])
        .isInstanceOfSatisfying(NotifyRejected.class, r -> assertThat(r.reason()).isEqualTo(NotifyRejected.Reason.BAD_SIGNATURE));
    }
  }

  @Test
  @DisplayName("sign_type is outside the signed content of a notify, as Alipay defines it")
  void signTypeNotSigned() {
    Map<String, String> p = signed(TestKeys.GATEWAY.getPrivate(), paidNotify(APP_ID));
    p.remove("sign_type");
    assertThat(gateway.verifyNotify(request(p)).state()).isEqualTo(TradeState.PAID);
  }

  @Test
  @DisplayName("a genuine notify for another app id is rejected as an app mismatch")
  void appMismatch() {
    assertThatThrownBy(() -> gateway.verifyNotify(request(signed(TestKeys.GATEWAY.getPrivate(), paidNotify("2021999999999999")))))
      .isInstanceOfSatisfying(NotifyRejected.class, r -> assertThat(r.reason()).isEqualTo(NotifyRejected.Reason.APP_MISMATCH));
  }

  @Test
  @DisplayName("a signed notify without an order number or with an unreadable amount is malformed")
  void malformed() {
    Map<String, String> p = paidNotify(APP_ID);
    p.remove("out_trade_no");
    assertThatThrownBy(() -> gateway.verifyNotify(request(signed(TestKeys.GATEWAY.getPrivate(), p))))
      .isInstanceOfSatisfying(NotifyRejected.class, r -> assertThat(r.reason()).isEqualTo(NotifyRejected.Reason.MALFORMED));
    Map<String, String> q = paidNotify(APP_ID);
    q.put("total_amount", "80.001");
    assertThatThrownBy(() -> gateway.verifyNotify(request(signed(TestKeys.GATEWAY.getPrivate(), q))))
      .isInstanceOfSatisfying(NotifyRejected.class, r -> assertThat(r.reason()).isEqualTo(NotifyRejected.Reason.MALFORMED));
  }

  @Test
  @DisplayName("only TRADE_SUCCESS and TRADE_FINISHED mean paid; a closed trade that was paid means refunded")
  void states() {
    assertThat(AlipayCodec.state("TRADE_SUCCESS", false)).isEqualTo(TradeState.PAID);
    assertThat(AlipayCodec.state("TRADE_FINISHED", true)).isEqualTo(TradeState.PAID);
    assertThat(AlipayCodec.state("WAIT_BUYER_PAY", false)).isEqualTo(TradeState.NOT_PAID);
    assertThat(AlipayCodec.state("TRADE_CLOSED", false)).isEqualTo(TradeState.CLOSED);
    assertThat(AlipayCodec.state("TRADE_CLOSED", true)).isEqualTo(TradeState.REFUNDED);
    Map<String, String> p = paidNotify(APP_ID);
    p.put("trade_status", "WAIT_BUYER_PAY");
    p.remove("gmt_payment");
    assertThat(gateway.verifyNotify(request(signed(TestKeys.GATEWAY.getPrivate(), p))).state()).isEqualTo(TradeState.NOT_PAID);
    Map<String, String> refund = paidNotify(APP_ID);
    refund.put("trade_status", "TRADE_CLOSED");
    refund.put("refund_fee", "80.00");
    refund.put("out_biz_no", "R1");
    NotifyEvent e = gateway.verifyNotify(request(signed(TestKeys.GATEWAY.getPrivate(), refund)));
    assertThat(e.state()).isEqualTo(TradeState.REFUNDED);
    assertThat(e.refundFen()).isEqualTo(8000);
    assertThat(e.refundNo()).isEqualTo("R1");
  }

  @Test
  @DisplayName("amounts are yuan with two decimals on the wire and integer fen inside")
  void amounts() {
    assertThat(AlipayCodec.yuan(8000)).isEqualTo("80.00");
    assertThat(AlipayCodec.yuan(5)).isEqualTo("0.05");
    assertThat(AlipayCodec.yuan(123456789)).isEqualTo("1234567.89");
    assertThat(AlipayCodec.fen("80.00")).isEqualTo(8000);
    assertThat(AlipayCodec.fen("80")).isEqualTo(8000);
    assertThat(AlipayCodec.fen("0.5")).isEqualTo(50);
    for (String bad : new String[]{"80.001", "-1.00", "1e3", "", " 80.00", "８０.00"}) {
      assertThatThrownBy(() -> AlipayCodec.fen(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  @DisplayName("a gateway answer is verified over the raw text of its response object")
  void signedResponses() {
    String raw = "{\"code\":\"10000\",\"msg\":\"Success\",\"subject\":\"a } \\\" { b\",\"n\":{\"x\":1}}";
    String answer = AlipayCodec.signedResponse(TestKeys.GATEWAY.getPrivate(), "alipay.trade.query", raw);
    assertThat(AlipayCodec.rawObject(answer, "alipay_trade_query_response")).isEqualTo(raw);
    String sign = new io.vertx.core.json.JsonObject(answer).getString("sign");
    assertThat(RsaKeys.verify(TestKeys.GATEWAY.getPublic(), raw, sign)).isTrue();
    assertThat(RsaKeys.verify(TestKeys.GATEWAY.getPublic(), raw.replace("10000", "10001"), sign)).isFalse();
  }

  @Test
  @DisplayName("the merchant's reply is exactly 'success' as text/plain; anything else asks for a retry")
  void replies() {
    assertThat(gateway.acknowledgement()).isEqualTo(new NotifyReply(200, "text/plain; charset=utf-8", "success"));
    assertThat(gateway.rejection("bad").body()).isNotEqualTo("success");
  }

  @Test
  @DisplayName("PEM keys round-trip, with or without armour, and the public half derives from the private key")
  void pem() {
    String priv = RsaKeys.pem(TestKeys.MERCHANT.getPrivate());
    assertThat(priv).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(RsaKeys.privateKey(priv)).isEqualTo(TestKeys.MERCHANT.getPrivate());
    String bare = priv.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").replace("\n", "\\n");
    assertThat(RsaKeys.privateKey(bare)).isEqualTo(TestKeys.MERCHANT.getPrivate());
    assertThat(RsaKeys.publicKey(RsaKeys.pem(TestKeys.MERCHANT.getPublic()))).isEqualTo(TestKeys.MERCHANT.getPublic());
    assertThat(RsaKeys.publicOf(TestKeys.MERCHANT.getPrivate())).isEqualTo(TestKeys.MERCHANT.getPublic());
    assertThatThrownBy(() -> RsaKeys.privateKey(RsaKeys.pem(TestKeys.MERCHANT.getPublic())))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
