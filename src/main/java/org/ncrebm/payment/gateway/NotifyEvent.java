package org.ncrebm.payment.gateway;

import java.time.Instant;

/**
 * A verified notify, normalized over both protocols. {@code eventId} is the gateway's id of this notification (Alipay
 * {@code notify_id}, WeChat {@code id}): the same on every retry and copy, so "gateway + eventId" records it once.
 * {@code amountFen} is the order total. On refund events {@code refundFen} is the refund the gateway reports (Alipay:
 * {@code refund_fee}, the total refunded so far; WeChat: {@code amount.refund} of this refund) and {@code refundNo}
 * our refund number (Alipay {@code out_biz_no}, WeChat {@code out_refund_no}); both are 0 / null otherwise. Signature,
 * timestamp, app id / merchant id and currency were checked by {@link PaymentGateway#verifyNotify}; whether the order
 * number and amount match our order is the caller's check ({@link #matches}).
 */
public record NotifyEvent(GatewayKind gateway, String eventId, String merchantOrderNo, String gatewayTxnId,
                          TradeState state, long amountFen, long refundFen, String refundNo, Instant paidAt,
                          String gatewayStatus) {

  /** True when the notify is about this order and this amount. */
  public boolean matches(String orderNo, long orderAmountFen) {
    return merchantOrderNo.equals(orderNo) && amountFen == orderAmountFen;
  }
}
