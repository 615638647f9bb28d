package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The seat side of the waiting lists (feature S6), in Postgres: a seat given back while candidates wait for its
 * subject becomes an offer to the first of them in the same transaction, so it is never in the open pool and never
 * both offered and sold. An offer keeps its seat counted in {@code center_capacity.taken} (and the center's total);
 * accepting turns it into the candidate's held seat without touching the counters, and an offer that lapses or is
 * declined goes to the next candidate, or back to the pool. The offer's clock and the candidate's message are
 * started by the offer job seconds later, so the seat path itself needs neither a clock nor the outbox.
 */
public final class SeatOffers {
  /** Who may be offered a seat: a live registration whose subjects can still change (api.md: DRAFT, REJECTED). */
  static final String ELIGIBLE = "r.status in ('DRAFT', 'REJECTED')";

  /** The eligible waiting entries of counter {@code k} (a correlated sub-select), Redis' waiting count's truth. */
  static final String WAITING_COUNT = """
    select count(*) from waitlist_entry w join registration r on r.id = w.registration_id
    where w.center_id = k.center_id and w.subject_code = k.subject_code and w.state = 'WAITING'"""
    + " and " + ELIGIBLE;

  private static final String DIVERT = """
    with next as (
      select w.id from waitlist_entry w join registration r on r.id = w.registration_id
      where w.center_id = $1 and w.subject_code = $2 and w.state = 'WAITING'"""
    + " and " + ELIGIBLE + """

      order by w.joined_at, w.id limit $3
      for update of w skip locked)
    update waitlist_entry w set state = 'OFFERED', diverted_at = now() from next where w.id = next.id
    returning w.id""";

  private static final String GIVE_BACK = """
    update center_capacity set taken = taken - 1 where center_id = $1 and subject_code = $2""";
  private static final String GIVE_BACK_TOTAL = "update test_center set total_taken = total_taken - 1 where id = $1";

  private SeatOffers() {
  }

  /**
   * Turns up to {@code seats} waiting entries of a center x subject into offers, first come first served; answers how
   * many seats went to the list (the rest go back to the pool). Entries another transaction has locked are passed
   * over rather than waited for: that transaction is changing them.
   */
  static Future<Integer> divert(SqlClient tx, long centerId, String subject, int seats) {
    return tx.preparedQuery(DIVERT).execute(Tuple.of(centerId, subject, seats)).map(rows -> rows.rowCount());
  }

  /**
   * An offer that lapsed or was declined and found nobody waiting: its seat goes back to the pool (the capacity row
   * before the center's, the one lock order). The caller then gives it back in Redis ({@link SeatGate#waitlist}).
   */
  public static Future<Void> returnToPool(SqlClient tx, long centerId, String subject) {
    return tx.preparedQuery(GIVE_BACK).execute(Tuple.of(centerId, subject))
      .compose(v -> tx.preparedQuery(GIVE_BACK_TOTAL).execute(Tuple.of(centerId)))
      .mapEmpty();
  }

  /** The next waiting entry of a center x subject becomes an offer, if there is one; answers its id or null. */
  public static Future<Long> offerNext(SqlClient tx, long centerId, String subject) {
    return tx.preparedQuery(DIVERT).execute(Tuple.of(centerId, subject, 1))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
  }
}
