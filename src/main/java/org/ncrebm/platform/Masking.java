package org.ncrebm.platform;

/** How personal data appears in lists, logs and to anyone but its owner. */
public final class Masking {
  private Masking() {
  }

  /** {@code zhang.san@example.com} → {@code zh***@example.com}. */
  public static String email(String email) {
    if (email == null) return null;
    int at = email.indexOf('@');
    if (at <= 0) return "***";
    String local = email.substring(0, at);
    return local.substring(0, Math.min(2, local.length())) + "***" + email.substring(at);
  }

  /** {@code 13812345678} → {@code 138****5678}. */
  public static String mobile(String mobile) {
    if (mobile == null) return null;
    if (mobile.length() < 7) return "****";
    return mobile.substring(0, 3) + "*".repeat(mobile.length() - 7) + mobile.substring(mobile.length() - 4);
  }

  /** {@code 11010519491231002X} → {@code 110***********002X}: region prefix and last four only. */
  public static String idNumber(String id) {
    if (id == null) return null;
    if (id.length() <= 7) return "*".repeat(id.length());
    return id.substring(0, 3) + "*".repeat(id.length() - 7) + id.substring(id.length() - 4);
  }
}
