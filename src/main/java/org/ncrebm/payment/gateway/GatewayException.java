package org.ncrebm.payment.gateway;

/**
 * A gateway call that did not give an answer we can act on. {@code code} is the gateway's business error code
 * ({@code ACQ.TRADE_NOT_EXIST}, {@code ORDER_NOT_EXIST}, ...) or one of ours ({@code NETWORK}, {@code TIMEOUT},
 * {@code BAD_RESPONSE}, {@code BAD_SIGNATURE}); {@code retryable} says whether the same call may succeed later
 * (network trouble, gateway 5xx, system busy) or not (a refused request).
 */
public final class GatewayException extends RuntimeException {
  private final GatewayKind gateway;
  private final String code;
  private final boolean retryable;

  public GatewayException(GatewayKind gateway, String code, String message, boolean retryable) {
    this(gateway, code, message, retryable, null);
  }

  public GatewayException(GatewayKind gateway, String code, String message, boolean retryable, Throwable cause) {
    super(gateway.id() + " " + code + ": " + message, cause, false, false);
    this.gateway = gateway;
    this.code = code;
    this.retryable = retryable;
  }

  public GatewayKind gateway() {
    return gateway;
  }

  public String code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
