package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The seat invariant in PostgreSQL: a seat row and the capacity counters (per subject, and the center's optional
 * total) change together in the caller's transaction, and {@code taken <= capacity} is a CHECK, so nothing can
 * oversell whatever runs in front. Shared rows are always locked in one order (capacity rows by center and subject,
 * then the center's row), so holds never deadlock.
 */
public final class SeatRepository {
  /** Seat rows from arrays: one statement for a whole batch, or one per row where the failing subject must be named. */
  private static final String INSERT_SEATS = """
    insert into registration_subject (registration_id, exam_session_id, center_id, subject_code, id_digest, state)
    select *, 'HELD' from unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[], $5::text[])""";
  private static final String DELETE_SEATS = """
    delete from registration_subject s using unnest($1::uuid[], $2::text[]) as d(registration_id, subject_code)
    where s.registration_id = d.registration_id and s.subject_code = d.subject_code and s.state = 'HELD'
    returning s.registration_id, s.subject_code""";
  private static final String LOCK_CAPACITIES = """
    select 1 from center_capacity where center_id = any($1) and subject_code = any($2)
    order by center_id, subject_code for update""";
  private static final String LOCK_CENTERS = "select 1 from test_center where id = any($1) order by id for update";
  private static final String CONFIRM = """
    update registration_subject set state = 'CONFIRMED' where registration_id = $1 and state = 'HELD'""";

  /** Who holds: the registration, its session, center and the keyed digest of its ID number. */
  public record Holder(UUID registrationId, long examSessionId, long centerId, String idDigest) {
  }

  /** One holder's seat rows to change: the held seats of {@code drop} given back, seats of {@code add} taken. */
  public record Swap(Holder holder, List<String> drop, List<String> add) {
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
   * its commit.
   */
  public Future<List<String>> swapRows(SqlClient tx, Holder h, List<String> drop, List<String> add,
                                       CounterChanges counters) {
    return swapRowsAll(tx, List.of(new Swap(h, drop, add)), counters).map(released -> released.get(0));
  }

  /**
   * The seat rows of several holders' swaps (of distinct registrations) in two statements, whatever their number (a
   * {@link SeatWriter} batch writes the sum of their counters at once): the seats given back, then the seats taken.
   * Answers each swap's subjects given back, in order. Several swaps fail together, without naming the subject (the
   * writer then runs each alone); a single swap's seats are inserted one statement per subject, so its
   * {@code SUBJECT_TAKEN} or {@code seats.notOffered} names the subject.
   */
  public Future<List<List<String>>> swapRowsAll(SqlClient tx, List<Swap> swaps, CounterChanges counters) {
    return deleteSeats(tx, swaps).compose(released -> insertSeats(tx, swaps).map(v -> {
      List<List<String>> out = new ArrayList<>(swaps.size());
      for (Swap w : swaps) {
        List<String> back = released.getOrDefault(w.holder().registrationId(), List.of()).stream().sorted().toList();
        back.forEach(code -> counters.giveBack(w.holder().centerId(), code));
        w.add().forEach(code -> counters.take(w.holder().centerId(), code));
        out.add(back);
      }
      return out;
    }));
  }

  private Future<Map<UUID, List<String>>> deleteSeats(SqlClient tx, List<Swap> swaps) {
    List<UUID> ids = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (Swap w : swaps) {
      for (String code : w.drop()) {
        ids.add(w.holder().registrationId());
        codes.add(code);
      }
    }
    if (ids.isEmpty()) return Future.succeededFuture(Map.of());
    return tx.preparedQuery(DELETE_SEATS).execute(Tuple.from(new Object[]{ids.toArray(UUID[]::new), codes.toArray(String[]::new)}))
      .map(rows -> {
        Map<UUID, List<String>> released = new HashMap<>();
        rows.forEach(r -> released.computeIfAbsent(r.getUUID("registration_id"), k -> new ArrayList<>())
          .add(r.getString("subject_code")));
        return released;
      });
  }

  /** One row of registration_subject to insert. */
  private record SeatRow(Holder holder, String code) {
  }

  private Future<Void> insertSeats(SqlClient tx, List<Swap> swaps) {
    List<SeatRow> rows = new ArrayList<>();
    for (Swap w : swaps) w.add().stream().sorted().forEach(code -> rows.add(new SeatRow(w.holder(), code)));
    if (rows.isEmpty()) return Future.succeededFuture();
    if (swaps.size() > 1) return insert(tx, rows);
    Future<Void> chain = Future.succeededFuture();
    for (SeatRow row : rows) chain = chain.compose(v -> insert(tx, List.of(row)));
    return chain;
  }

  private Future<Void> insert(SqlClient tx, List<SeatRow> rows) {
    int n = rows.size();
    UUID[] ids = new UUID[n];
    Long[] sessions = new Long[n];
    Long[] centers = new Long[n];
    String[] codes = new String[n];
    String[] digests = new String[n];
    for (int i = 0; i < n; i++) {
      Holder h = rows.get(i).holder();
      ids[i] = h.registrationId();
      sessions[i] = h.examSessionId();
      centers[i] = h.centerId();
      codes[i] = rows.get(i).code();
      digests[i] = h.idDigest();
    }
    String code = n == 1 ? codes[0] : null;
    return tx.preparedQuery(INSERT_SEATS).execute(Tuple.from(new Object[]{ids, sessions, centers, codes, digests}))
      .recover(err -> Future.failedFuture(!(err instanceof PgException pg) ? err
        : "23505".equals(pg.getSqlState()) ? AppException.reason(ErrorCode.SUBJECT_TAKEN, "subjects", "seats.subjectTaken", code)
        : "23503".equals(pg.getSqlState())
          ? AppException.field(ErrorCode.VALIDATION_FAILED, "subjects", "seats.notOffered", code) : err))
      .mapEmpty();
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
    return insert(tx, List.of(new SeatRow(h, subject)));
  }

  /** Payment confirmed: the held seats become the candidate's for good. */
  public Future<Integer> confirm(SqlClient tx, UUID registrationId) {
    return tx.preparedQuery(CONFIRM).execute(Tuple.of(registrationId)).map(rows -> rows.rowCount());
  }
}
