package org.ncrebm.seats;

import org.ncrebm.platform.RedisScripts;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process last saw of a sold-out counter (issue 15): that it was sold out, and who held its seats then.
 * During the spike nearly every hold asks a sold-out counter again; for {@link #MEMORY_MILLIS} after the gate said
 * "sold out" the answer for a registration that holds none of its seats is given from here, without Redis. The
 * snapshot ({@code seat_snapshot.lua}: stock and holders read in one step) is the gate's own answer, only older:
 * a sold-out counter gains room only when a seat is given back, and a seat given back through this process clears
 * its counter's memory at once; one given back through another instance reaches this one's candidates
 * {@link #MEMORY_MILLIS} later at the latest. Nobody is ever given a seat from here: winners always go through the
 * gate script and Postgres. Counters with more holders than {@link #MAX_HOLDERS} are not remembered.
 */
final class SoldOutMemory {
  /** How long a sold-out answer is reused: a quarter second, well below a candidate's reaction time. */
  static final long MEMORY_MILLIS = 250;
  static final int MAX_HOLDERS = 5_000;

  private record Snapshot(long takenAt, Set<String> holders) {
  }

  private final RedisScripts scripts;
  private final Clock clock;
  private final ConcurrentHashMap<SeatGate.Counter, Snapshot> snapshots = new ConcurrentHashMap<>();
  private final Set<SeatGate.Counter> reading = ConcurrentHashMap.newKeySet();
  /** Counts the changes seen here: a snapshot read while one happened may predate it and is not kept. */
  private final AtomicLong changes = new AtomicLong();

  SoldOutMemory(RedisScripts scripts, Clock clock) {
    this.scripts = scripts;
    this.clock = clock;
  }

  /** True when the counter was sold out a moment ago and the registration held none of its seats then. */
  boolean soldOutFor(SeatGate.Counter c, String registrationId) {
    Snapshot s = snapshots.get(c);
    if (s == null) return false;
    if (!young(s)) {
      snapshots.remove(c, s);
      return false;
    }
    return !s.holders().contains(registrationId);
  }

  private boolean young(Snapshot s) {
    long age = clock.millis() - s.takenAt();
    return age >= 0 && age < MEMORY_MILLIS;
  }

  /** The gate just answered "sold out" for the counter: remember it (one read per counter at a time). */
  void soldOut(SeatGate.Counter c) {
    if (!reading.add(c)) return;
    long takenAt = clock.millis();
    long changesBefore = changes.get();
    scripts.eval("seat_snapshot", c.keys(), List.of(Integer.toString(MAX_HOLDERS))).onComplete(ar -> {
      reading.remove(c);
      if (ar.failed() || ar.result() == null || ar.result().size() == 0 || ar.result().get(0).toInteger() != 1
        || changes.get() != changesBefore) return;
      Set<String> holders = new HashSet<>(ar.result().size() * 2);
      for (int i = 1; i < ar.result().size(); i++) holders.add(ar.result().get(i).toString());
      snapshots.put(c, new Snapshot(takenAt, holders)); // never changed once taken
    });
  }

  /** A seat of the counter came back, or the counter was rebuilt, through this process. */
  void changed(SeatGate.Counter c) {
    changes.incrementAndGet();
    snapshots.remove(c);
  }

  void clear() {
    changes.incrementAndGet();
    snapshots.clear();
  }

  /** For tests: whether a sold-out snapshot of the counter is held (and still young enough to be used). */
  boolean remembers(SeatGate.Counter c) {
    Snapshot s = snapshots.get(c);
    return s != null && young(s);
  }
}
