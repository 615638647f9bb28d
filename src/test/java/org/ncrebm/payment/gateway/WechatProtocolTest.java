package org.ncrebm.payment.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.MutableClock;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("WeChat-Pay-v3-style protocol: signed headers, stale timestamps, AES-256-GCM resources")
class WechatProtocolTest {
  private static final String MCH_ID = "1900000001";
  private static final String APP_ID = "wx8888888888888888";
  private static final String PLATFORM_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
  private static final byte[] API_V3_KEY = "0123456789abcdefghijklmnopqrstuv".getBytes(StandardCharsets.UTF_8);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:00:00Z"));
  private final WechatGateway gateway = new WechatGateway(null, new WechatGateway.Settings(MCH_ID, APP_ID, API_V3_KEY,
    TestKeys.MERCHANT.getPrivate(), "MERCHANTSERIAL", TestKeys.GATEWAY.getPublic(), PLATFORM_SERIAL,
    "http://127.0.0.1:1/v3"), clock);

  private static JsonObject transaction(String mchId, String currency) {
    return new JsonObject().put("appid", APP_ID).put("mchid", mchId).put("out_trade_no", "NCRE20260301000001")
      .put("transaction_id", "4200000001202603010000000001").put("trade_type", "MWEB").put("trade_state", "SUCCESS")
      .put("success_time", "2026-03-01T10:00:00+08:00")
      .put("amount", new JsonObject().put("total", 8000).put("payer_total", 8000).put("currency", currency));
  }

  private static String notifyBody(JsonObject plain, byte[] key) {
    String nonce = WechatCodec.nonce(12);
    return new JsonObject().put("id", "EV-2026030110000001").put("create_time", "2026-03-01T10:00:01+08:00")
      .put("resource_type", "encrypt-resource").put("event_type", "TRANSACTION.SUCCESS").put("summary", "支付成功")
      .put("resource", new JsonObject().put("original_type", "transaction").put("algorithm", "AEAD_AES_256_GCM")
        .put("ciphertext", WechatCodec.encrypt(key, nonce, "transaction", plain.encode()))
        .put("associated_data", "transaction").put("nonce", nonce)).encode();
  }

  private NotifyRequest signedBy(PrivateKey key, String serial, String body) {
    MultiMap h = WechatCodec.signedHeaders(key, serial, body, clock).add("Content-Type", "application/json");
    return new NotifyRequest(h, body);
  }

