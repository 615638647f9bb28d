package org.ncrebm.payment.gateway;

import java.time.Instant;

/**
 * A refund accepted by the gateway: our refund number, the gateway's refund id (Alipay has none per refund and
 * answers its trade number) and this refund's amount in fen. {@code completed} is false while the gateway is still
 * moving the money (WeChat PROCESSING); a refund notify or a later query tells the end. {@code refundedAt} is null
 * until completed.
 */
public record RefundResult(GatewayKind gateway, String merchantOrderNo, String refundNo, String gatewayRefundId,
                           long amountFen, boolean completed, Instant refundedAt) {
}
