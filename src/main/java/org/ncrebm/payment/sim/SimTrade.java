package org.ncrebm.payment.sim;

import io.vertx.sqlclient.Row;
import org.ncrebm.payment.gateway.GatewayKind;

import java.time.Instant;

/** A trade as the simulated gateway keeps it; the gateway's own status words are derived from it. */
record SimTrade(GatewayKind gateway, String merchantOrderNo, String gatewayTxnId, String appId, String subject,
                long amountFen, String status, long refundedFen, String notifyUrl, String returnUrl, Instant expiresAt,
                Instant createdAt, Instant paidAt, Instant closedAt, String payEventId) {

  static final String COLUMNS = "gateway, merchant_order_no, gateway_txn_id, app_id, subject, amount_fen, status, "
    + "refunded_fen, notify_url, return_url, expires_at, created_at, paid_at, closed_at, pay_event_id";

  static SimTrade fromRow(Row r) {
    return new SimTrade(GatewayKind.byId(r.getString("gateway")), r.getString("merchant_order_no"),
      r.getString("gateway_txn_id"), r.getString("app_id"), r.getString("subject"), r.getLong("amount_fen"),
      r.getString("status"), r.getLong("refunded_fen"), r.getString("notify_url"), r.getString("return_url"),
      instant(r, "expires_at"), instant(r, "created_at"), instant(r, "paid_at"), instant(r, "closed_at"),
      r.getString("pay_event_id"));
  }

  boolean paid() {
    return "PAID".equals(status);
  }

  boolean payable() {
    return "WAIT_BUYER_PAY".equals(status);
  }

  /** Alipay's trade_status: a full refund closes the trade. */
  String alipayStatus() {
    if (paid()) return refundedFen == amountFen ? "TRADE_CLOSED" : "TRADE_SUCCESS";
    return payable() ? "WAIT_BUYER_PAY" : "TRADE_CLOSED";
  }

  /** WeChat's trade_state: any refund turns a paid trade to REFUND. */
  String wechatState() {
    if (paid()) return refundedFen > 0 ? "REFUND" : "SUCCESS";
    return payable() ? "NOTPAY" : "CLOSED";
  }

  private static Instant instant(Row r, String column) {
    var t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
