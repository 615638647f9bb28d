package org.ncrebm.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain failure with its API code, a message key (localized when the response is written), optional field errors
 * and an optional {@code Retry-After}. Thrown or failed by services; turned into a response by the failure handler only.
 */
public final class AppException extends RuntimeException {
  private final ErrorCode code;
  private final String messageKey;
  private final List<Object> args;
  private final Map<String, Message> fields;
  private final long retryAfterSeconds;
  private final Map<String, String> details;
  private final String seeOther;

  /** A localizable text: a bundle key and its arguments. */
  public record Message(String key, List<Object> args) {
    public static Message of(String key, Object... args) {
      return new Message(key, List.of(args));
    }
  }

  private AppException(ErrorCode code, String messageKey, List<Object> args, Map<String, Message> fields,
                       long retryAfterSeconds) {
    this(code, messageKey, args, fields, retryAfterSeconds, Map.of(), null);
  }

  private AppException(ErrorCode code, String messageKey, List<Object> args, Map<String, Message> fields,
                       long retryAfterSeconds, Map<String, String> details, String seeOther) {
    super(code.name() + " (" + messageKey + ")", null, false, false);
    this.code = code;
    this.messageKey = messageKey;
    this.args = args;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.retryAfterSeconds = retryAfterSeconds;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    this.seeOther = seeOther;
  }

  /**
   * The same failure with one more member of the API's error object (e.g. {@code queue}: where to go for what is
   * missing). Values are paths or codes, never user input.
   */
  public AppException withDetail(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(details);
    more.put(name, value);
    return new AppException(code, messageKey, args, fields, retryAfterSeconds, more, seeOther);
  }

  /** The same failure answered to pages by a redirect to {@code path} (303) instead of an error page. */
  public AppException seeOther(String path) {
    return new AppException(code, messageKey, args, fields, retryAfterSeconds, details, path);
  }

  public Map<String, String> details() {
    return details;
  }

  /** Where a page request is sent instead of an error page, or null. */
  public String seeOther() {
    return seeOther;
  }

  public static AppException of(ErrorCode code) {
    return new AppException(code, code.messageKey(), List.of(), Map.of(), 0);
  }

  /** The same code with a more specific message, e.g. {@code PHOTO_REJECTED} with {@code photo.tooSmall}. */
  public static AppException of(ErrorCode code, String messageKey, Object... args) {
    return new AppException(code, messageKey, List.of(args), Map.of(), 0);
  }

  public static AppException validation(Map<String, Message> fields) {
    return new AppException(ErrorCode.VALIDATION_FAILED, ErrorCode.VALIDATION_FAILED.messageKey(), List.of(), fields, 0);
  }

  public static AppException field(ErrorCode code, String field, String key, Object... args) {
    return new AppException(code, code.messageKey(), List.of(), Map.of(field, Message.of(key, args)), 0);
  }

  /** {@code CODE_INVALID} naming the code field(s) that did not match; nulls are skipped. */
  public static AppException validationCode(String field, String otherField) {
    Map<String, Message> fields = new LinkedHashMap<>();
    if (field != null) fields.put(field, Message.of("passport.codeInvalid"));
    if (otherField != null) fields.put(otherField, Message.of("passport.codeInvalid"));
    return new AppException(ErrorCode.CODE_INVALID, ErrorCode.CODE_INVALID.messageKey(), List.of(), fields, 0);
  }

  /** A failure whose message is the field's own reason (e.g. why a photo was refused). */
  public static AppException reason(ErrorCode code, String field, String key, Object... args) {
    return new AppException(code, key, List.of(args), Map.of(field, Message.of(key, args)), 0);
  }

  public static AppException retryLater(ErrorCode code, long retryAfterSeconds) {
    return new AppException(code, code.messageKey(), List.of(), Map.of(), Math.max(1, retryAfterSeconds));
  }

  public static AppException notFound() {
    return of(ErrorCode.NOT_FOUND);
  }

  public ErrorCode code() {
    return code;
  }

  public String messageKey() {
    return messageKey;
  }

  public List<Object> args() {
    return args;
  }

  public Map<String, Message> fields() {
    return fields;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
