package org.ncrebm.admin.pages;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns HTML form fields into the JSON the catalogue and staff parsers read, so a page validates exactly like the
 * API: numbers that do not parse are passed on as text (the parser then names the field), checkboxes become booleans,
 * {@code datetime-local} values are read as Beijing time and fees are typed in yuan.
 */
final class Forms {
  private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  private Forms() {
  }

  static String text(RoutingContext ctx, String field) {
    return ctx.request().getFormAttribute(field);
  }

  /** Copies text fields that were sent. */
  static JsonObject strings(RoutingContext ctx, JsonObject json, String... fields) {
    for (String f : fields) {
      String v = text(ctx, f);
      if (v != null) json.put(f, v);
    }
    return json;
  }

  /** An optional whole number: blank is absent, a number is a number, anything else stays text for the parser. */
  static void integer(JsonObject json, String field, String raw) {
    if (raw == null || raw.isBlank()) return;
    try {
      json.put(field, Long.parseLong(raw.strip()));
    } catch (NumberFormatException e) {
      json.put(field, raw.strip());
    }
  }

  static void checkbox(RoutingContext ctx, JsonObject json, String field) {
    json.put(field, text(ctx, field) != null);
  }

  /** What the user typed, to show again when the form comes back with errors (never passwords). */
  static Map<String, String> echo(RoutingContext ctx, String... fields) {
    Map<String, String> values = new HashMap<>();
    for (String f : fields) {
      String v = text(ctx, f);
      if (v != null) values.put(f, v);
    }
    return values;
  }

  /** A fee in yuan (at most two decimals) to fen; anything else stays text so the parser reports the field. */
  static Object feeFen(String yuan) {
    if (yuan == null || yuan.isBlank()) return null;
    try {
      BigDecimal v = new BigDecimal(yuan.strip().replace("¥", "").replace("￥", ""));
      if (v.scale() > 2) return yuan;
      return v.movePointRight(2).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return yuan;
    }
  }

  static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  /** A {@code datetime-local} value (Beijing time) as the ISO string with offset the parsers expect. */
  static String isoFromLocal(String raw) {
    if (raw == null || raw.isBlank()) return null;
    String v = raw.strip();
    try {
      return OffsetDateTime.parse(v).toString();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(v.replace(' ', 'T')).atZone(Times.ZONE).toOffsetDateTime().toString();
      } catch (DateTimeParseException e2) {
        return v;
      }
    }
  }

  /** An instant as a {@code datetime-local} value in Beijing time. */
  static String localInput(Instant instant) {
    return instant == null ? "" : LOCAL_INPUT.format(instant.atZone(Times.ZONE));
  }

  /**
   * The same validation failure with page wording: field names renamed (e.g. {@code subject.name} to {@code name})
   * and messages that speak of the API's formats replaced by ones that speak of the form's ({@code messageKeys} maps a
   * message key, or {@code field|key} for one field only, to the page's key).
   */
  static AppException reword(AppException e, Map<String, String> fieldRenames, Map<String, String> messageKeys) {
    if (e.code() != ErrorCode.VALIDATION_FAILED || e.fields().isEmpty()) return e;
    Map<String, AppException.Message> fields = new LinkedHashMap<>();
    e.fields().forEach((field, msg) -> {
      String name = field;
      String prefix = fieldRenames.keySet().stream().filter(field::startsWith)
        .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
      if (prefix != null) name = fieldRenames.get(prefix) + field.substring(prefix.length());
      String bare = name.replaceAll("^.*\\.", "");
      String key = messageKeys.getOrDefault(bare + "|" + msg.key(), messageKeys.getOrDefault(msg.key(), msg.key()));
      fields.putIfAbsent(name, key.equals(msg.key()) ? msg : AppException.Message.of(key));
    });
    return AppException.validation(fields);
  }
}
