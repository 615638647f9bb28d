package org.ncrebm.platform.web;

import java.util.Locale;

/** The two languages of the service: Chinese by default, English on request. */
public enum Lang {
  ZH("zh-CN", Locale.SIMPLIFIED_CHINESE), EN("en", Locale.ENGLISH);

  private final String tag;
  private final Locale locale;

  Lang(String tag, Locale locale) {
    this.tag = tag;
    this.locale = locale;
  }

  public String tag() {
    return tag;
  }

  public Locale locale() {
    return locale;
  }

  /** The stored form ({@code account.lang}, {@code ticket_pdf.lang}) and the API's value: {@code zh} or {@code en}. */
  public String code() {
    return this == ZH ? "zh" : "en";
  }

  /** Exactly {@code zh} or {@code en}, as stored; null for anything else. */
  public static Lang fromCode(String code) {
    if ("zh".equals(code)) return ZH;
    if ("en".equals(code)) return EN;
    return null;
  }

  /** A cookie or query value; anything unknown falls back to null so the next source decides. */
  public static Lang fromTag(String value) {
    if (value == null) return null;
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("zh")) return ZH;
    if (v.startsWith("en")) return EN;
    return null;
  }

  /** Picks the first supported language of an {@code Accept-Language} header by quality; Chinese when none. */
  public static Lang fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) return ZH;
    Lang best = null;
    double bestQ = -1;
    for (String part : header.split(",")) {
      String[] pieces = part.trim().split(";");
      double q = 1.0;
      for (int i = 1; i < pieces.length; i++) {
        String p = pieces[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      Lang lang = fromTag(pieces[0]);
      if (lang != null && q > bestQ) {
        best = lang;
        bestQ = q;
      }
    }
    return best == null ? ZH : best;
  }
}
