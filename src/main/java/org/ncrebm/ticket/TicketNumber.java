package org.ncrebm.ticket;

/**
 * An admission ticket number (准考证号): 15 digits that say where the candidate sits, unique within an exam session.
 *
 * <pre>
 *   29 44 101 01 003 07 3
 *   │  │  │   │  │   │  └ check digit (Damm algorithm over the 14 digits before it)
 *   │  │  │   │  │   └─── seat in the room, 01-99
 *   │  │  │   │  └─────── room at the center, 001-999
 *   │  │  │   └────────── exam slot (场次) of the session, 01-99
 *   │  │  └───────────── test center code within the province, 3 digits
 *   │  └──────────────── province code, the 2 leading digits of GB/T 2260 (11 Beijing, 44 Guangdong)
 *   └─────────────────── subject code, 2 digits (29: Python, level 2)
 * </pre>
 *
 * Digits only, fixed width, so it reads aloud, types on a phone keypad and sorts by place. The Damm check digit
 * catches every single mistyped digit and every swap of two adjacent digits. Because slot, room and seat are part of
 * the number, "unique ticket number" and "no (slot, room, seat) twice" are the same constraint at a center.
 */
public record TicketNumber(String subjectCode, String provinceCode, String centerCode, int slot, int room, int seat) {
  public static final int LENGTH = 15;

  // The order-10 quasigroup of H. Michael Damm's thesis (2004), row = interim digit, column = next digit.
  private static final int[][] DAMM = {
    {0, 3, 1, 7, 5, 9, 8, 6, 4, 2},
    {7, 0, 9, 2, 1, 5, 4, 8, 6, 3},
    {4, 2, 0, 6, 8, 7, 1, 3, 5, 9},
    {1, 7, 5, 0, 9, 8, 3, 4, 2, 6},
    {6, 1, 2, 3, 0, 4, 5, 9, 7, 8},
    {3, 6, 7, 4, 2, 0, 9, 5, 8, 1},
    {5, 8, 6, 9, 7, 2, 0, 1, 3, 4},
    {8, 9, 4, 5, 3, 6, 2, 0, 1, 7},
    {9, 4, 3, 8, 6, 1, 7, 2, 0, 5},
    {2, 5, 8, 1, 4, 3, 6, 7, 9, 0},
  };

  /** Validates every part; an {@link IllegalArgumentException} names the first one out of range. */
  public TicketNumber {
    requireDigits("subject code", subjectCode, 2);
    requireDigits("province code", provinceCode, 2);
    requireDigits("center code", centerCode, 3);
    requireRange("slot", slot, 99);
    requireRange("room", room, 999);
    requireRange("seat", seat, 99);
  }

  /** A number for a seat that the planner assigned. */
  public static TicketNumber of(String subjectCode, String provinceCode, String centerCode, Seat seat) {
    return new TicketNumber(subjectCode, provinceCode, centerCode, seat.slot(), seat.room(), seat.seat());
  }

  /**
   * Reads a printed or typed number; spaces and hyphens between digit groups are ignored.
   *
   * @throws IllegalArgumentException when it is not 15 digits, the check digit is wrong or a part is out of range
   */
  public static TicketNumber parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no ticket number");
    }
    String digits = text.strip().replace(" ", "").replace("-", "");
    if (digits.length() != LENGTH || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("a ticket number is " + LENGTH + " digits");
    }
    if (damm(digits) != 0) {
      throw new IllegalArgumentException("the check digit of the ticket number is wrong");
    }
    return new TicketNumber(digits.substring(0, 2), digits.substring(2, 4), digits.substring(4, 7),
      Integer.parseInt(digits.substring(7, 9)), Integer.parseInt(digits.substring(9, 12)),
      Integer.parseInt(digits.substring(12, 14)));
  }

  /** Whether {@link #parse} would accept the text. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The 15 digits, check digit last. */
  public String format() {
    String body = subjectCode + provinceCode + centerCode + String.format("%02d%03d%02d", slot, room, seat);
    return body + damm(body);
  }

  /** Where the candidate sits; the planner's view of this number. */
  public Seat toSeat() {
    return new Seat(slot, room, seat);
  }

  @Override
  public String toString() {
    return format();
  }

  /** The Damm interim digit over {@code digits}: the check digit of a body, or 0 for a valid whole number. */
  static int damm(String digits) {
    int interim = 0;
    for (int i = 0; i < digits.length(); i++) {
      interim = DAMM[interim][digits.charAt(i) - '0'];
    }
    return interim;
  }

  private static void requireDigits(String what, String value, int width) {
    if (value == null || value.length() != width || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(what + " must be " + width + " digits, not '" + value + "'");
    }
  }

  private static void requireRange(String what, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(what + " must be between 1 and " + max + ", not " + value);
    }
  }
}
