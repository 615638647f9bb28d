package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.payment.gateway.GatewayKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's notify queue: one row per copy, enqueued in the transaction that made the event, shaped by the
 * fault settings, claimed by the retry job with {@code FOR UPDATE SKIP LOCKED} under a lease so several instances
 * deliver different rows, never the same one twice at once.
 */
final class SimNotifyRepository {
  // Upserting locks the gateway's fault row: enqueues (and their reorder pairing) are serialized per gateway.
  private static final String LOCK_FAULTS = """
    insert into sim_fault (gateway) values ($1) on conflict (gateway) do update set gateway = excluded.gateway
    returning duplicate, reorder, drop_next, delay_ms""";
  private static final String RELEASE_HELD = """
    update sim_notify set held = false, next_attempt_at = now() + make_interval(secs => $2)
    where gateway = $1 and held and delivered_at is null and gave_up_at is null returning id""";
  private static final String INSERT = """
    insert into sim_notify (gateway, merchant_order_no, event_id, kind, notify_url, payload, next_attempt_at, held)
    select $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, now() + make_interval(secs => $7::float8),
      $8::boolean
    from generate_series(1, $9::int)""";
  private static final String TAKE_DROP = """
    update sim_fault set drop_next = drop_next - 1 where gateway = $1 and drop_next > 0 returning drop_next""";
  private static final String CLAIM = """
    update sim_notify set locked_until = now() + interval '30 seconds', attempts = attempts + 1, held = false
    where id in (
      select id from sim_notify
      where delivered_at is null and gave_up_at is null and next_attempt_at <= now()
        and (locked_until is null or locked_until < now())
      order by next_attempt_at, id limit $1 for update skip locked)
    returning id, gateway, merchant_order_no, event_id, kind, notify_url, payload, attempts""";
  private static final String DELIVERED = """
    update sim_notify set delivered_at = now(), locked_until = null, last_result = $2 where id = $1""";
  private static final String FAILED = """
    update sim_notify set locked_until = null, last_result = $2, next_attempt_at = now() + make_interval(secs => $3),
      gave_up_at = case when $4 then now() end
    where id = $1""";
  private static final String RELEASE_ALL = """
    update sim_notify set held = false, next_attempt_at = now() where gateway = $1 and held""";
  private static final String OF_ORDER = """
    select id, event_id, kind, attempts, held, delivered_at, gave_up_at, last_result from sim_notify
    where gateway = $1 and merchant_order_no = $2 order by id""";

  /** A notify to enqueue: the event and its unsigned content. */
  record Notice(GatewayKind gateway, String merchantOrderNo, String eventId, String kind, String notifyUrl,
                String payload) {
  }

  /** A claimed copy; {@code attempts} counts this attempt. */
  record Claimed(long id, Notice notice, int attempts) {
  }

  private final Pool pool;

  SimNotifyRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Enqueues a notify as the gateway's faults say (copies, delay, reorder hold). The future carries when, in
   * milliseconds from now, enqueued rows fall due, so the caller can kick the job on time.
   */
  Future<List<Long>> enqueue(SqlClient tx, Notice n, double reorderHoldSeconds, double reorderGapSeconds) {
    return tx.preparedQuery(LOCK_FAULTS).execute(Tuple.of(n.gateway().id())).compose(rows -> {
      Row f = rows.iterator().next();
      int copies = f.getInteger("duplicate");
      double delay = f.getInteger("delay_ms") / 1000.0;
      if (!f.getBoolean("reorder")) {
        return insert(tx, n, delay, false, copies).map(v -> List.of(millis(delay)));
      }
      // Reorder: a held notify goes right after this one; with none held, this one waits for the next.
      double after = delay + reorderGapSeconds;
      return tx.preparedQuery(RELEASE_HELD).execute(Tuple.of(n.gateway().id(), after))
        .compose(released -> released.rowCount() > 0
          ? insert(tx, n, delay, false, copies).map(v -> List.of(millis(delay), millis(after)))
          : insert(tx, n, reorderHoldSeconds, true, copies).map(v -> List.of(millis(reorderHoldSeconds))));
    });
  }

  private static long millis(double seconds) {
    return Math.round(seconds * 1000);
  }

  /** N copies due now, whatever the faults (the "send again" control). */
  Future<Void> enqueueCopies(SqlClient c, Notice n, int copies) {
    return insert(c, n, 0, false, copies);
  }

  private Future<Void> insert(SqlClient c, Notice n, double delaySeconds, boolean held, int copies) {
    return c.preparedQuery(INSERT).execute(Tuple.from(new Object[]{n.gateway().id(), n.merchantOrderNo(), n.eventId(),
      n.kind(), n.notifyUrl(), n.payload(), delaySeconds, held, copies})).mapEmpty();
  }

  Future<Void> releaseHeld(GatewayKind g) {
    return pool.preparedQuery(RELEASE_ALL).execute(Tuple.of(g.id())).mapEmpty();
  }

  /** True when this attempt is to be lost on the way (and one fewer remains to lose). */
  Future<Boolean> takeDrop(GatewayKind g) {
    return pool.preparedQuery(TAKE_DROP).execute(Tuple.of(g.id())).map(rows -> rows.size() > 0);
  }

  Future<List<Claimed>> claim(int limit) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(rows -> {
      List<Claimed> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Claimed(r.getLong("id"), new Notice(GatewayKind.byId(r.getString("gateway")),
          r.getString("merchant_order_no"), r.getString("event_id"), r.getString("kind"), r.getString("notify_url"),
          r.getString("payload")), r.getInteger("attempts")));
      }
      return out;
    });
  }

  Future<Void> delivered(long id, String result) {
    return pool.preparedQuery(DELIVERED).execute(Tuple.of(id, result)).mapEmpty();
  }

  /** Records a failed attempt: retried after {@code retryInSeconds}, or given up when {@code last}. */
  Future<Void> failed(long id, String result, double retryInSeconds, boolean last) {
    String r = result.length() > 300 ? result.substring(0, 300) : result;
    return pool.preparedQuery(FAILED).execute(Tuple.of(id, r, retryInSeconds, last)).mapEmpty();
  }

  /** The deliveries of an order's notifies, for the simulator's order view. */
  Future<JsonArray> ofOrder(GatewayKind g, String orderNo) {
    return pool.preparedQuery(OF_ORDER).execute(Tuple.of(g.id(), orderNo)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("id", r.getLong("id")).put("eventId", r.getString("event_id"))
          .put("kind", r.getString("kind")).put("attempts", r.getInteger("attempts")).put("held", r.getBoolean("held"))
          .put("delivered", r.getOffsetDateTime("delivered_at") != null)
          .put("gaveUp", r.getOffsetDateTime("gave_up_at") != null).put("lastResult", r.getString("last_result")));
      }
      return out;
    });
  }
}
