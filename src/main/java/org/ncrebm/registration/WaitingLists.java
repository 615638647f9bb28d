package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.seats.SeatGate;
import org.ncrebm.seats.SeatGate.Counter;
import org.ncrebm.seats.SeatRepository;
import org.ncrebm.seats.SeatRepository.Holder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The candidate's side of the waiting lists (feature S6): join the list of a sold-out subject at one's center, see
 * one's place, leave, and accept a seat offered. The seat itself moves in Postgres only ({@link
 * org.ncrebm.seats.SeatOffers}: a given-back seat becomes an offer in the releasing transaction); Redis learns of each
 * change after the commit. The offer's clock, the messages and lapses are {@link WaitlistOffers}' work.
 */
public final class WaitingLists {
  /** At most this many lists per registration. */
  public static final int MAX_LISTS = 3;

  /** One entry as the candidate sees it; {@code position} is 1 for the next one offered, null unless waiting. */
  public record Entry(long id, String subject, String state, Instant joinedAt, Integer position, Instant offeredAt,
                      Instant offerExpiresAt) {
    public JsonObject toJson() {
      return new JsonObject().put("subject", subject).put("state", state)
        .put("joinedAt", org.ncrebm.platform.Times.iso(joinedAt)).put("position", position)
        .put("offer", state.equals("OFFERED") ? new JsonObject()
          .put("offeredAt", org.ncrebm.platform.Times.iso(offeredAt))
          .put("expiresAt", org.ncrebm.platform.Times.iso(offerExpiresAt)) : null);
    }
  }

  private static final String CAPACITY = """
    select capacity, taken from center_capacity where center_id = $1 and subject_code = $2""";
  private static final String LIVE_COUNT = """
    select count(*) from waitlist_entry where registration_id = $1 and state in ('WAITING', 'OFFERED')""";
  private static final String INSERT = """
    insert into waitlist_entry (registration_id, exam_session_id, center_id, subject_code, state, joined_at)
    values ($1, $2, $3, $4, 'WAITING', $5) on conflict do nothing returning id""";
  private static final String ENTRIES = """
    select w.id, w.subject_code, w.state, w.joined_at, w.offered_at, w.offer_expires_at,
      case when w.state = 'WAITING' then 1 + (select count(*) from waitlist_entry a join registration r
        on r.id = a.registration_id where a.center_id = w.center_id and a.subject_code = w.subject_code
        and a.state = 'WAITING' and r.status in ('DRAFT', 'REJECTED') and (a.joined_at, a.id) < (w.joined_at, w.id))
      end as position
    from waitlist_entry w where w.registration_id = $1 and w.state in ('WAITING', 'OFFERED')
    order by w.joined_at, w.id""";
  private static final String LIVE = """
    select id, state, center_id from waitlist_entry where registration_id = $1 and subject_code = $2
      and state in ('WAITING', 'OFFERED') for update""";
  private static final String RESOLVE = """
    update waitlist_entry set state = $2, resolved_at = $3 where id = $1""";

  private final Pool pool;
  private final RegistrationService service;
  private final RegistrationRepository registrations;
  private final SeatRepository seats;
  private final CatalogService catalog;
  private final HoldDeadlines deadlines;
  private final Clock clock;
  private final WaitlistOffers offers;
  private SeatGate gate;

  public WaitingLists(Pool pool, RegistrationService service, RegistrationRepository registrations,
                      SeatRepository seats, CatalogService catalog, HoldDeadlines deadlines, Clock clock,
                      WaitlistOffers offers) {
    this.pool = pool;
    this.service = service;
    this.registrations = registrations;
    this.seats = seats;
    this.catalog = catalog;
    this.deadlines = deadlines;
    this.clock = clock;
    this.offers = offers;
  }

  /** The Redis seat gate, told of each change after its commit (none in tests of Postgres alone). */
  public WaitingLists useGate(SeatGate gate) {
    this.gate = gate;
    return this;
  }

