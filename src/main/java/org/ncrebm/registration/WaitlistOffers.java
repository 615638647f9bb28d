package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.notify.Notification;
import org.ncrebm.notify.Notifier;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.seats.SeatGate;
import org.ncrebm.seats.SeatOffers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The offer job of the waiting lists (feature S6). A seat given back while someone waits became an offer in the
 * releasing transaction; this job starts its clock ({@code waitlist.offer-hours}, never past the province's payment
 * deadline), tells the candidate by e-mail and SMS through the outbox and audits it, all in one transaction, and ends
 * the offers nobody accepted in time: the seat goes to the next one waiting, or back to the pool. Each entry is
 * handled in its own transaction under {@code FOR UPDATE SKIP LOCKED}, so with several instances running the job an
 * offer starts once and lapses exactly once.
 */
public final class WaitlistOffers {
  private static final int BATCH = 200;
  private static final String UNSTARTED = """
    select id from waitlist_entry where state = 'OFFERED' and offered_at is null order by diverted_at, id limit $1""";
  private static final String DUE = """
    select id from waitlist_entry where state = 'OFFERED' and offer_expires_at <= $1 order by offer_expires_at, id
    limit $2""";
  private static final String CLAIM_UNSTARTED = """
    select w.id, w.registration_id, w.center_id, w.exam_session_id, w.subject_code, r.province_code, r.status,
      pw.pay_deadline, a.email, a.mobile, a.lang, c.name as center_name,
      (select j.code || ' ' || j.name from subject j where j.exam_session_id = w.exam_session_id
       and j.code = w.subject_code) as subject_name,
      exists (select 1 from registration_subject s where s.registration_id = w.registration_id
              and s.subject_code = w.subject_code) as holds_already
    from waitlist_entry w join registration r on r.id = w.registration_id join account a on a.id = r.account_id
      join test_center c on c.id = w.center_id
      join province_window pw on pw.exam_session_id = r.exam_session_id and pw.province_code = r.province_code
    where w.id = $1 and w.state = 'OFFERED' and w.offered_at is null for update of w skip locked""";
  private static final String CLAIM_DUE = """
    select id from waitlist_entry where id = $1 and state = 'OFFERED' and offer_expires_at <= $2
    for update skip locked""";
  private static final String ENTRY = """
    select w.registration_id, w.center_id, w.exam_session_id, w.subject_code, r.province_code
    from waitlist_entry w join registration r on r.id = w.registration_id where w.id = $1""";
  private static final String START = """
    update waitlist_entry set offered_at = $2, offer_expires_at = $3 where id = $1""";
  private static final String END = """
    update waitlist_entry set state = $2, resolved_at = $3 where id = $1 and state = 'OFFERED'""";

  /** What ending an offer did to its seat: passed on to {@code nextEntry}, or (null) back to the pool. */
  public record Outcome(long examSessionId, long centerId, String subject, Long nextEntry) {
  }

  private final Pool pool;
  private final Notifier notifier;
  private final I18n i18n;
  private final Clock clock;
  private final Duration offerFor;
  private SeatGate gate;

  public WaitlistOffers(Pool pool, Notifier notifier, I18n i18n, Clock clock, Duration offerFor) {
    this.pool = pool;
    this.notifier = notifier;
    this.i18n = i18n;
    this.clock = clock;
    this.offerFor = offerFor;
  }

  public WaitlistOffers useGate(SeatGate gate) {
    this.gate = gate;
    return this;
  }