  private static void rejected(Runnable r, NotifyRejected.Reason reason) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(NotifyRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  @DisplayName("AES-256-GCM round-trips; a flipped byte, other associated data or another key fail to decrypt")
  void aesGcm() {
    String nonce = WechatCodec.nonce(12);
    String ct = WechatCodec.encrypt(API_V3_KEY, nonce, "transaction", "{\"total\":8000}");
    assertThat(WechatCodec.decrypt(API_V3_KEY, nonce, "transaction", ct)).isEqualTo("{\"total\":8000}");
    assertThat(Base64.getDecoder().decode(ct)).hasSize("{\"total\":8000}".length() + 16);
    byte[] flipped = Base64.getDecoder().decode(ct);
    flipped[3] ^= 0x01;
    rejected(() -> WechatCodec.decrypt(API_V3_KEY, nonce, "transaction", Base64.getEncoder().encodeToString(flipped)),
      NotifyRejected.Reason.DECRYPT_FAILED);
    rejected(() -> WechatCodec.decrypt(API_V3_KEY, nonce, "refund", ct), NotifyRejected.Reason.DECRYPT_FAILED);
    byte[] other = "vutsrqponmlkjihgfedcba9876543210".getBytes(StandardCharsets.UTF_8);
    rejected(() -> WechatCodec.decrypt(other, nonce, "transaction", ct), NotifyRejected.Reason.DECRYPT_FAILED);
  }

  @Test
  @DisplayName("a notify signed by the platform key verifies, decrypts and normalizes to PAID")
  void goodNotify() {
    NotifyEvent e = gateway.verifyNotify(signedBy(TestKeys.GATEWAY.getPrivate(), PLATFORM_SERIAL,
      notifyBody(transaction(MCH_ID, "CNY"), API_V3_KEY)));
    assertThat(e.gateway()).isEqualTo(GatewayKind.WECHAT);
    assertThat(e.state()).isEqualTo(TradeState.PAID);
    assertThat(e.eventId()).isEqualTo("EV-2026030110000001");
    assertThat(e.amountFen()).isEqualTo(8000);
    assertThat(e.gatewayTxnId()).isEqualTo("4200000001202603010000000001");
    assertThat(e.paidAt()).isEqualTo(Instant.parse("2026-03-01T02:00:00Z"));
  }

  @Test
  @DisplayName("another key's signature, an unknown serial or a body changed after signing are refused")
  void badSignatures() {
    String body = notifyBody(transaction(MCH_ID, "CNY"), API_V3_KEY);
    rejected(() -> gateway.verifyNotify(signedBy(TestKeys.STRANGER.getPrivate(), PLATFORM_SERIAL, body)),
      NotifyRejected.Reason.BAD_SIGNATURE);
    rejected(() -> gateway.verifyNotify(signedBy(TestKeys.GATEWAY.getPrivate(), "0000", body)),
      NotifyRejected.Reason.UNKNOWN_KEY);
    NotifyRequest good = signedBy(TestKeys.GATEWAY.getPrivate(), PLATFORM_SERIAL, body);
    rejected(() -> gateway.verifyNotify(new NotifyRequest(good.headers(), body.replace("TRANSACTION.SUCCESS", "TRANSACTION.SUCCES"))),
      NotifyRejected.Reason.BAD_SIGNATURE);
    rejected(() -> gateway.verifyNotify(new NotifyRequest(MultiMap.caseInsensitiveMultiMap(), body)),
      NotifyRejected.Reason.MALFORMED);
  }

  @Test
  @DisplayName("a timestamp more than five minutes off the clock, either way, is stale")
  void stale() {
    String body = notifyBody(transaction(MCH_ID, "CNY"), API_V3_KEY);
    NotifyRequest signed = signedBy(TestKeys.GATEWAY.getPrivate(), PLATFORM_SERIAL, body);
    clock.advance(Duration.ofMinutes(5));
    assertThat(gateway.verifyNotify(signed).state()).isEqualTo(TradeState.PAID);
    clock.advance(Duration.ofSeconds(1));
    rejected(() -> gateway.verifyNotify(signed), NotifyRejected.Reason.STALE);
    clock.advance(Duration.ofMinutes(-10).minusSeconds(2));
    rejected(() -> gateway.verifyNotify(signed), NotifyRejected.Reason.STALE);
  }

  @Test
  @DisplayName("a resource for another merchant, in another currency or under another key is refused")
  void resourceChecks() {
    rejected(() -> gateway.verifyNotify(signedBy(TestKeys.GATEWAY.getPrivate(), PLATFORM_SERIAL,
      notifyBody(transaction("1900009999", "CNY"), API_V3_KEY))), NotifyRejected.Reason.APP_MISMATCH);
    rejected(() -> gateway.verifyNotify(signedBy(TestKeys.GATEWAY.getPrivate(), PLATFORM_SERIAL,
      notifyBody(transaction(MCH_ID, "USD"), API_V3_KEY))), NotifyRejected.Reason.MALFORMED);
    byte[] other = "vutsrqponmlkjihgfedcba9876543210".getBytes(StandardCharsets.UTF_8);
    rejected(() -> gateway.verifyNotify(signedBy(TestKeys.GATEWAY.getPrivate(), PLATFORM_SERIAL,
      notifyBody(transaction(MCH_ID, "CNY"), other))), NotifyRejected.Reason.DECRYPT_FAILED);
  }

  @Test
  @DisplayName("the merchant's Authorization header signs method, URL, timestamp, nonce and body")
  void authorization() {
    String header = WechatCodec.authorization(MCH_ID, "MERCHANTSERIAL", TestKeys.MERCHANT.getPrivate(), "POST",
      "/v3/pay/transactions/h5", "{\"a\":1}", clock);
    assertThat(header).startsWith("WECHATPAY2-SHA256-RSA2048 mchid=\"1900000001\",nonce_str=\"");
    Map<String, String> a = WechatCodec.parseAuthorization(header);
    assertThat(a).containsEntry("mchid", MCH_ID).containsEntry("serial_no", "MERCHANTSERIAL")
      .containsEntry("timestamp", Long.toString(clock.instant().getEpochSecond()));
    String message = "POST\n/v3/pay/transactions/h5\n" + a.get("timestamp") + "\n" + a.get("nonce_str") + "\n{\"a\":1}\n";
    assertThat(RsaKeys.verify(TestKeys.MERCHANT.getPublic(), message, a.get("signature"))).isTrue();
    assertThat(RsaKeys.verify(TestKeys.MERCHANT.getPublic(), message.replace("h5", "native"), a.get("signature"))).isFalse();
    assertThat(WechatCodec.parseAuthorization("Bearer x")).isEmpty();
  }

  @Test
  @DisplayName("trade states normalize; NOTPAY and USERPAYING are not final; the reply is 204")
  void states() {
    assertThat(WechatCodec.state("SUCCESS")).isEqualTo(TradeState.PAID);
    assertThat(WechatCodec.state("NOTPAY")).isEqualTo(TradeState.NOT_PAID);
    assertThat(WechatCodec.state("USERPAYING")).isEqualTo(TradeState.NOT_PAID);
    assertThat(WechatCodec.state("NOTPAY").isFinal()).isFalse();
    assertThat(WechatCodec.state("CLOSED")).isEqualTo(TradeState.CLOSED);
    assertThat(WechatCodec.state("REVOKED")).isEqualTo(TradeState.CLOSED);
    assertThat(WechatCodec.state("REFUND")).isEqualTo(TradeState.REFUNDED);
    assertThat(gateway.acknowledgement().status()).isEqualTo(204);
    assertThat(gateway.rejection("x").status()).isGreaterThanOrEqualTo(400);
  }
}
