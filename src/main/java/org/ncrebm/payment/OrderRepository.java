package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Orders, their timelines and the record of gateway events. */
public final class OrderRepository {
  private static final String COLUMNS = """
    id, registration_id, merchant_order_no, gateway, amount_fen, status, expires_at, pay_url, gateway_txn_id, paid_at,
    refund_no, subjects, created_at""";
  private static final String INSERT = """
    insert into payment_order (registration_id, merchant_order_no, gateway, amount_fen, status, expires_at, subjects)
    values ($1, $2, $3, $4, 'CREATED', $5, $6) returning """ + " " + COLUMNS;
  private static final String BY_NO_FOR_UPDATE = "select " + COLUMNS + " from payment_order where merchant_order_no = $1 for update";
  private static final String BY_ID = "select " + COLUMNS + " from payment_order where id = $1";
  private static final String OF_REGISTRATION = "select " + COLUMNS
    + " from payment_order where registration_id = $1 order by created_at";
  private static final String LIVE_OF_REGISTRATION = "select " + COLUMNS
    + " from payment_order where registration_id = $1 and status in ('CREATED', 'AT_GATEWAY') for update";
  private static final String SET_STATUS = """
    update payment_order set status = $2, updated_at = now(),
      closed_at = case when $2 = 'CLOSED' then now() else closed_at end,
      refunded_at = case when $2 = 'REFUNDED' then now() else refunded_at end
    where id = $1""";
  private static final String AT_GATEWAY = """
    update payment_order set status = 'AT_GATEWAY', pay_url = $2, updated_at = now() where id = $1 and status = 'CREATED'""";
  private static final String PAID = """
    update payment_order set status = 'PAID', gateway_txn_id = $2, paid_at = $3, paid_amount_fen = $4, updated_at = now()
    where id = $1""";
  private static final String REFUNDING = """
    update payment_order set status = 'REFUNDING', gateway_txn_id = coalesce(gateway_txn_id, $2), paid_at = coalesce(paid_at, $3),
      paid_amount_fen = $4, refund_no = $5, refund_reason = $6, updated_at = now() where id = $1""";
  private static final String CHECKED = "update payment_order set last_checked_at = now() where id = $1";
  private static final String RECORD_EVENT = """
    insert into gateway_event (gateway, event_id, merchant_order_no, gateway_txn_id, state, amount_fen, outcome)
    values ($1, $2, $3, $4, $5, $6, $7) on conflict (gateway, event_id) do nothing""";
  private static final String TIMELINE_ADD = "insert into payment_timeline (order_id, event, detail) values ($1, $2, $3)";
  private static final String TIMELINE = "select at, event, detail from payment_timeline where order_id = $1 order by id";
  // Jobs claim due orders for a minute; SKIP LOCKED keeps two instances off the same order.
  private static final String CLAIM_DUE = """
    update payment_order set locked_until = $2::timestamptz + interval '1 minute'
    where id in (select id from payment_order
      where ((status in ('CREATED', 'AT_GATEWAY') and (expires_at <= $2 or created_at <= $2::timestamptz - interval '2 minutes'))
          or status = 'REFUNDING')
        and (locked_until is null or locked_until < $2)
        and (last_checked_at is null or last_checked_at < $2::timestamptz - interval '1 minute' or expires_at <= $2
             or status = 'REFUNDING')
      order by expires_at limit $1 for update skip locked)
    returning """ + " " + COLUMNS;
  private static final String RELEASE_CLAIM = "update payment_order set locked_until = null where id = $1";

  /** One line of a payment's timeline. */
  public record TimelineEntry(Instant at, String event, String detail) {
  }

  private final Pool pool;

