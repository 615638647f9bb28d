package org.ncrebm.payment.gateway;

import java.time.Instant;
import java.util.Objects;

/**
 * What the order service asks a gateway to collect: our merchant order number (unique per gateway, at most 32 ASCII
 * letters, digits, '_' or '-', as both gateways accept), the amount in fen, the text the buyer sees, when the gateway
 * must stop accepting payment, where the gateway posts its notify, and where the buyer's browser returns.
 */
public record PaymentRequest(String merchantOrderNo, long amountFen, String subject, Instant expiresAt,
                             String notifyUrl, String returnUrl) {
  public PaymentRequest {
    Objects.requireNonNull(merchantOrderNo, "merchantOrderNo");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(notifyUrl, "notifyUrl");
    if (!merchantOrderNo.matches("[A-Za-z0-9_-]{6,32}")) {
      throw new IllegalArgumentException("merchantOrderNo must be 6 to 32 letters, digits, '_' or '-'");
    }
    if (amountFen <= 0) {
      throw new IllegalArgumentException("amountFen must be positive");
    }
    returnUrl = returnUrl == null ? "" : returnUrl;
  }
}
