package org.ncrebm.queue;

/**
 * How fast a waiting room admits, beyond the rate staff set: additive increase while the service is comfortable,
 * multiplicative decrease as soon as a queue in front of the seat path grows (AIMD, as TCP does), so the room never
 * admits more than the seat path serves. The rate starts at {@code admitPerSecond}, climbs by a tenth of it per tick
 * up to {@link #CEILING_FACTOR} times it, halves under pressure, and never goes below {@link #FLOOR} per second: the
 * room slows down, it never closes for everyone. Between the low and high marks it holds.
 */
public final class AdmissionRate {
  public static final double FLOOR = 1.0;
  public static final double CEILING_FACTOR = 4.0;
  static final double INCREASE_FRACTION = 0.1;
  static final double DECREASE = 0.5;

  /**
   * What the service feels now: requests waiting for a Postgres connection and for a Redis connection (the pools'
   * wait queues) and subject choices waiting for their center's seat transaction ({@code SeatWriter}).
   */
  public record Signals(double pgWaiting, double redisWaiting, double seatWritesWaiting) {
    public static final Signals CALM = new Signals(0, 0, 0);
  }

  /** Low and high marks per signal: below every low mark the rate grows, above any high mark it halves. */
  public record Marks(double pgLow, double pgHigh, double redisLow, double redisHigh, double seatLow, double seatHigh) {
    public static final Marks DEFAULT = new Marks(4, 32, 16, 128, 16, 128);
  }

  private final Marks marks;

  public AdmissionRate(Marks marks) {
    this.marks = marks;
  }

  /** The rate for the next tick, from the current one ({@code NaN} or 0: the first tick, which admits at {@code base}). */
  public double next(double current, int base, Signals s) {
    if (Double.isNaN(current) || current <= 0) return Math.max(FLOOR, base);
    double rate = current;
    double ceiling = Math.max(FLOOR, base * CEILING_FACTOR);
    if (pressed(s)) return Math.max(FLOOR, rate * DECREASE);
    if (calm(s)) return Math.min(ceiling, rate + Math.max(1.0, base * INCREASE_FRACTION));
    return Math.min(ceiling, Math.max(FLOOR, rate));
  }

  boolean pressed(Signals s) {
    return s.pgWaiting() >= marks.pgHigh() || s.redisWaiting() >= marks.redisHigh()
      || s.seatWritesWaiting() >= marks.seatHigh();
  }

  boolean calm(Signals s) {
    return s.pgWaiting() <= marks.pgLow() && s.redisWaiting() <= marks.redisLow()
      && s.seatWritesWaiting() <= marks.seatLow();
  }
}
