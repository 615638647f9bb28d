package org.ncrebm.ticket;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The ID-number digest inside a ticket token: HMAC-SHA256 under a key of the exam session, first 16 bytes, base64url.
 *
 * <p>Why keyed: an ID number has little entropy (region, birth date, sequence; the ticket even prints the first three
 * and last four digits), so a plain or salted hash printed in a QR code could be reversed by anyone holding the
 * ticket. Why per session: a door scanner that matches the ID card it reads against the ticket gets the key of its
 * own session only ({@link #sessionKey}), never the service's secret.
 */
public final class IdDigest {
  private static final String MAC = "HmacSHA256";
  private static final int DIGEST_BYTES = 16;

  private IdDigest() {
  }

  /** The key of one exam session, derived from {@code ticket.id-digest-secret}; base64url, for scanner setup. */
  public static String sessionKey(String secret, String examSessionId) {
    byte[] key = hmac(secret.getBytes(StandardCharsets.UTF_8), "ncre-bm ticket id digest v1|" + examSessionId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** The digest of an ID number (trimmed, upper case, so a resident ID's final {@code x} matches {@code X}). */
  public static String of(String sessionKey, String idNumber) {
    byte[] mac = hmac(Base64.getUrlDecoder().decode(sessionKey), normalize(idNumber));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, DIGEST_BYTES));
  }

  /** Whether the ID card presented at the door is the one the ticket was issued for; constant time. */
  public static boolean matches(String sessionKey, String idNumber, String digest) {
    return digest != null && MessageDigest.isEqual(of(sessionKey, idNumber).getBytes(StandardCharsets.US_ASCII),
      digest.getBytes(StandardCharsets.US_ASCII));
  }

  private static String normalize(String idNumber) {
    if (idNumber == null || idNumber.isBlank()) {
      throw new IllegalArgumentException("no ID number");
    }
    return idNumber.strip().toUpperCase(Locale.ROOT);
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(new SecretKeySpec(key, MAC));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
