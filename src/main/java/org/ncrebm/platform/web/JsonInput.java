package org.ncrebm.platform.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AppException.Message;
import org.ncrebm.platform.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a JSON request body field by field, collecting every problem; {@link #done()} throws one
 * {@code VALIDATION_FAILED} naming each bad field. Wrong media type is 415, malformed JSON 400.
 */
public final class JsonInput {
  private final JsonObject body;
  private final Map<String, Message> errors = new LinkedHashMap<>();

  private JsonInput(JsonObject body) {
    this.body = body;
  }

  public static JsonInput of(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw AppException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "error.UNSUPPORTED_MEDIA_TYPE.json");
    }
    Object parsed;
    try {
      parsed = ctx.body().buffer() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw AppException.of(ErrorCode.VALIDATION_FAILED, "error.malformedJson");
    }
    if (parsed == null) {
      throw AppException.of(ErrorCode.VALIDATION_FAILED, "error.malformedJson");
    }
    return new JsonInput((JsonObject) parsed);
  }

  /** For bodies that are optional (an empty POST). */
  public static JsonInput ofOptional(RoutingContext ctx) {
    if (ctx.body().length() == 0) {
      return new JsonInput(new JsonObject());
    }
    return of(ctx);
  }

  public static JsonInput of(JsonObject body) {
    return new JsonInput(body);
  }

  /** A required string, trimmed, at most {@code max} characters. */
  public String string(String field, int max) {
    return string(field, max, true);
  }

  public String optionalString(String field, int max) {
    return string(field, max, false);
  }

  private String string(String field, int max, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) errors.put(field, Message.of("validation.required"));
      return null;
    }
    if (!(v instanceof String s)) {
      errors.put(field, Message.of("validation.type.string"));
      return null;
    }
    String trimmed = s.strip();
    if (trimmed.isEmpty()) {
      if (required) errors.put(field, Message.of("validation.required"));
      return required ? null : "";
    }
    if (trimmed.length() > max) {
      errors.put(field, Message.of("validation.tooLong", max));
      return null;
    }
    if (hasControlCharacters(trimmed)) {
      errors.put(field, Message.of("validation.controlChars"));
      return null;
    }
    return trimmed;
  }

  /** A required string that must match a pattern; {@code key} names the message shown when it does not. */
  public String matching(String field, int max, Pattern pattern, String key) {
    String s = string(field, max);
    if (s != null && !pattern.matcher(s).matches()) {
      errors.put(field, Message.of(key));
      return null;
    }
    return s;
  }

  /** A password is never trimmed: spaces are part of it. */
  public String password(String field, int max) {
    Object v = body.getValue(field);
    if (v == null || (v instanceof String s && s.isEmpty())) {
      errors.put(field, Message.of("validation.required"));
      return null;
    }
    if (!(v instanceof String s)) {
      errors.put(field, Message.of("validation.type.string"));
      return null;
    }
    if (s.length() > max) {
      errors.put(field, Message.of("validation.tooLong", max));
      return null;
    }
    return s;
  }

  public String oneOf(String field, Set<String> allowed) {
    String s = string(field, 64);
    if (s != null && !allowed.contains(s)) {
      errors.put(field, Message.of("validation.oneOf", String.join(", ", allowed)));
      return null;
    }
    return s;
  }

  /** One of a long list: the message says "choose one" instead of listing every option. */
  public String choice(String field, Set<String> allowed, String key) {
    String s = string(field, 64);
    if (s != null && !allowed.contains(s)) {
      errors.put(field, Message.of(key));
      return null;
    }
    return s;
  }

  public Integer integer(String field, int min, int max, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) errors.put(field, Message.of("validation.required"));
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      errors.put(field, Message.of("validation.type.integer"));
      return null;
    }
    long value = n.longValue();
    if (value < min || value > max) {
      errors.put(field, Message.of("validation.range", min, max));
      return null;
    }
    return (int) value;
  }

  public Long longValue(String field, long min, long max, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) errors.put(field, Message.of("validation.required"));
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      errors.put(field, Message.of("validation.type.integer"));
      return null;
    }
    long value = n.longValue();
    if (value < min || value > max) {
      errors.put(field, Message.of("validation.range", min, max));
      return null;
    }
    return value;
  }

  public Boolean bool(String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) errors.put(field, Message.of("validation.required"));
      return null;
    }
    if (!(v instanceof Boolean b)) {
      errors.put(field, Message.of("validation.type.boolean"));
      return null;
    }
    return b;
  }

  public JsonArray array(String field, int maxItems, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) errors.put(field, Message.of("validation.required"));
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      errors.put(field, Message.of("validation.type.array"));
      return null;
    }
    if (a.size() > maxItems) {
      errors.put(field, Message.of("validation.tooMany", maxItems));
      return null;
    }
    return a;
  }

  public JsonObject object(String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) errors.put(field, Message.of("validation.required"));
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      errors.put(field, Message.of("validation.type.object"));
      return null;
    }
    return o;
  }

  /** Records a rule the caller checked itself (e.g. two fields that must agree). */
  public JsonInput reject(String field, String key, Object... args) {
    errors.putIfAbsent(field, Message.of(key, args));
    return this;
  }

  public boolean ok(String field) {
    return !errors.containsKey(field);
  }

  public JsonObject raw() {
    return body;
  }

  /** Throws {@code VALIDATION_FAILED} with every field error collected so far. */
  public void done() {
    if (!errors.isEmpty()) {
      throw AppException.validation(errors);
    }
  }

  static boolean hasControlCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n' && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
