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
 * oversell whatever runs in front. Rows are always locked in subject-code order, so holds never deadlock.
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
   * Takes one seat of each subject (sorted) for the holder. {@code SEAT_SOLD_OUT} when a subject or the center's total
   * is full, {@code SUBJECT_TAKEN} when this ID already holds the subject in the session, a validation error when the
   * center does not offer it. Partial work is undone by the caller's transaction failing.
   */
  public Future<Void> take(SqlClient tx, Holder h, List<String> subjects) {
    List<String> sorted = subjects.stream().sorted().toList();
    if (sorted.isEmpty()) return Future.succeededFuture();
    Future<Void> chain = Future.succeededFuture();
    for (String code : sorted) {
      chain = chain.compose(v -> tx.preparedQuery(TAKE).execute(Tuple.of(h.centerId(), code)).compose(rows -> {
        if (rows.rowCount() == 1) return Future.succeededFuture();
        return tx.preparedQuery(OFFERED).execute(Tuple.of(h.centerId(), code)).compose(offered -> offered.size() == 0
          ? Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "seats.notOffered", code))
          : Future.failedFuture(AppException.reason(ErrorCode.SEAT_SOLD_OUT, "subjects", "seats.soldOut", code)));
      })).compose(v -> tx.preparedQuery(INSERT_SEAT)
        .execute(Tuple.of(h.registrationId(), h.examSessionId(), h.centerId(), code, h.idDigest()))
        .recover(err -> Future.failedFuture(err instanceof PgException pg && "23505".equals(pg.getSqlState())
          ? AppException.reason(ErrorCode.SUBJECT_TAKEN, "subjects", "seats.subjectTaken", code) : err))
        .mapEmpty());
    }
    return chain.compose(v -> tx.preparedQuery(TAKE_TOTAL).execute(Tuple.of(h.centerId(), sorted.size())))
      .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
        : Future.failedFuture(AppException.of(ErrorCode.SEAT_SOLD_OUT, "seats.centerFull")));
  }

  /** Gives back the held seats of these subjects (confirmed, paid seats are never released here). */
  public Future<List<String>> release(SqlClient tx, Holder h, List<String> subjects) {
    List<String> sorted = subjects.stream().sorted().toList();
    if (sorted.isEmpty()) return Future.succeededFuture(List.of());
    return tx.preparedQuery(DELETE_SEATS).execute(Tuple.of(h.registrationId(), (Object) sorted.toArray(String[]::new)))
      .compose(rows -> {
        List<String> released = new ArrayList<>();
        rows.forEach(r -> released.add(r.getString("subject_code")));
        List<String> ordered = released.stream().sorted().toList();
        Future<Void> chain = Future.succeededFuture();
        for (String code : ordered) {
          chain = chain.compose(v -> tx.preparedQuery(GIVE_BACK).execute(Tuple.of(h.centerId(), code)).mapEmpty());
        }
        return chain.compose(v -> ordered.isEmpty() ? Future.succeededFuture()
            : tx.preparedQuery(GIVE_BACK_TOTAL).execute(Tuple.of(h.centerId(), ordered.size())).mapEmpty())
          .map(ordered);
      });
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
