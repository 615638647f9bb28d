package org.ncrebm.registration;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ID documents a candidate may register with, and their checks. An 18-digit number (resident ID, and the Hong
 * Kong/Macao/Taiwan residence permit that shares its format) is checked at once: GB 11643-1999 check digit, a real
 * birth date, and later its consistency with the birth date and gender the candidate types.
 */
public final class IdDocument {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();
  private static final Pattern EIGHTEEN = Pattern.compile("^[0-9]{17}[0-9X]$");

  public enum Type {
    RESIDENT_ID(Pattern.compile("^[1-6][0-9]{16}[0-9X]$")),
    HMT_RESIDENCE_PERMIT(Pattern.compile("^8[123]0000[0-9]{11}[0-9X]$")),
    HK_MACAO_PERMIT(Pattern.compile("^[HM][0-9]{8}([0-9]{2})?$")),
    TAIWAN_PERMIT(Pattern.compile("^[0-9]{8}$")),
    PASSPORT(Pattern.compile("^[A-Z0-9]{5,17}$")),
    FOREIGN_PERMANENT_ID(Pattern.compile("^([A-Z]{3}[0-9]{12}|9[0-9]{16}[0-9X])$"));

    private final Pattern format;

    Type(Pattern format) {
      this.format = format;
    }

    public boolean eighteenDigits() {
      return this == RESIDENT_ID || this == HMT_RESIDENCE_PERMIT;
    }
  }

  /** A checked number: normalized (upper case, no spaces), with what an 18-digit number tells of its holder. */
  public record Checked(Type type, String number, LocalDate birthDate, Character gender) {
  }

  private IdDocument() {
  }

  /** Upper case without spaces; lower-case x of an 18-digit number becomes X. */
  public static String normalize(String number) {
    return number == null ? null : number.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
  }

  /**
   * Checks a number of the given type; the answer is the message key of the first problem, or null when it is fine.
   */
  public static String problem(Type type, String rawNumber) {
    String n = normalize(rawNumber);
    if (n == null || n.isEmpty()) return "validation.required";
    if (type.eighteenDigits()) {
      if (!EIGHTEEN.matcher(n).matches()) return "id.format18";
      if (!type.format.matcher(n).matches()) return "id.format";
      if (checkDigit(n) != n.charAt(17)) return "id.checkDigit";
      if (birthDate(n) == null) return "id.birthDate";
      return null;
    }
    return type.format.matcher(n).matches() ? null : "id.format";
  }

  /** The number checked and normalized; {@link IllegalArgumentException} with the message key when it is bad. */
  public static Checked check(Type type, String rawNumber) {
    String problem = problem(type, rawNumber);
    if (problem != null) throw new IllegalArgumentException(problem);
    String n = normalize(rawNumber);
    if (!type.eighteenDigits()) return new Checked(type, n, null, null);
    return new Checked(type, n, birthDate(n), (n.charAt(16) - '0') % 2 == 1 ? 'M' : 'F');
  }

  /** The GB 11643-1999 check character of the first 17 digits. */
  static char checkDigit(String n) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (n.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11];
  }

  private static LocalDate birthDate(String n) {
    try {
      LocalDate d = LocalDate.of(Integer.parseInt(n.substring(6, 10)), Integer.parseInt(n.substring(10, 12)),
        Integer.parseInt(n.substring(12, 14)));
      return d.getYear() < 1900 || d.isAfter(LocalDate.now()) ? null : d;
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }
}
