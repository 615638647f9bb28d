package org.ncrebm.support;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/** Valid (and deliberately invalid) GB 11643 resident ID numbers for tests. */
public final class TestIds {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();
  private static final AtomicInteger SEQ = new AtomicInteger(100);

  private TestIds() {
  }

  /** A valid number for a person born on {@code birth}; male numbers have an odd 17th digit. */
  public static String resident(LocalDate birth, boolean male) {
    int seq = SEQ.incrementAndGet() % 500 * 2 + (male ? 1 : 0);
    String first17 = "110105" + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth())
      + String.format("%03d", seq % 1000);
    return first17 + check(first17);
  }

  /** A fresh valid number (born 2004-03-15, male). */
  public static String resident() {
    return resident(LocalDate.of(2004, 3, 15), true);
  }

  public static char check(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    return CHECK[sum % 11];
  }

  /** The same number with a wrong check character. */
  public static String wrongCheck(String valid) {
    char c = valid.charAt(17);
    return valid.substring(0, 17) + (c == '0' ? '1' : '0');
  }
}
