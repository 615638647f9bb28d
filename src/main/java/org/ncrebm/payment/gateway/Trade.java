package org.ncrebm.payment.gateway;

import java.time.Instant;

/**
 * A gateway's answer to "what became of this order?": the normalized state, the gateway's transaction id (null
 * before payment on WeChat, and for {@link TradeState#UNKNOWN_ORDER}), the order amount in fen (0 when unknown),
 * when it was paid (null unless paid or refunded), and the gateway's own status word for logs and staff pages.
 * Neither gateway's query reports partial refunds; {@link TradeState#REFUNDED} means refunded (Alipay: in full).
 */
public record Trade(GatewayKind gateway, String merchantOrderNo, TradeState state, String gatewayTxnId, long amountFen,
                    Instant paidAt, String gatewayStatus) {
  public static Trade unknown(GatewayKind gateway, String merchantOrderNo) {
    return new Trade(gateway, merchantOrderNo, TradeState.UNKNOWN_ORDER, null, 0, null, "NOT_EXIST");
  }
}
