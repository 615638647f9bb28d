package org.ncrebm.platform.logging;

import org.ncrebm.platform.Masking;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal numbers anywhere in a log text, the way {@link Masking} shows them to staff: an 18-character resident
 * ID number keeps its first three and last four characters, a mainland mobile number its first three and last four
 * digits. A number inside a longer run of digits (an order number, a timestamp) is left alone.
 */
public final class LogMasking {
  private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[0-9Xx](?![0-9A-Za-z])");
  /** With or without the country code: {@code 13812345678}, {@code +8613812345678}, {@code 8613812345678}. */
  private static final Pattern MOBILE = Pattern.compile("(?<![0-9A-Za-z])(\\+?86)?(1[3-9]\\d{9})(?![0-9A-Za-z])");

  private LogMasking() {
  }

  /** The text with every ID number and mobile number masked; the same instance when there is nothing to mask. */
  public static String mask(String text) {
    if (text == null || !hasDigitRun(text)) {
      return text;
    }
    String masked = replace(ID_NUMBER, text, true);
    return replace(MOBILE, masked, false);
  }

  private static String replace(Pattern pattern, String text, boolean id) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    do {
      String masked = id ? Masking.idNumber(m.group())
        : (m.group(1) == null ? "" : m.group(1)) + Masking.mobile(m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(masked));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /** Cheap pre-check: only a run of at least 11 digits can be a mobile or an ID number. */
  private static boolean hasDigitRun(String text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      if (Character.isDigit(text.charAt(i))) {
        if (++run >= 11) return true;
      } else {
        run = 0;
      }
    }
    return false;
  }
}
