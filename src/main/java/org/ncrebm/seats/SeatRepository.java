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
  private static final String TAKE = """
    update center_capacity set taken = taken + 1
    where center_id = $1 and subject_code = $2 and taken < capacity returning taken""";
  private static final String OFFERED = "select 1 from center_capacity where center_id = $1 and subject_code = $2";
  private static final String INSERT_SEAT = """
    insert into registration_subject (registration_id, exam_session_id, center_id, subject_code, id_digest, state)
    values ($1, $2, $3, $4, $5, 'HELD')""";
  private static final String TAKE_TOTAL = """
    update test_center set total_taken = total_taken + $2
    where id = $1 and (total_capacity is null or total_taken + $2 <= total_capacity) returning total_taken""";
  private static final String DELETE_SEATS = """
    delete from registration_subject where registration_id = $1 and subject_code = any($2) and state = 'HELD'
    returning subject_code""";
  private static final String GIVE_BACK = """
    update center_capacity set taken = taken - 1 where center_id = $1 and subject_code = $2""";
  private static final String GIVE_BACK_TOTAL = "update test_center set total_taken = total_taken - $2 where id = $1";
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
   * until the commit, which bounds how many winners per second one center x subject can take.
   */
  public Future<List<String>> swap(SqlClient tx, Holder h, List<String> drop, List<String> add) {
    List<String> adding = add.stream().sorted().toList();
    Future<List<String>> deleted = drop.isEmpty() ? Future.succeededFuture(List.of())
      : tx.preparedQuery(DELETE_SEATS).execute(Tuple.of(h.registrationId(), (Object) drop.stream().sorted()
        .toArray(String[]::new))).map(rows -> {
          List<String> codes = new ArrayList<>();
          rows.forEach(r -> codes.add(r.getString("subject_code")));
          return codes;
        });
    return deleted.compose(released -> insertSeats(tx, h, adding)
      .compose(v -> counters(tx, h, released, adding))
      .compose(v -> total(tx, h, adding.size() - released.size()))
      .map(v -> released.stream().sorted().toList()));
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

  /** One capacity row per subject, in subject order: taken + 1 for a new seat, - 1 for one given back. */
  private Future<Void> counters(SqlClient tx, Holder h, List<String> released, List<String> adding) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(released);
    all.addAll(adding);
    Future<Void> chain = Future.succeededFuture();
    for (String code : all) {
      boolean taking = adding.contains(code) && !released.contains(code);
      boolean giving = released.contains(code) && !adding.contains(code);
      if (taking) {
        chain = chain.compose(v -> tx.preparedQuery(TAKE).execute(Tuple.of(h.centerId(), code)).compose(rows ->
          rows.rowCount() == 1 ? Future.<Void>succeededFuture() : notTaken(tx, h, code)));
      } else if (giving) {
        chain = chain.compose(v -> tx.preparedQuery(GIVE_BACK).execute(Tuple.of(h.centerId(), code)).mapEmpty());
      }
    }
    return chain;
  }

  private Future<Void> notTaken(SqlClient tx, Holder h, String code) {
    return tx.preparedQuery(OFFERED).execute(Tuple.of(h.centerId(), code)).compose(offered -> offered.size() == 0
      ? Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "seats.notOffered", code))
      : Future.failedFuture(AppException.reason(ErrorCode.SEAT_SOLD_OUT, "subjects", "seats.soldOut", code)));
  }

  /** The center's optional total: its row is locked only when the number of seats changes. */
  private Future<Void> total(SqlClient tx, Holder h, int delta) {
    if (delta == 0) return Future.succeededFuture();
    if (delta < 0) return tx.preparedQuery(GIVE_BACK_TOTAL).execute(Tuple.of(h.centerId(), -delta)).mapEmpty();
    return tx.preparedQuery(TAKE_TOTAL).execute(Tuple.of(h.centerId(), delta))
      .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
        : Future.failedFuture(AppException.of(ErrorCode.SEAT_SOLD_OUT, "seats.centerFull")));
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

  /** Payment confirmed: the held seats become the candidate's for good. */
  public Future<Integer> confirm(SqlClient tx, UUID registrationId) {
    return tx.preparedQuery(CONFIRM).execute(Tuple.of(registrationId)).map(rows -> rows.rowCount());
  }
}
