package org.ncrebm.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.notify.Notification;
import org.ncrebm.notify.Notifier;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.registration.HoldDeadlines;
import org.ncrebm.registration.Registration;
import org.ncrebm.registration.Registration.Status;
import org.ncrebm.registration.RegistrationRepository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The test center's review (features V1-V3): a queue per center, approve (the candidate may pay) or reject with a
 * reason (the candidate corrects and resubmits within the grace period, seats still held). Staff act only on their
 * own center ({@code FORBIDDEN} otherwise); each decision is recorded, audited and sent to the candidate.
 */
public final class ReviewService {
  private static final String QUEUE = """
    select r.id, r.status, r.name, r.gender, r.id_masked, r.submitted_at, r.class_name,
      coalesce((select string_agg(s.subject_code, ',' order by s.subject_code) from registration_subject s
                where s.registration_id = r.id), '') as subjects,
      count(*) over () as total
    from registration r
    where r.center_id = $1 and ($2::text is null or r.status = $2)
      and ($3::text is null or r.name like '%' || $3 || '%' or r.id_last4 = upper($3))
    order by r.submitted_at nulls last, r.created_at limit $4 offset $5""";
  private static final String HISTORY = """
    select d.decision, d.reason, d.decided_at, s.username from review_decision d
    join staff_account s on s.id = d.staff_id where d.registration_id = $1 order by d.decided_at""";
  private static final String RECORD = """
    insert into review_decision (registration_id, decision, reason, staff_id) values ($1, $2, $3, $4)""";
  private static final String CONTACT = "select email, mobile, lang from account where id = $1";
  private static final String REVIEWED = "update registration set reviewed_at = now(), reviewed_by = $2 where id = $1";

  /** One line of the queue (ID numbers masked). */
  public record QueueItem(UUID id, String status, String name, String gender, String idMasked,
                          OffsetDateTime submittedAt, String className, String subjects) {
  }

  public record QueuePage(List<QueueItem> items, long total) {
  }

  public record Decision(String decision, String reason, OffsetDateTime at, String staff) {
  }

  private final Pool pool;
  private final RegistrationRepository registrations;
  private final CatalogService catalog;
  private final HoldDeadlines deadlines;
  private final Notifier notifier;
  private final I18n i18n;
  private final Clock clock;
  private final ReasonTemplates templates;

  public ReviewService(Pool pool, RegistrationRepository registrations, CatalogService catalog, HoldDeadlines deadlines,
                       Notifier notifier, I18n i18n, Clock clock) {
    this.pool = pool;
    this.registrations = registrations;
    this.catalog = catalog;
    this.deadlines = deadlines;
    this.notifier = notifier;
    this.i18n = i18n;
    this.clock = clock;
    this.templates = new ReasonTemplates(pool, i18n, this::center);
  }

  /** The centers' own rejection reasons. */
  public ReasonTemplates templates() {
    return templates;
  }

  /** The center, if the caller may review there. */
  public Future<Center> center(Principal staff, long centerId) {
    return catalog.center(centerId).compose(c -> {
      Access.requireCenter(staff, c.provinceCode(), c.code());
      return Future.succeededFuture(c);
    });
  }

  public Future<QueuePage> queue(Principal staff, long centerId, String status, String search, int limit, int offset) {
    return center(staff, centerId).compose(c -> pool.preparedQuery(QUEUE)
      .execute(Tuple.of(centerId, status, search, limit, offset)).map(rows -> {
        List<QueueItem> items = new ArrayList<>();
        long total = 0;
        for (Row r : rows) {
          total = r.getLong("total");
          items.add(new QueueItem(r.getUUID("id"), r.getString("status"), r.getString("name"), r.getString("gender"),
            r.getString("id_masked"), r.getOffsetDateTime("submitted_at"), r.getString("class_name"),
            r.getString("subjects")));
        }
        return new QueuePage(items, total);
      }));
  }

