package org.ncrebm.ticket;

/**
 * An exam room of a test center: its number (001-999, printed on the ticket) and how many candidates it seats
 * (1-99, usually the working computers of a lab). The same rooms serve every exam slot of the center.
 */
public record Room(int number, int size) {
  public Room {
    if (number < 1 || number > 999) {
      throw new IllegalArgumentException("a room number is between 1 and 999, not " + number);
    }
    if (size < 1 || size > 99) {
      throw new IllegalArgumentException("room " + number + " must seat between 1 and 99, not " + size);
    }
  }
}
