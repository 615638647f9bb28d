package org.ncrebm.payment.gateway;

/**
 * A notify that must not be believed, and why. The callback route answers with the gateway's failure reply
 * ({@link PaymentGateway#rejection}) so a genuine notify garbled on the way is sent again.
 */
public final class NotifyRejected extends RuntimeException {
  /** Why a notify was refused. */
  public enum Reason {
    /** The signature does not verify with the gateway's public key (forged or tampered). */
    BAD_SIGNATURE,
    /** WeChat: the signing key's serial is not the platform certificate we know. */
    UNKNOWN_KEY,
    /** WeChat: the timestamp is more than five minutes away from our clock (a replay, or a badly wrong clock). */
    STALE,
    /** The notify is for another merchant (Alipay app_id, WeChat mchid / appid). */
    APP_MISMATCH,
    /** WeChat: the encrypted resource does not decrypt with our API v3 key (tampered or another merchant's). */
    DECRYPT_FAILED,
    /** A field is missing or unreadable, or the currency is not CNY. */
    MALFORMED
  }

  private final Reason reason;

  public NotifyRejected(Reason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