  /** A registration as its center's staff see it; another center's is {@code FORBIDDEN}, an unknown one 404. */
  public Future<Registration> registration(Principal staff, UUID id) {
    return registrations.find(pool, id).compose(r -> {
      if (r == null) return Future.failedFuture(AppException.notFound());
      return center(staff, r.centerId()).map(r);
    });
  }

  public Future<List<Decision>> history(UUID id) {
    return pool.preparedQuery(HISTORY).execute(Tuple.of(id)).map(rows -> {
      List<Decision> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Decision(r.getString("decision"), r.getString("reason"),
        r.getOffsetDateTime("decided_at"), r.getString("username"))));
      return out;
    });
  }

  /** Approves or rejects a registration waiting for review; anything else is {@code INVALID_STATE}. */
  public Future<Status> decide(Principal staff, Actor actor, UUID id, boolean approve, String reason) {
    if (!approve && (reason == null || reason.isBlank())) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "reason", "review.reasonRequired");
    }
    Status next = approve ? Status.PAYABLE : Status.REJECTED;
    // Scope and window are read before the transaction, which then only locks and writes.
    return registration(staff, id).compose(pre -> catalog.window(pre.examSessionId(), pre.provinceCode()))
      .compose(w -> pool.withTransaction(tx -> registrations.lock(tx, id).compose(r -> {
        if (r.status() != Status.PENDING_REVIEW) {
          return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "review.notPending"));
        }
        var now = clock.instant();
        var hold = approve ? deadlines.approved(now, w) : deadlines.rejected(now, w);
        long staffId = Long.parseLong(staff.accountId());
        return registrations.setStatus(tx, id, next, hold, approve ? null : reason)
          .compose(v -> tx.preparedQuery(RECORD).execute(Tuple.of(id, approve ? "APPROVE" : "REJECT", reason, staffId)))
          .compose(v -> tx.preparedQuery(REVIEWED).execute(Tuple.of(id, staffId)))
          .compose(v -> AuditLog.record(tx, actor, approve ? "review.approve" : "review.reject", "registration",
            id.toString(), r.provinceCode(), new JsonObject().put("status", r.status().name()),
            new JsonObject().put("status", next.name()).put("reason", reason)))
          .compose(v -> tx.preparedQuery(CONTACT).execute(Tuple.of(UUID.fromString(r.accountId()))))
          .compose(contact -> notify(tx, contact.iterator().next(), approve, reason, hold));
      })))
      .onSuccess(v -> notifier.kick()).map(next);
  }

  /** Approves each registration of the list that is still pending at this center; answers how many. */
  public Future<Integer> approveAll(Principal staff, Actor actor, long centerId, List<UUID> ids) {
    return center(staff, centerId).compose(c -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID id : ids) {
        chain = chain.compose(n -> registrations.find(pool, id).compose(r -> r == null || r.centerId() != centerId
            || r.status() != Status.PENDING_REVIEW ? Future.succeededFuture(n)
          : decide(staff, actor, id, true, null).map(s -> n + 1).otherwise(n)));
      }
      return chain;
    });
  }

  private Future<Void> notify(io.vertx.sqlclient.SqlConnection tx, Row contact, boolean approve, String reason,
                              java.time.Instant hold) {
    // In the candidate's own language, whoever the reviewer is and whatever their page shows.
    Lang lang = Lang.fromCode(contact.getString("lang"));
    String deadline = org.ncrebm.platform.Times.display(hold);
    String subject = i18n.t(lang, approve ? "review.mail.approvedSubject" : "review.mail.rejectedSubject");
    String body = approve ? i18n.t(lang, "review.mail.approved", deadline) : i18n.t(lang, "review.mail.rejected", reason, deadline);
    String sms = approve ? i18n.t(lang, "review.sms.approved", deadline) : i18n.t(lang, "review.sms.rejected", deadline);
    return notifier.sendWithin(tx, Notification.email(contact.getString("email"), subject, body))
      .compose(v -> notifier.sendWithin(tx, Notification.sms(contact.getString("mobile"), sms)));
  }
}