  /** Starts the offers made since the last run, then ends the due ones; the future carries how many it handled. */
  public Future<Integer> runOnce() {
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(UNSTARTED).execute(Tuple.of(BATCH)).compose(rows -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (Row r : rows) {
        long id = r.getLong("id");
        chain = chain.compose(n -> startAlone(id).map(done -> done ? n + 1 : n));
      }
      return chain;
    }).compose(started -> pool.preparedQuery(DUE).execute(Tuple.of(now, BATCH)).compose(rows -> {
      Future<Integer> chain = Future.succeededFuture(started);
      for (Row r : rows) {
        long id = r.getLong("id");
        chain = chain.compose(n -> lapse(id).map(done -> done ? n + 1 : n));
      }
      return chain;
    })).onSuccess(n -> {
      if (n > 0) notifier.kick();
    });
  }

  private Future<Boolean> startAlone(long entryId) {
    List<Outcome> passed = new ArrayList<>();
    return pool.withTransaction(tx -> start(tx, entryId, clock.instant(), passed, 0))
      .onSuccess(v -> passed.forEach(this::tellRedis));
  }

  /**
   * Starts an offer's clock and tells its candidate. One whose registration meanwhile took the subject itself (the
   * open pool had a seat) or can no longer change is ended at once, and the seat moves on.
   */
  private Future<Boolean> start(SqlConnection tx, long entryId, Instant now, List<Outcome> passed, int depth) {
    return tx.preparedQuery(CLAIM_UNSTARTED).execute(Tuple.of(entryId)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(false);
      Row e = rows.iterator().next();
      boolean eligible = List.of("DRAFT", "REJECTED").contains(e.getString("status")) && !e.getBoolean("holds_already");
      if (!eligible) {
        return endOffer(tx, entryId, "CLOSED", Actor.system("waitlist"), now, passed, depth).map(o -> true);
      }
      Instant deadline = e.getOffsetDateTime("pay_deadline").toInstant();
      Instant expires = now.plus(offerFor).isBefore(deadline) ? now.plus(offerFor) : deadline;
      UUID registration = e.getUUID("registration_id");
      String subject = e.getString("subject_code");
      return tx.preparedQuery(START).execute(Tuple.of(entryId, now.atOffset(ZoneOffset.UTC),
          expires.atOffset(ZoneOffset.UTC)))
        .compose(v -> AuditLog.record(tx, Actor.system("waitlist"), "waitlist.offer", "registration",
          registration.toString(), e.getString("province_code"), null,
          new JsonObject().put("subject", subject).put("entry", entryId).put("expiresAt", Times.iso(expires))))
        .compose(v -> tell(tx, e, e.getString("subject_name"), expires))
        .map(v -> true);
    });
  }

  private Future<Void> tell(SqlConnection tx, Row e, String subject, Instant expires) {
    // In the candidate's own language (account.lang), as every message about their registration.
    Lang lang = Lang.fromCode(e.getString("lang"));
    String until = Times.display(expires);
    String center = e.getString("center_name");
    String mailSubject = i18n.t(lang, "waitlist.mail.offerSubject", subject);
    String body = i18n.t(lang, "waitlist.mail.offer", subject, center, until);
    String sms = i18n.t(lang, "waitlist.sms.offer", subject, until);
    return notifier.sendWithin(tx, Notification.email(e.getString("email"), mailSubject, body))
      .compose(v -> notifier.sendWithin(tx, Notification.sms(e.getString("mobile"), sms)));
  }

  private Future<Boolean> lapse(long entryId) {
    List<Outcome> outcomes = new ArrayList<>();
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery(CLAIM_DUE).execute(Tuple.of(entryId, now.atOffset(ZoneOffset.UTC)))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
          : endOffer(tx, entryId, "LAPSED", Actor.system("waitlist"), now, outcomes, 0).map(o -> true)))
      .onSuccess(done -> outcomes.forEach(this::tellRedis));
  }

  /**
   * Ends a locked, live offer ({@code LAPSED}, {@code DECLINED}, {@code CLOSED}) and moves its seat on in the same
   * transaction: to the next one waiting, whose offer starts at once, or back to the pool. The caller tells Redis
   * ({@link #tellRedis}) after the commit.
   */
  Future<List<Outcome>> endOffer(SqlConnection tx, long entryId, String state, Actor actor, Instant now) {
    List<Outcome> outcomes = new ArrayList<>();
    return endOffer(tx, entryId, state, actor, now, outcomes, 0).map(first -> outcomes);
  }

  private Future<Outcome> endOffer(SqlConnection tx, long entryId, String state, Actor actor, Instant now,
                                   List<Outcome> outcomes, int depth) {
    return tx.preparedQuery(ENTRY).execute(Tuple.of(entryId)).compose(rows -> {
      Row e = rows.iterator().next();
      long center = e.getLong("center_id");
      String subject = e.getString("subject_code");
      return tx.preparedQuery(END).execute(Tuple.of(entryId, state, now.atOffset(ZoneOffset.UTC)))
        .compose(v -> AuditLog.record(tx, actor, "waitlist." + state.toLowerCase(), "registration",
          e.getUUID("registration_id").toString(), e.getString("province_code"),
          new JsonObject().put("subject", subject).put("entry", entryId), null))
        .compose(v -> SeatOffers.offerNext(tx, center, subject))
        .compose(next -> {
          Outcome o = new Outcome(e.getLong("exam_session_id"), center, subject, next);
          outcomes.add(o);
          if (next == null) return SeatOffers.returnToPool(tx, center, subject).map(o);
          // The next offer starts now; a chain of candidates who can no longer take it ends at the pool (bounded).
          return depth > 50 ? Future.succeededFuture(o)
            : start(tx, next, now, outcomes, depth + 1).map(o);
        });
    });
  }

  /** After the commit: Redis learns where the seat went ({@code pass} to the list, {@code return} to the pool). */
  void tellRedis(Outcome o) {
    if (gate == null) return;
    gate.waitlist(new SeatGate.Counter(o.examSessionId(), o.centerId(), o.subject()),
      o.nextEntry() == null ? "return" : "pass", null);
  }
}
