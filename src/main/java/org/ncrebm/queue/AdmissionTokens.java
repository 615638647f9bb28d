package org.ncrebm.queue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * The admission a waiting room gives: {@code v1.<account>.<session>.<province>.<expires epoch s>.<HMAC-SHA256>},
 * signed with a key derived from the service's secret ({@code security.jwt-secret}, shared by every instance), so any
 * instance checks it without reading a database. The key is derived (HMAC of a label) so an admission can never pass
 * for a bearer token or the other way round.
 */
public final class AdmissionTokens {
  /** A checked admission. */
  public record Admission(String accountId, long examSessionId, String provinceCode, Instant expiresAt) {
  }

  private static final String VERSION = "v1";
  private final byte[] key;

  public AdmissionTokens(String serviceSecret) {
    this.key = hmac(serviceSecret.getBytes(StandardCharsets.UTF_8), "ncre-bm waiting-room admission v1");
  }

  public String sign(Admission a) {
    String body = VERSION + "." + a.accountId() + "." + a.examSessionId() + "." + a.provinceCode() + "."
      + a.expiresAt().getEpochSecond();
    return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, body));
  }

  /** The admission a token carries when its signature holds (expired or not), else null. Never throws. */
  public Admission read(String token) {
    if (token == null || token.length() > 200) return null;
    int cut = token.lastIndexOf('.');
    if (cut < 0) return null;
    String body = token.substring(0, cut);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token.substring(cut + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!MessageDigest.isEqual(given, hmac(key, body))) return null;
    String[] parts = body.split("\\.");
    if (parts.length != 5 || !parts[0].equals(VERSION)) return null;
    try {
      return new Admission(parts[1], Long.parseLong(parts[2]), parts[3], Instant.ofEpochSecond(Long.parseLong(parts[4])));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** True when the token admits this account to this window at {@code now}. */
  public boolean admits(String token, String accountId, long sid, String province, Instant now) {
    Admission a = read(token);
    return a != null && a.accountId().equals(accountId) && a.examSessionId() == sid
      && a.provinceCode().equals(province) && now.isBefore(a.expiresAt());
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
