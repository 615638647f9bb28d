package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one transaction does to the shared seat counters, summed, and written just before its commit: the capacity
 * rows by center and subject, then the centers' totals by id, the one global lock order. Several registrations' seat
 * changes in one transaction (a {@link SeatWriter} batch) thus lock each hot row once, for one update, instead of
 * once per seat. Not thread-safe: it belongs to one transaction, whose callbacks run on one event loop.
 */
public final class CounterChanges {
  private static final String TAKE = """
    update center_capacity set taken = taken + $3
    where center_id = $1 and subject_code = $2 and taken + $3 <= capacity""";
  private static final String GIVE_BACK = """
    update center_capacity set taken = taken - $3 where center_id = $1 and subject_code = $2""";
  private static final String OFFERED = "select 1 from center_capacity where center_id = $1 and subject_code = $2";
  private static final String TAKE_TOTAL = """
    update test_center set total_taken = total_taken + $2
    where id = $1 and (total_capacity is null or total_taken + $2 <= total_capacity)""";
  private static final String GIVE_BACK_TOTAL = "update test_center set total_taken = total_taken - $2 where id = $1";

  private record Counter(long centerId, String subject) implements Comparable<Counter> {
    @Override
    public int compareTo(Counter o) {
      int c = Long.compare(centerId, o.centerId);
      return c != 0 ? c : subject.compareTo(o.subject);
    }
  }

  private final TreeMap<Counter, Integer> subjects = new TreeMap<>();
  private final TreeMap<Long, Integer> totals = new TreeMap<>();

  void take(long centerId, String subject) {
    add(centerId, subject, 1);
  }

  void giveBack(long centerId, String subject) {
    add(centerId, subject, -1);
  }

  private void add(long centerId, String subject, int delta) {
    subjects.merge(new Counter(centerId, subject), delta, Integer::sum);
    totals.merge(centerId, delta, Integer::sum);
  }

  /**
   * Writes the sums. {@code SEAT_SOLD_OUT} when a subject or a center's total has fewer seats left than asked (the
   * CHECKs would refuse it anyway), a validation error when the center does not offer a subject at all.
   */
  public Future<Void> write(SqlClient tx) {
    // Seats given back first go to the waiting lists (feature S6, SeatOffers): an offered seat stays counted, so
    // the subject's and the center's counters drop only by the seats that really return to the pool.
    TreeMap<Long, Integer> totalDeltas = new TreeMap<>(totals);
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Counter, Integer> e : subjects.entrySet()) {
      Counter k = e.getKey();
      int delta = e.getValue();
      if (delta > 0) {
        chain = chain.compose(v -> tx.preparedQuery(TAKE).execute(Tuple.of(k.centerId(), k.subject(), delta))
          .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture() : notTaken(tx, k)));
      } else if (delta < 0) {
        chain = chain.compose(v -> SeatOffers.divert(tx, k.centerId(), k.subject(), -delta).compose(offered -> {
          if (offered > 0) totalDeltas.merge(k.centerId(), offered, Integer::sum);
          int back = -delta - offered;
          return back == 0 ? Future.<Void>succeededFuture()
            : tx.preparedQuery(GIVE_BACK).execute(Tuple.of(k.centerId(), k.subject(), back)).mapEmpty();
        }));
      }
    }
    return chain.compose(v -> writeTotals(tx, totalDeltas));
  }

  private static Future<Void> writeTotals(SqlClient tx, TreeMap<Long, Integer> deltas) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<Long, Integer> e : deltas.entrySet()) {
      long center = e.getKey();
      int delta = e.getValue();
      if (delta > 0) {
        chain = chain.compose(v -> tx.preparedQuery(TAKE_TOTAL).execute(Tuple.of(center, delta))
          .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
            : Future.failedFuture(AppException.of(ErrorCode.SEAT_SOLD_OUT, "seats.centerFull"))));
      } else if (delta < 0) {
        chain = chain.compose(v -> tx.preparedQuery(GIVE_BACK_TOTAL).execute(Tuple.of(center, -delta)).mapEmpty());
      }
    }
    return chain;
  }

  private static Future<Void> notTaken(SqlClient tx, Counter k) {
    return tx.preparedQuery(OFFERED).execute(Tuple.of(k.centerId(), k.subject())).compose(offered -> offered.size() == 0
      ? Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "seats.notOffered", k.subject()))
      : Future.failedFuture(AppException.reason(ErrorCode.SEAT_SOLD_OUT, "subjects", "seats.soldOut", k.subject())));
  }
}
