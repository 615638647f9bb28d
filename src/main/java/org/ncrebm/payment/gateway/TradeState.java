package org.ncrebm.payment.gateway;

/**
 * A gateway's trade status, normalized over both protocols. Only {@link #PAID} means money arrived; {@link #NOT_PAID}
 * is never final (the buyer may still pay), so nobody may be told "failed" on it.
 */
public enum TradeState {
  /** Money received (Alipay TRADE_SUCCESS / TRADE_FINISHED, WeChat SUCCESS); possibly partly refunded since. */
  PAID,
  /** Created, waiting for the buyer (Alipay WAIT_BUYER_PAY, WeChat NOTPAY / USERPAYING / PAYERROR). */
  NOT_PAID,
  /** Closed without payment: by the merchant, by expiry or revoked. Final. */
  CLOSED,
  /** Paid, then refunded in full (Alipay TRADE_CLOSED after payment, WeChat REFUND). */
  REFUNDED,
  /** The gateway does not know the merchant order number (never created, or the buyer never arrived). */
  UNKNOWN_ORDER;

  /** Whether the gateway will not change this state by itself any more. */
  public boolean isFinal() {
    return this == CLOSED || this == REFUNDED;
  }
}
