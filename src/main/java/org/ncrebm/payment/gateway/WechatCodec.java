package org.ncrebm.payment.gateway;

import io.vertx.core.MultiMap;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WeChat-Pay-v3-style wire format, shared by {@link WechatGateway} and the simulator: requests carry an
 * {@code Authorization: WECHATPAY2-SHA256-RSA2048 ...} header signed over {@code method\nurl\ntimestamp\nnonce\nbody\n}
 * with the merchant key; answers and notifies carry {@code Wechatpay-*} headers signed over
 * {@code timestamp\nnonce\nbody\n} with the platform key; a notify's {@code resource} is AES-256-GCM encrypted with
 * the 32-byte API v3 key (12-byte nonce, associated data, ciphertext = base64(ct || 16-byte tag)).
 */
public final class WechatCodec {
  public static final String SCHEMA = "WECHATPAY2-SHA256-RSA2048";
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
  private static final Pattern AUTH_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

  private WechatCodec() {
  }

  /** The lines of a signed message, each ended by {@code \n} (the last one too). */
  public static String message(String... lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) b.append(l).append('\n');
    return b.toString();
  }

  /** The merchant's {@code Authorization} header for a request to {@code pathAndQuery} (no host). */
  public static String authorization(String mchId, String serial, PrivateKey key, String method, String pathAndQuery,
                                     String body, Clock clock) {
    String ts = Long.toString(clock.instant().getEpochSecond());
    String nonce = nonce();
    String signature = RsaKeys.sign(key, message(method, pathAndQuery, ts, nonce, body));
    return SCHEMA + " mchid=\"" + mchId + "\",nonce_str=\"" + nonce + "\",signature=\"" + signature
      + "\",timestamp=\"" + ts + "\",serial_no=\"" + serial + "\"";
  }

  /** The parameters of an {@code Authorization} header; empty when it is not of our schema. */
  public static Map<String, String> parseAuthorization(String header) {
    Map<String, String> out = new LinkedHashMap<>();
    if (header == null || !header.startsWith(SCHEMA + " ")) return out;
    Matcher m = AUTH_PARAM.matcher(header.substring(SCHEMA.length() + 1));
    while (m.find()) out.put(m.group(1), m.group(2));
    return out;
  }

  /** The platform's signature headers for an answer or a notify body. */
  public static MultiMap signedHeaders(PrivateKey platformKey, String serial, String body, Clock clock) {
    String ts = Long.toString(clock.instant().getEpochSecond());
    String nonce = nonce();
    return MultiMap.caseInsensitiveMultiMap()
      .add("Wechatpay-Timestamp", ts)
      .add("Wechatpay-Nonce", nonce)
      .add("Wechatpay-Serial", serial)
      .add("Wechatpay-Signature", RsaKeys.sign(platformKey, message(ts, nonce, body)))
      .add("Wechatpay-Signature-Type", SCHEMA);
  }

  /**
   * Checks the platform's signature headers over {@code body}: the serial names the key we trust, the timestamp is
   * within five minutes of {@code clock}, the signature verifies.
   *
   * @throws NotifyRejected with {@code UNKNOWN_KEY}, {@code STALE}, {@code BAD_SIGNATURE} or {@code MALFORMED}
   */
  public static void verifySigned(PublicKey platformKey, String platformSerial, MultiMap headers, String body,
                                  Clock clock) {
    String ts = headers.get("Wechatpay-Timestamp");
    String nonce = headers.get("Wechatpay-Nonce");
    String signature = headers.get("Wechatpay-Signature");
    String serial = headers.get("Wechatpay-Serial");
    if (ts == null || nonce == null || signature == null || serial == null) {
      throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, "Wechatpay-* signature headers missing");
    }
    if (!serial.equalsIgnoreCase(platformSerial)) {
      throw new NotifyRejected(NotifyRejected.Reason.UNKNOWN_KEY, "serial " + serial);
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts.trim());
    } catch (NumberFormatException e) {
      throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, "Wechatpay-Timestamp " + ts);
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_SKEW.toSeconds()) {
      throw new NotifyRejected(NotifyRejected.Reason.STALE, "timestamp " + ts);
    }
    if (!RsaKeys.verify(platformKey, message(ts, nonce, body), signature)) {
      throw new NotifyRejected(NotifyRejected.Reason.BAD_SIGNATURE, "platform signature does not verify");
    }
  }

  /** AES-256-GCM with a 16-byte tag; the answer is base64(ciphertext || tag). */
  public static String encrypt(byte[] apiV3Key, String nonce, String associatedData, String plaintext) {
    try {
      Cipher c = gcm(Cipher.ENCRYPT_MODE, apiV3Key, nonce, associatedData);
      return Base64.getEncoder().encodeToString(c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** @throws NotifyRejected {@code DECRYPT_FAILED} when the tag does not check (tampered, or another key) */
  public static String decrypt(byte[] apiV3Key, String nonce, String associatedData, String ciphertextBase64) {
    try {
      Cipher c = gcm(Cipher.DECRYPT_MODE, apiV3Key, nonce, associatedData);
      return new String(c.doFinal(Base64.getDecoder().decode(ciphertextBase64)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new NotifyRejected(NotifyRejected.Reason.DECRYPT_FAILED, "resource does not decrypt");
    }
  }

  private static Cipher gcm(int mode, byte[] key, String nonce, String associatedData) throws GeneralSecurityException {
    if (key.length != 32) throw new IllegalArgumentException("the API v3 key must be 32 bytes");
    byte[] iv = nonce.getBytes(StandardCharsets.UTF_8);
    if (iv.length != 12) throw new IllegalArgumentException("the nonce must be 12 bytes");
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    if (associatedData != null && !associatedData.isEmpty()) {
      c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    }
    return c;
  }

  /** WeChat trade_state, normalized; NOTPAY, USERPAYING and PAYERROR are not final. */
  public static TradeState state(String tradeState) {
    if (tradeState == null) return TradeState.NOT_PAID;
    return switch (tradeState) {
      case "SUCCESS" -> TradeState.PAID;
      case "REFUND" -> TradeState.REFUNDED;
      case "CLOSED", "REVOKED" -> TradeState.CLOSED;
      default -> TradeState.NOT_PAID;
    };
  }

  public static String rfc3339(Instant at) {
    return RFC3339.format(at.atOffset(BEIJING));
  }

  /** Null for null or empty. */
  public static Instant rfc3339(String text) {
    return text == null || text.isBlank() ? null : OffsetDateTime.parse(text.trim()).toInstant();
  }

  /** 32 random letters and digits (request nonces); {@link #nonce(int)} for other lengths (12 for AES-GCM). */
  public static String nonce() {
    return nonce(32);
  }

  public static String nonce(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) out[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
    return new String(out);
  }
}
