package org.ncrebm.payment.gateway;

/** What closing an order at the gateway achieved. */
public enum CloseOutcome {
  /** The gateway will not accept payment for the order any more (also when it was closed already). */
  CLOSED,
  /** Too late: the buyer has paid. The caller must treat the order as paid (and refund it if unwanted). */
  ALREADY_PAID,
  /** The gateway never saw the order, so nobody can pay it there; as good as closed. */
  UNKNOWN_ORDER
}
