package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The seat invariant in PostgreSQL: a seat row and the capacity counters (per subject, and the center's optional
 * total) change together in the caller's transaction, and {@code taken <= capacity} is a CHECK, so nothing can
 * oversell whatever runs in front. Shared rows are always locked in one order (capacity rows by center and subject,
 * then the center's row), so holds never deadlock.
 */
public final class SeatRepository {
  private static final String INSERT_SEAT = """
    insert into registration_subject (registration_id, exam_session_id, center_id, subject_code, id_digest, state)
    values ($1, $2, $3, $4, $5, 'HELD')""";
  private static final String DELETE_SEATS = """
    delete from registration_subject where registration_id = $1 and subject_code = any($2) and state = 'HELD'
    returning subject_code""";
  private static final String LOCK_CAPACITIES = """
    select 1 from center_capacity where center_id = any($1) and subject_code = any($2)
    order by center_id, subject_code for update""";
  private static final String LOCK_CENTERS = "select 1 from test_center where id = any($1) order by id for update";
  private static final String CONFIRM = """
    update registration_subject set state = 'CONFIRMED' where registration_id = $1 and state = 'HELD'""";

  /** Who holds: the registration, its session, center and the keyed digest of its ID number. */
  public record Holder(UUID registrationId, long examSessionId, long centerId, String idDigest) {
  }

  /**
   * Takes one seat of each subject for the holder. {@code SEAT_SOLD_OUT} when a subject or the center's total is full,
   * {@code SUBJECT_TAKEN} when this ID already holds the subject in the session, a validation error when the center
   * does not offer it. Partial work is undone by the caller's transaction failing.
   */
  public Future<Void> take(SqlClient tx, Holder h, List<String> subjects) {
    return swap(tx, h, List.of(), subjects).mapEmpty();
  }

  /** Gives back the held seats of these subjects (confirmed, paid seats are never released here). */
  public Future<List<String>> release(SqlClient tx, Holder h, List<String> subjects) {
    return swap(tx, h, subjects, List.of());
  }

  /**
   * Gives back the held seats of {@code drop} and takes seats of {@code add} at the holder's center in one step;
   * answers the subjects given back. The seat rows change first, so a person's second registration for a subject
   * fails before anything shared is touched; then the capacity rows in subject order and the center's total once, in
   * the one global lock order. The hot rows that every winner of a spike updates are thus locked last and held only
   * until the commit.
   */
  public Future<List<String>> swap(SqlClient tx, Holder h, List<String> drop, List<String> add) {
    CounterChanges counters = new CounterChanges();
    return swapRows(tx, h, drop, add, counters).compose(released -> counters.write(tx).map(released));
  }

  /**
   * The seat rows of a swap only; the counter changes are added to {@code counters}, which the caller writes before
   * its commit (a {@link SeatWriter} batch writes the sum of many swaps at once).
   */
  public Future<List<String>> swapRows(SqlClient tx, Holder h, List<String> drop, List<String> add,
                                       CounterChanges counters) {
    List<String> adding = add.stream().sorted().toList();
    Future<List<String>> deleted = drop.isEmpty() ? Future.succeededFuture(List.of())
      : tx.preparedQuery(DELETE_SEATS).execute(Tuple.of(h.registrationId(), (Object) drop.stream().sorted()
        .toArray(String[]::new))).map(rows -> {
          List<String> codes = new ArrayList<>();
          rows.forEach(r -> codes.add(r.getString("subject_code")));
          return codes;
        });
    return deleted.compose(released -> insertSeats(tx, h, adding).map(v -> {
      released.forEach(code -> counters.giveBack(h.centerId(), code));
      adding.forEach(code -> counters.take(h.centerId(), code));
      return released.stream().sorted().toList();
    }));
  }

  private Future<Void> insertSeats(SqlClient tx, Holder h, List<String> codes) {
    Future<Void> chain = Future.succeededFuture();
    for (String code : codes) {
      chain = chain.compose(v -> tx.preparedQuery(INSERT_SEAT)
        .execute(Tuple.of(h.registrationId(), h.examSessionId(), h.centerId(), code, h.idDigest()))
        .recover(err -> Future.failedFuture(!(err instanceof PgException pg) ? err
          : "23505".equals(pg.getSqlState()) ? AppException.reason(ErrorCode.SUBJECT_TAKEN, "subjects", "seats.subjectTaken", code)
          : "23503".equals(pg.getSqlState())
            ? AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "seats.notOffered", code) : err))
        .mapEmpty());
    }
    return chain;
  }

  /**
   * Locks the counters of several centers up front, in the one global order every seat change follows (capacity rows
   * by center and subject, then center rows by id), so a move between two centers cannot deadlock with another.
   */
  public Future<Void> lockCenters(SqlClient tx, List<Long> centerIds, List<String> subjects) {
    Long[] ids = centerIds.stream().sorted().toArray(Long[]::new);
    return tx.preparedQuery(LOCK_CAPACITIES).execute(Tuple.of(ids, (Object) subjects.toArray(String[]::new)))
      .compose(v -> tx.preparedQuery(LOCK_CENTERS).execute(Tuple.of((Object) ids)))
      .mapEmpty();
  }

  /**
   * A seat offered from a waiting list becomes the holder's HELD seat: the counters already count it (the offer kept
   * it), so only the seat row is written. {@code SUBJECT_TAKEN} when this person holds the subject elsewhere.
   */
  public Future<Void> takeOffered(SqlClient tx, Holder h, String subject) {
    return insertSeats(tx, h, List.of(subject));
  }

  /** Payment confirmed: the held seats become the candidate's for good. */
  public Future<Integer> confirm(SqlClient tx, UUID registrationId) {
    return tx.preparedQuery(CONFIRM).execute(Tuple.of(registrationId)).map(rows -> rows.rowCount());
  }
}
