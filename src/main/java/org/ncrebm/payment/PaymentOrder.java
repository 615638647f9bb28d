package org.ncrebm.payment;

import java.time.Instant;
import java.util.UUID;

/** An order: what one registration asks one gateway to collect, and what became of it. */
public record PaymentOrder(UUID id, UUID registrationId, String merchantOrderNo, String gateway, int amountFen,
                           Status status, Instant expiresAt, String payUrl, String gatewayTxnId, Instant paidAt,
                           String refundNo, java.util.List<String> subjects, Instant createdAt) {

  public enum Status {
    /** Recorded here; the gateway has not confirmed it yet. */
    CREATED,
    /** The gateway knows it; the buyer may be paying. Never shown as failed. */
    AT_GATEWAY,
    PAID,
    /** Closed without payment (expired, cancelled, replaced). */
    CLOSED,
    /** Money came that we cannot keep (late, duplicate): going back to the buyer. */
    REFUNDING,
    REFUNDED;

    public boolean live() {
      return this == CREATED || this == AT_GATEWAY;
    }
  }
}
