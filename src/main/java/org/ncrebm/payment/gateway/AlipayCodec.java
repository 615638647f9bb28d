package org.ncrebm.payment.gateway;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The Alipay-style wire format, shared by the merchant side ({@link AlipayGateway}) and the simulator: the canonical
 * string (every parameter but {@code sign} — and {@code sign_type} when verifying a notify or return — with a
 * non-empty value, sorted by key in ASCII order, joined {@code k=v} with {@code &}, values not URL-encoded), RSA2
 * signatures over it, yuan amounts with two decimals, Beijing wall-clock times, forms, and signed JSON responses
 * ({@code {"<method>_response": {...}, "sign": "..."}}, signed over the raw text of the response object).
 */
public final class AlipayCodec {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  public static final String SUCCESS_CODE = "10000";

  private AlipayCodec() {
  }

  /** The string both sides sign. {@code notify}: also leave out {@code sign_type}, as for notifies and returns. */
  public static String canonical(Map<String, String> params, boolean notify) {
    StringJoiner out = new StringJoiner("&");
    new TreeMap<>(params).forEach((k, v) -> {
      if (k.equals("sign") || (notify && k.equals("sign_type")) || v == null || v.isEmpty()) return;
      out.add(k + "=" + v);
    });
    return out.toString();
  }

  /** Adds {@code sign} (and {@code sign_type=RSA2}) to request parameters, signed with the sender's private key. */
  public static Map<String, String> signRequest(PrivateKey key, Map<String, String> params) {
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.put("sign_type", "RSA2");
    signed.put("sign", RsaKeys.sign(key, canonical(signed, false)));
    return signed;
  }

  /** Adds {@code sign} and {@code sign_type} to notify or return parameters (sign_type outside the signature). */
  public static Map<String, String> signNotify(PrivateKey key, Map<String, String> params) {
    Map<String, String> signed = new LinkedHashMap<>(params);
    signed.put("sign_type", "RSA2");
    signed.put("sign", RsaKeys.sign(key, canonical(signed, true)));
    return signed;
  }

  public static boolean verify(PublicKey key, Map<String, String> params, boolean notify) {
    return "RSA2".equals(params.getOrDefault("sign_type", "RSA2"))
      && RsaKeys.verify(key, canonical(params, notify), params.get("sign"));
  }

  /** {@code 8000} fen as {@code "80.00"}. */
  public static String yuan(long fen) {
    return BigDecimal.valueOf(fen).movePointLeft(2).setScale(2).toPlainString();
  }

  /** {@code "80.00"} (or {@code "80"}, {@code "80.5"}) as 8000 fen; anything else is refused. */
  public static long fen(String yuan) {
    if (yuan == null || !yuan.matches("[0-9]{1,10}(\\.[0-9]{1,2})?")) {
      throw new IllegalArgumentException("not an amount in yuan: " + yuan);
    }
    return new BigDecimal(yuan).movePointRight(2).longValueExact();
  }

  public static String time(Instant instant) {
    return TIME.format(instant.atZone(ZONE));
  }

  /** A Beijing wall-clock time; null for null or empty. */
  public static Instant time(String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return LocalDateTime.parse(text.trim(), TIME).atZone(ZONE).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a time: " + text);
    }
  }

  /** application/x-www-form-urlencoded in UTF-8. */
  public static String form(Map<String, String> params) {
    StringJoiner out = new StringJoiner("&");
    params.forEach((k, v) -> out.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
      + URLEncoder.encode(v == null ? "" : v, StandardCharsets.UTF_8)));
    return out.toString();
  }

  /** Parses a form body; a repeated key keeps its first value (neither gateway repeats keys). */
  public static Map<String, String> parseForm(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) return out;
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /** The response key of an OpenAPI method: {@code alipay.trade.query} answers in {@code alipay_trade_query_response}. */
  public static String responseKey(String method) {
    return method.replace('.', '_') + "_response";
  }

  /** A gateway answer: the response object's text exactly as signed, followed by the signature. */
  public static String signedResponse(PrivateKey key, String method, String responseJson) {
    return "{\"" + responseKey(method) + "\":" + responseJson + ",\"sign\":\"" + RsaKeys.sign(key, responseJson) + "\"}";
  }

  /**
   * The raw text of the JSON object under {@code key} in {@code json}, exactly as it was signed (re-encoding a parsed
   * object could reorder or re-escape it); null when absent.
   */
  public static String rawObject(String json, String key) {
    int at = json.indexOf("\"" + key + "\"");
    if (at < 0) return null;
    int start = json.indexOf('{', at + key.length() + 2);
    if (start < 0) return null;
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') i++;
        else if (c == '"') inString = false;
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return json.substring(start, i + 1);
      }
    }
    return null;
  }

  /**
   * Alipay trade status, normalized. A closed trade that had been paid ({@code paid}: a payment time or a refund is
   * known) was refunded in full; otherwise it closed unpaid.
   */
  public static TradeState state(String tradeStatus, boolean paid) {
    if (tradeStatus == null) return TradeState.NOT_PAID;
    return switch (tradeStatus) {
      case "TRADE_SUCCESS", "TRADE_FINISHED" -> TradeState.PAID;
      case "TRADE_CLOSED" -> paid ? TradeState.REFUNDED : TradeState.CLOSED;
      default -> TradeState.NOT_PAID;
    };
  }
}
