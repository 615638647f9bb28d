package org.ncrebm.payment.gateway;

import io.vertx.core.Future;

import java.time.LocalDate;
import java.util.List;

/**
 * One payment gateway as the order service sees it, whatever its protocol. Outbound calls are signed with the
 * merchant key, their answers verified with the gateway key, and each is bounded by a timeout; a call that gives no
 * usable answer fails with {@link GatewayException} (see {@link GatewayException#retryable()}). Implementations are
 * thread-safe and never block: every call costs at most one RSA signature on the caller's thread.
 */
public interface PaymentGateway {
  GatewayKind kind();

  /**
   * Registers the payment at the gateway. The future carries the URL of the gateway's pay page, to which the buyer's
   * browser is sent; the gateway posts its notify to {@code request.notifyUrl()} and sends the browser back to
   * {@code request.returnUrl()}. Creating the same merchant order number again with the same amount is harmless.
   */
  Future<String> createPayment(PaymentRequest request);

  /** Asks the gateway about an order. {@link TradeState#NOT_PAID} is not final; unknown orders are not failures. */
  Future<Trade> query(String merchantOrderNo);

  /** Stops the gateway from accepting payment for an order; tells whether the buyer paid first. */
  Future<CloseOutcome> close(String merchantOrderNo);

  /**
   * Refunds {@code amountFen} of a paid order. {@code refundNo} is our idempotency key: repeating a refund number
   * repeats nothing and answers the first result. Fails with a non-retryable {@link GatewayException} when the order
   * is not paid or the amount exceeds what is left.
   */
  Future<RefundResult> refund(String merchantOrderNo, String refundNo, long amountFen, String reason);

  /** Downloads and parses the daily statement (payments and refunds of that day, Beijing time). */
  Future<List<StatementRow>> statement(LocalDate date);

  /**
   * Verifies a notify (signature, timestamp, merchant identity, decryption) and normalizes it. Cheap enough for the
   * event loop (one RSA verification, one AES-GCM decryption).
   *
   * @throws NotifyRejected saying why the notify must not be believed
   */
  NotifyEvent verifyNotify(NotifyRequest request);

  /** The reply that tells the gateway a notify was recorded (so it stops sending it). */
  NotifyReply acknowledgement();

  /** The reply that tells the gateway to send the notify again later. */
  NotifyReply rejection(String why);
}
