package org.ncrebm.seats;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repair job: compares each live counter in Redis with Postgres' truth (seats left, holders) and rewrites the
 * ones that disagree twice in a row. A single disagreement is usually a hold in flight between the two (taken in
 * Redis, not yet committed in Postgres), so only a lasting one is corrected. Counters missing in Redis are left to be
 * rebuilt on first use.
 */
public final class SeatRepair {
  private static final Logger LOG = LoggerFactory.getLogger(SeatRepair.class);
  private static final String LIVE = """
    select k.exam_session_id, k.center_id, k.subject_code, k.capacity - k.taken as stock,
      (select count(*) from registration_subject s where s.center_id = k.center_id and s.subject_code = k.subject_code) as holders,
      (""" + SeatOffers.WAITING_COUNT + """
      ) as waiting
    from center_capacity k join test_center c on c.id = k.center_id
    join province_window w on w.exam_session_id = c.exam_session_id and w.province_code = c.province_code
    where w.pay_deadline > $1 and (k.center_id, k.subject_code) > ($2, $3)
    order by k.center_id, k.subject_code limit $4""";
  private final Pool pool;
  private final SeatGate gate;
  private final Clock clock;
  private final Map<SeatGate.Counter, String> suspects = new ConcurrentHashMap<>();

  public SeatRepair(Pool pool, SeatGate gate, Clock clock) {
    this.pool = pool;
    this.gate = gate;
    this.clock = clock;
  }

  /** One pass over the counters of every window not past its payment deadline; the future carries how many were fixed. */
  public Future<Integer> runOnce() {
    return page(0L, "", 0);
  }

  /** Keyset pages of 500 counters, so a national pass never holds every row at once. */
  private Future<Integer> page(long afterCenter, String afterSubject, int fixed) {
    var now = clock.instant().atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(LIVE).execute(Tuple.of(now, afterCenter, afterSubject, 500)).compose(rows -> {
      Future<Integer> chain = Future.succeededFuture(fixed);
      SeatGate.Counter last = null;
      for (Row r : rows) {
        SeatGate.Counter c = new SeatGate.Counter(r.getLong("exam_session_id"), r.getLong("center_id"),
          r.getString("subject_code"));
        long stock = r.getInteger("stock");
        long holders = r.getLong("holders");
        long waiting = r.getLong("waiting");
        chain = chain.compose(n -> check(c, stock, holders, waiting).map(f -> f ? n + 1 : n));
        last = c;
      }
      SeatGate.Counter end = last;
      return chain.compose(n -> rows.size() < 500 ? Future.succeededFuture(n)
        : page(end.centerId(), end.subjectCode(), n));
    });
  }

  private Future<Boolean> check(SeatGate.Counter c, long stock, long holders, long waiting) {
    return gate.peek(c).compose(redis -> {
      if (redis == null || redis[0] == stock && redis[1] == holders && redis[2] == waiting) {
        suspects.remove(c);
        return Future.succeededFuture(false);
      }
      String seen = redis[0] + "/" + redis[1] + "/" + redis[2] + " vs " + stock + "/" + holders + "/" + waiting;
      if (!seen.equals(suspects.put(c, seen))) {
        return Future.succeededFuture(false);
      }
      LOG.warn("seat counter {} drifted ({}), rebuilt from Postgres", c.tag(), seen);
      suspects.remove(c);
      return gate.load(c, "reset").map(true);
    });
  }
}