  /**
   * Joins the list of a subject the registration's center offers and has sold out. Joining again answers the same
   * entry ({@code created} false). {@code INVALID_STATE} when seats are left (choose the subject instead) or the
   * registration already holds it; at most {@link #MAX_LISTS} lists.
   */
  public Future<Joined> join(Principal p, Actor actor, UUID id, String subject) {
    return service.own(p, id).compose(pre -> Future.all(catalog.center(pre.centerId()),
        catalog.window(pre.examSessionId(), pre.provinceCode()))
      .compose(cw -> pool.withTransaction(tx -> service.lockOwn(tx, p, id, pre.centerId()).compose(r -> {
        RegistrationService.requireEditable(r, cw.resultAt(1), clock.instant());
        if (r.subjectCodes().contains(subject)) {
          return Future.failedFuture(AppException.reason(ErrorCode.INVALID_STATE, "subject", "waitlist.alreadyHeld",
            subject));
        }
        return tx.preparedQuery(CAPACITY).execute(Tuple.of(r.centerId(), subject)).compose(cap -> {
          if (cap.size() == 0) {
            return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "subject", "seats.notOffered",
              subject));
          }
          Row k = cap.iterator().next();
          return entry(tx, id, subject).compose(existing -> {
            if (existing != null) return Future.succeededFuture(new Joined(existing, false, r));
            if (k.getInteger("taken") < k.getInteger("capacity")) {
              return Future.failedFuture(AppException.reason(ErrorCode.INVALID_STATE, "subject",
                "waitlist.seatsLeft", subject));
            }
            return tx.preparedQuery(LIVE_COUNT).execute(Tuple.of(id)).compose(n -> {
              if (n.iterator().next().getLong(0) >= MAX_LISTS) {
                return Future.failedFuture(AppException.reason(ErrorCode.INVALID_STATE, "subject",
                  "waitlist.tooMany", MAX_LISTS));
              }
              Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
              return tx.preparedQuery(INSERT).execute(Tuple.of(id, r.examSessionId(), r.centerId(), subject,
                  now.atOffset(ZoneOffset.UTC)))
                .compose(v -> AuditLog.record(tx, actor, "waitlist.join", "registration", id.toString(),
                  r.provinceCode(), null, new JsonObject().put("subject", subject)))
                .compose(v -> entry(tx, id, subject)).map(e -> new Joined(e, true, r));
            });
          });
        });
      }))))
      .compose(j -> !j.created() || gate == null ? Future.succeededFuture(j)
        : gate.waitlist(counter(j.registration(), subject), "join", null).map(j));
  }

  /** What a join answered: the entry, whether this call made it, and the registration. */
  public record Joined(Entry entry, boolean created, Registration registration) {
  }

  /** The registration's live entries (waiting, offered) with their places. */
  public Future<List<Entry>> entries(Principal p, UUID id) {
    return service.own(p, id).compose(r -> pool.preparedQuery(ENTRIES).execute(Tuple.of(id)).map(WaitingLists::read));
  }

  /** The live entries of a registration the caller has already checked is theirs (the overview page). */
  Future<List<Entry>> entriesOf(UUID id) {
    return pool.preparedQuery(ENTRIES).execute(Tuple.of(id)).map(WaitingLists::read);
  }

  /**
   * Leaves a list; leaving an offered seat declines it, and the seat goes to the next one waiting (or the pool).
   * {@code NOT_FOUND} when the registration is not on that list.
   */
  public Future<Void> leave(Principal p, Actor actor, UUID id, String subject) {
    return service.own(p, id).compose(pre -> pool.withTransaction(tx -> service.lockOwn(tx, p, id, pre.centerId())
      .compose(r -> tx.preparedQuery(LIVE).execute(Tuple.of(id, subject)).compose(rows -> {
        if (rows.size() == 0) return Future.failedFuture(AppException.notFound());
        Row e = rows.iterator().next();
        long entryId = e.getLong("id");
        Instant now = clock.instant();
        if (e.getString("state").equals("WAITING")) {
          return tx.preparedQuery(RESOLVE).execute(Tuple.of(entryId, "LEFT", now.atOffset(ZoneOffset.UTC)))
            .compose(v -> AuditLog.record(tx, actor, "waitlist.leave", "registration", id.toString(),
              r.provinceCode(), new JsonObject().put("subject", subject), null))
            .map(v -> (Runnable) () -> tell(r, subject, "leave", null));
        }
        return offers.endOffer(tx, entryId, "DECLINED", actor, now)
          .map(outcomes -> (Runnable) () -> outcomes.forEach(offers::tellRedis));
      }))).map(after -> {
        after.run();
        return null;
      }));
  }

  /**
   * Accepts the seat offered: it becomes a HELD seat of the registration (the counters already count it), under the
   * draft hold like any chosen subject. {@code INVALID_STATE} without a live offer, and like any subject choice when
   * the registration cannot change or would hold more subjects than its center allows.
   */
  public Future<Registration> accept(Principal p, Actor actor, UUID id, String subject) {
    return service.own(p, id).compose(pre -> Future.all(catalog.center(pre.centerId()),
        catalog.window(pre.examSessionId(), pre.provinceCode()))
      .compose(cw -> pool.withTransaction(tx -> service.lockOwn(tx, p, id, pre.centerId()).compose(r -> {
        Instant now = clock.instant();
        org.ncrebm.catalog.Catalog.Window w = cw.resultAt(1);
        org.ncrebm.catalog.Catalog.Center center = cw.resultAt(0);
        RegistrationService.requireEditable(r, w, now);
        return tx.preparedQuery(LIVE).execute(Tuple.of(id, subject)).compose(rows -> {
          Row e = rows.size() == 0 ? null : rows.iterator().next();
          if (e == null || !e.getString("state").equals("OFFERED")) {
            return Future.failedFuture(AppException.reason(ErrorCode.INVALID_STATE, "subject", "waitlist.noOffer",
              subject));
          }
          if (r.subjectCodes().size() + 1 > center.maxSubjects()) {
            return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "subjects",
              "registration.tooManySubjects", center.maxSubjects()));
          }
          Instant hold = (r.status() == Registration.Status.REJECTED && r.holdExpiresAt() != null
            ? r.holdExpiresAt() : deadlines.draft(now, w)).truncatedTo(ChronoUnit.MICROS);
          Holder holder = new Holder(r.id(), r.examSessionId(), r.centerId(), r.idDigest());
          return seats.takeOffered(tx, holder, subject)
            .compose(v -> tx.preparedQuery(RESOLVE).execute(Tuple.of(e.getLong("id"), "ACCEPTED",
              now.atOffset(ZoneOffset.UTC))))
            .compose(v -> registrations.setHold(tx, id, hold))
            .compose(v -> AuditLog.record(tx, actor, "waitlist.accept", "registration", id.toString(),
              r.provinceCode(), new JsonObject().put("subjects", new io.vertx.core.json.JsonArray(r.subjectCodes())),
              new JsonObject().put("subject", subject).put("entry", e.getLong("id"))))
            .map(r);
        });
      })))
      .compose(r -> gate == null ? Future.succeededFuture()
        : gate.waitlist(counter(r, subject), "accept", id))
      .compose(v -> registrations.find(pool, id)));
  }

  private void tell(Registration r, String subject, String what, UUID holder) {
    if (gate != null) gate.waitlist(counter(r, subject), what, holder);
  }

  private static Counter counter(Registration r, String subject) {
    return new Counter(r.examSessionId(), r.centerId(), subject);
  }

  private static Future<Entry> entry(SqlConnection tx, UUID id, String subject) {
    return tx.preparedQuery(ENTRIES).execute(Tuple.of(id)).map(rows -> read(rows).stream()
      .filter(e -> e.subject().equals(subject)).findFirst().orElse(null));
  }

  private static List<Entry> read(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Entry> out = new ArrayList<>();
    for (Row row : rows) {
      Long pos = row.getLong("position");
      out.add(new Entry(row.getLong("id"), row.getString("subject_code"), row.getString("state"),
        instant(row, "joined_at"), pos == null ? null : pos.intValue(), instant(row, "offered_at"),
        instant(row, "offer_expires_at")));
    }
    return out;
  }

  static Instant instant(Row row, String column) {
    var t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
