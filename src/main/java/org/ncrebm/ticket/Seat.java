package org.ncrebm.ticket;

import java.util.Comparator;

/** A place at a test center: seat {@code seat} of room {@code room} in exam slot {@code slot}. */
public record Seat(int slot, int room, int seat) implements Comparable<Seat> {
  /** Slot, then room, then seat: the order in which the planner fills a center. */
  public static final Comparator<Seat> FILL_ORDER =
    Comparator.comparingInt(Seat::slot).thenComparingInt(Seat::room).thenComparingInt(Seat::seat);

  @Override
  public int compareTo(Seat other) {
    return FILL_ORDER.compare(this, other);
  }
}
