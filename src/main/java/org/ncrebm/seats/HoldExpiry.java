package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AuditLog;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The job that gives back seats whose hold ran out (features S2 and V3): a draft's or a rejected registration's seats
 * return to the pool and the registration stays; an unpaid payable registration, or one still waiting for review at
 * the payment deadline, ends as EXPIRED. Each registration is handled in its own transaction under
 * {@code FOR UPDATE SKIP LOCKED}, so several instances can run the job and each hold expires exactly once.
 */
public final class HoldExpiry {
  // A registration with an order still open at a gateway waits: the order job first asks the gateway and closes the
  // order, so seats are never released while money may be on its way.
  private static final String DUE = """
    select r.id from registration r where r.hold_expires_at <= $1
      and r.status in ('DRAFT', 'REJECTED', 'PAYABLE', 'PENDING_REVIEW')
      and not exists (select 1 from payment_order o where o.registration_id = r.id and o.status in ('CREATED', 'AT_GATEWAY'))
    order by r.hold_expires_at limit $2""";
  private static final String CLAIM = """
    select id, exam_session_id, center_id, province_code, id_digest, status from registration
    where id = $1 and hold_expires_at <= $2 and status in ('DRAFT', 'REJECTED', 'PAYABLE', 'PENDING_REVIEW')
      and not exists (select 1 from payment_order o where o.registration_id = registration.id
                      and o.status in ('CREATED', 'AT_GATEWAY'))
    for update skip locked""";
  private static final String HELD = "select subject_code from registration_subject where registration_id = $1 and state = 'HELD'";
  private static final String END = """
    update registration set status = $2, hold_expires_at = null, ended_at = case when $2 = 'EXPIRED' then now() end,
      updated_at = now(), version = version + 1 where id = $1""";

  /** What one expiry did, for listeners (notifications, Redis counters). */
  public record Expired(UUID registrationId, long examSessionId, long centerId, String previousStatus, String newStatus,
                        List<String> released) {
  }

  private final Pool pool;
  private final SeatRepository seats;
  private final Clock clock;
  private final List<java.util.function.Consumer<Expired>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public HoldExpiry(Pool pool, SeatRepository seats, Clock clock) {
    this.pool = pool;
    this.seats = seats;
    this.clock = clock;
  }

  public void onExpired(java.util.function.Consumer<Expired> listener) {
    listeners.add(listener);
  }

  /** Handles up to {@code limit} due registrations; the future carries how many this run expired. */
  public Future<Integer> runOnce(int limit) {
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(DUE).execute(Tuple.of(now, limit)).compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getUUID("id")));
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID id : ids) {
        chain = chain.compose(n -> expire(id).map(done -> done ? n + 1 : n));
      }
      return chain;
    });
  }

  private Future<Boolean> expire(UUID id) {
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    return pool.withTransaction(tx -> tx.preparedQuery(CLAIM).execute(Tuple.of(id, now)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture((Expired) null);
      Row r = rows.iterator().next();
      String status = r.getString("status");
      String next = status.equals("PAYABLE") || status.equals("PENDING_REVIEW") ? "EXPIRED" : status;
      SeatRepository.Holder holder = new SeatRepository.Holder(id, r.getLong("exam_session_id"), r.getLong("center_id"),
        r.getString("id_digest"));
      return tx.preparedQuery(HELD).execute(Tuple.of(id)).compose(held -> {
        List<String> codes = new ArrayList<>();
        held.forEach(h -> codes.add(h.getString(0)));
        return seats.release(tx, holder, codes)
          .compose(released -> tx.preparedQuery(END).execute(Tuple.of(id, next))
            .compose(v -> AuditLog.record(tx, Actor.system("hold-expiry"), "seats.holdExpired", "registration",
              id.toString(), r.getString("province_code"), new JsonObject().put("status", status),
              new JsonObject().put("status", next).put("released", new io.vertx.core.json.JsonArray(released))))
            .map(v -> new Expired(id, holder.examSessionId(), holder.centerId(), status, next, released)));
      });
    })).map(expired -> {
      if (expired == null) return false;
      listeners.forEach(l -> l.accept(expired));
      return true;
    });
  }
}
