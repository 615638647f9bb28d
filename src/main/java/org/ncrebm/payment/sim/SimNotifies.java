package org.ncrebm.payment.sim;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.ncrebm.payment.gateway.AlipayCodec;
import org.ncrebm.payment.gateway.WechatCodec;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the simulated gateways notify, shaped like the real ones: Alipay's {@code trade_status_sync} form parameters
 * and WeChat's {@code TRANSACTION.SUCCESS} / {@code REFUND.SUCCESS} JSON with an AES-256-GCM resource. The content is
 * fixed when the event happens; signing is per attempt ({@link #alipayForm}, {@link #wechatHeaders}).
 */
final class SimNotifies {
  private final SimSettings s;
  private final Clock clock;

  SimNotifies(SimSettings settings, Clock clock) {
    this.s = settings;
    this.clock = clock;
  }

  static String newEventId(boolean alipay) {
    return alipay ? UUID.randomUUID().toString().replace("-", "") + Long.toHexString(System.nanoTime())
      : "EV-" + UUID.randomUUID();
  }

  /** Alipay: a trade status change (paid, refunded, closed) as notify parameters, JSON-encoded for storage. */
  String alipay(SimTrade t, String eventId, SimRefund refund) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("notify_type", "trade_status_sync");
    p.put("notify_id", eventId);
    p.put("app_id", t.appId());
    p.put("charset", "utf-8");
    p.put("version", "1.0");
    p.put("trade_no", t.gatewayTxnId());
    p.put("out_trade_no", t.merchantOrderNo());
    p.put("seller_id", s.alipaySellerId());
    p.put("buyer_id", "2088102177846880");
    p.put("buyer_logon_id", "158****1562");
    p.put("trade_status", t.alipayStatus());
    p.put("total_amount", AlipayCodec.yuan(t.amountFen()));
    p.put("subject", t.subject());
    p.put("gmt_create", AlipayCodec.time(t.createdAt()));
    if (t.paidAt() != null) {
      p.put("receipt_amount", AlipayCodec.yuan(t.amountFen()));
      p.put("buyer_pay_amount", AlipayCodec.yuan(t.amountFen()));
      p.put("gmt_payment", AlipayCodec.time(t.paidAt()));
    }
    if (t.closedAt() != null) p.put("gmt_close", AlipayCodec.time(t.closedAt()));
    if (refund != null) {
      p.put("out_biz_no", refund.refundNo());
      p.put("refund_fee", AlipayCodec.yuan(t.refundedFen()));
      p.put("gmt_refund", AlipayCodec.time(refund.refundedAt()));
      if (t.refundedFen() == t.amountFen()) p.put("gmt_close", AlipayCodec.time(refund.refundedAt()));
    }
    return new JsonObject(new LinkedHashMap<>(p)).encode();
  }

  /** The form body of one attempt: the stored parameters, this attempt's notify_time, the gateway's signature. */
  String alipayForm(String payload) {
    Map<String, String> p = new LinkedHashMap<>();
    new JsonObject(payload).forEach(e -> p.put(e.getKey(), String.valueOf(e.getValue())));
    p.put("notify_time", AlipayCodec.time(clock.instant()));
    return AlipayCodec.form(AlipayCodec.signNotify(s.alipayGatewayKey(), p));
  }

  /** WeChat: a payment notify; the resource is encrypted now, the body then stays the same on every attempt. */
  String wechatPaid(SimTrade t, String eventId) {
    JsonObject plain = new JsonObject().put("appid", t.appId()).put("mchid", s.wechatMchId())
      .put("out_trade_no", t.merchantOrderNo()).put("transaction_id", t.gatewayTxnId()).put("trade_type", "MWEB")
      .put("trade_state", "SUCCESS").put("trade_state_desc", "支付成功").put("bank_type", "OTHERS").put("attach", "")
      .put("success_time", WechatCodec.rfc3339(t.paidAt()))
      .put("payer", new JsonObject().put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"))
      .put("amount", new JsonObject().put("total", t.amountFen()).put("payer_total", t.amountFen())
        .put("currency", "CNY").put("payer_currency", "CNY"));
    return wechatEnvelope(eventId, "TRANSACTION.SUCCESS", "支付成功", "transaction", plain);
  }

  String wechatRefund(SimTrade t, SimRefund r, String eventId) {
    JsonObject plain = new JsonObject().put("mchid", s.wechatMchId()).put("out_trade_no", t.merchantOrderNo())
      .put("transaction_id", t.gatewayTxnId()).put("out_refund_no", r.refundNo()).put("refund_id", r.gatewayRefundId())
      .put("refund_status", "SUCCESS").put("success_time", WechatCodec.rfc3339(r.refundedAt()))
      .put("user_received_account", "支付用户零钱")
      .put("amount", new JsonObject().put("total", t.amountFen()).put("refund", r.amountFen())
        .put("payer_total", t.amountFen()).put("payer_refund", r.amountFen()));
    return wechatEnvelope(eventId, "REFUND.SUCCESS", "退款成功", "refund", plain);
  }

  /** The signature headers of one attempt (fresh timestamp and nonce). */
  MultiMap wechatHeaders(String body) {
    return WechatCodec.signedHeaders(s.wechatPlatformKey(), s.wechatPlatformSerial(), body, clock);
  }

  private String wechatEnvelope(String eventId, String type, String summary, String originalType, JsonObject plain) {
    String nonce = WechatCodec.nonce(12);
    String ciphertext = WechatCodec.encrypt(s.apiV3Key(), nonce, originalType, plain.encode());
    return new JsonObject().put("id", eventId).put("create_time", WechatCodec.rfc3339(Instant.now(clock)))
      .put("resource_type", "encrypt-resource").put("event_type", type).put("summary", summary)
      .put("resource", new JsonObject().put("original_type", originalType).put("algorithm", "AEAD_AES_256_GCM")
        .put("ciphertext", ciphertext).put("associated_data", originalType).put("nonce", nonce))
      .encode();
  }
}
