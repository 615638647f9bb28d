package org.ncrebm.loadtest;

import java.time.LocalDate;

/** Valid GB 11643 resident ID numbers for seeded candidates, shared by the Gatling simulations and PrepareDrafts. */
public final class Ids {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = "10X98765432".toCharArray();

  private Ids() {
  }

  /** The birth date of the {@code i}-th seeded candidate (0-based index in the seed's accounts). */
  public static LocalDate birth(int i) {
    return LocalDate.of(1990, 1, 1).plusDays(i / 499);
  }

  /** The ID number of the {@code i}-th seeded candidate: unique per index, valid check digit. */
  public static String candidate(int i) {
    return resident(birth(i), i % 499);
  }

  /** A valid GB 11643 number of a man born on {@code birth} (odd 17th digit), sequence 0..498. */
  public static String resident(LocalDate birth, int seq) {
    String first17 = "110105" + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(),
      birth.getDayOfMonth()) + String.format("%03d", seq * 2 + 1);
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * WEIGHTS[i];
    return first17 + CHECK[sum % 11];
  }
}