  public OrderRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<PaymentOrder> insert(SqlClient tx, UUID registrationId, String merchantOrderNo, String gateway,
                                     int amountFen, Instant expiresAt, List<String> subjects) {
    return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[]{registrationId, merchantOrderNo, gateway, amountFen,
        utc(expiresAt), subjects.toArray(String[]::new)}))
      .map(rows -> fromRow(rows.iterator().next()));
  }

  public Future<PaymentOrder> lockByNumber(SqlClient tx, String merchantOrderNo) {
    return tx.preparedQuery(BY_NO_FOR_UPDATE).execute(Tuple.of(merchantOrderNo))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  public Future<PaymentOrder> find(SqlClient client, UUID id) {
    return client.preparedQuery(BY_ID).execute(Tuple.of(id))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  public Future<List<PaymentOrder>> ofRegistration(SqlClient client, UUID registrationId) {
    return client.preparedQuery(OF_REGISTRATION).execute(Tuple.of(registrationId)).map(OrderRepository::list);
  }

  public Future<PaymentOrder> lockLive(SqlClient tx, UUID registrationId) {
    return tx.preparedQuery(LIVE_OF_REGISTRATION).execute(Tuple.of(registrationId))
      .map(rows -> rows.size() == 0 ? null : fromRow(rows.iterator().next()));
  }

  public Future<Void> setStatus(SqlClient tx, UUID id, PaymentOrder.Status status) {
    return tx.preparedQuery(SET_STATUS).execute(Tuple.of(id, status.name())).mapEmpty();
  }

  public Future<Boolean> atGateway(SqlClient client, UUID id, String payUrl) {
    return client.preparedQuery(AT_GATEWAY).execute(Tuple.of(id, payUrl)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Void> paid(SqlClient tx, UUID id, String txnId, Instant paidAt, long amountFen) {
    return tx.preparedQuery(PAID).execute(Tuple.of(id, txnId, utc(paidAt), (int) amountFen)).<Void>mapEmpty()
      .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? Future.<Void>failedFuture(new AlreadyPaid()) : Future.<Void>failedFuture(err));
  }

  public Future<Void> refunding(SqlClient tx, UUID id, String txnId, Instant paidAt, long amountFen, String refundNo,
                                String reason) {
    return tx.preparedQuery(REFUNDING).execute(Tuple.from(new Object[]{id, txnId, utc(paidAt), (int) amountFen,
      refundNo, reason})).mapEmpty();
  }

  /** Makes the registration's open orders due now, so the order job closes them at their gateway. */
  public Future<Void> closeAll(SqlClient tx, UUID registrationId, Instant now) {
    return tx.preparedQuery("""
        update payment_order set expires_at = $2, updated_at = now()
        where registration_id = $1 and status in ('CREATED', 'AT_GATEWAY')""")
      .execute(Tuple.of(registrationId, utc(now))).mapEmpty();
  }

  public Future<Void> checked(UUID id) {
    return pool.preparedQuery(CHECKED).execute(Tuple.of(id)).mapEmpty();
  }

  /** True when this event is new; a replay of a recorded event answers false and changes nothing. */
  public Future<Boolean> recordEvent(SqlClient tx, String gateway, String eventId, String orderNo, String txnId,
                                     String state, long amountFen, String outcome) {
    return tx.preparedQuery(RECORD_EVENT).execute(Tuple.from(new Object[]{gateway, eventId, orderNo, txnId, state,
      amountFen, outcome})).map(rows -> rows.rowCount() == 1);
  }

  public Future<Void> timeline(SqlClient tx, UUID orderId, String event, String detail) {
    return tx.preparedQuery(TIMELINE_ADD).execute(Tuple.of(orderId, event, detail)).mapEmpty();
  }

  public Future<List<TimelineEntry>> timeline(UUID orderId) {
    return pool.preparedQuery(TIMELINE).execute(Tuple.of(orderId)).map(rows -> {
      List<TimelineEntry> out = new ArrayList<>();
      rows.forEach(r -> out.add(new TimelineEntry(r.getOffsetDateTime("at").toInstant(), r.getString("event"),
        r.getString("detail"))));
      return out;
    });
  }

  public Future<List<PaymentOrder>> claimDue(int limit, Instant now) {
    return pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(limit, utc(now))).map(OrderRepository::list);
  }

  public Future<Void> releaseClaim(UUID id) {
    return pool.preparedQuery(RELEASE_CLAIM).execute(Tuple.of(id)).mapEmpty();
  }

  /** The partial unique index refused a second paid order for the registration. */
  public static final class AlreadyPaid extends RuntimeException {
    AlreadyPaid() {
      super("a second paid order for one registration", null, false, false);
    }
  }

  private static List<PaymentOrder> list(io.vertx.sqlclient.RowSet<Row> rows) {
    List<PaymentOrder> out = new ArrayList<>();
    rows.forEach(r -> out.add(fromRow(r)));
    return out;
  }

  static java.time.OffsetDateTime utc(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  static PaymentOrder fromRow(Row r) {
    return new PaymentOrder(r.getUUID("id"), r.getUUID("registration_id"), r.getString("merchant_order_no"),
      r.getString("gateway"), r.getInteger("amount_fen"), PaymentOrder.Status.valueOf(r.getString("status")),
      r.getOffsetDateTime("expires_at").toInstant(), r.getString("pay_url"), r.getString("gateway_txn_id"),
      r.getOffsetDateTime("paid_at") == null ? null : r.getOffsetDateTime("paid_at").toInstant(),
      r.getString("refund_no"), List.of(r.getArrayOfStrings("subjects")), r.getOffsetDateTime("created_at").toInstant());
  }
}
