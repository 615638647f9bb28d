package org.ncrebm.platform;

/** The error vocabulary of the JSON API (api.md) with its HTTP status; messages live in the i18n bundles. */
public enum ErrorCode {
  VALIDATION_FAILED(400),
  CODE_INVALID(400),
  PHOTO_REJECTED(400),
  UNAUTHENTICATED(401),
  BAD_CREDENTIALS(401),
  FORBIDDEN(403),
  CSRF_REJECTED(403),
  NOT_FOUND(404),
  NOT_IN_QUEUE(404),
  METHOD_NOT_ALLOWED(405),
  EMAIL_TAKEN(409),
  MOBILE_TAKEN(409),
  WINDOW_CLOSED(409),
  ALREADY_REGISTERED(409),
  SUBJECT_TAKEN(409),
  SEAT_SOLD_OUT(409),
  INVALID_STATE(409),
  ORDER_EXPIRED(409),
  ALREADY_PAID(409),
  ADMISSION_REQUIRED(409),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  ACCOUNT_LOCKED(423),
  RATE_LIMITED(429),
  INTERNAL(500),
  OVERLOADED(503);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String messageKey() {
    return "error." + name();
  }
}
