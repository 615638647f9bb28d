package org.ncrebm.payment.sim;

import io.vertx.sqlclient.Row;

import java.time.Instant;

/** A refund the simulated gateway made; {@code fresh} is false when the refund number was seen before. */
record SimRefund(String merchantOrderNo, String refundNo, String gatewayRefundId, long amountFen, String reason,
                 Instant refundedAt, boolean fresh) {
  static final String COLUMNS = "merchant_order_no, refund_no, gateway_refund_id, amount_fen, reason, refunded_at";

  static SimRefund fromRow(Row r, boolean fresh) {
    return new SimRefund(r.getString("merchant_order_no"), r.getString("refund_no"), r.getString("gateway_refund_id"),
      r.getLong("amount_fen"), r.getString("reason"), r.getOffsetDateTime("refunded_at").toInstant(), fresh);
  }
}
