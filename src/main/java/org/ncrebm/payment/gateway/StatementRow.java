package org.ncrebm.payment.gateway;

import java.time.Instant;

/**
 * One line of a gateway's daily statement: a payment or a refund, with amounts in fen (always positive; the kind
 * says the direction). {@code refundNo} is our refund number on refund lines, else null.
 */
public record StatementRow(GatewayKind gateway, Kind kind, String gatewayTxnId, String merchantOrderNo, long amountFen,
                           String refundNo, Instant at) {
  public enum Kind { PAYMENT, REFUND }
}
