package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.payment.gateway.GatewayKind;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The simulated gateways' trades, refunds and fault settings. */
final class SimRepository {
  private static final String INSERT_TRADE = "insert into sim_trade (" + SimTrade.COLUMNS + ") "
    + "values ($1, $2, $3, $4, $5, $6, 'WAIT_BUYER_PAY', 0, $7, $8, $9, $10, null, null, null) "
    + "on conflict (gateway, merchant_order_no) do nothing returning " + SimTrade.COLUMNS;
  private static final String FIND_TRADE = "select " + SimTrade.COLUMNS
    + " from sim_trade where gateway = $1 and merchant_order_no = $2";
  private static final String LOCK_TRADE = FIND_TRADE + " for update";
  private static final String PAY = "update sim_trade set status = 'PAID', paid_at = $3, pay_event_id = $4 "
    + "where gateway = $1 and merchant_order_no = $2 and status = 'WAIT_BUYER_PAY' returning " + SimTrade.COLUMNS;
  private static final String CLOSE = "update sim_trade set status = 'CLOSED', closed_at = $3 "
    + "where gateway = $1 and merchant_order_no = $2 and status = 'WAIT_BUYER_PAY' returning " + SimTrade.COLUMNS;
  private static final String ADD_REFUNDED = "update sim_trade set refunded_fen = refunded_fen + $3 "
    + "where gateway = $1 and merchant_order_no = $2 returning " + SimTrade.COLUMNS;
  private static final String FIND_REFUND = "select " + SimRefund.COLUMNS
    + " from sim_refund where gateway = $1 and merchant_order_no = $2 and refund_no = $3";
  private static final String INSERT_REFUND = "insert into sim_refund (gateway, " + SimRefund.COLUMNS + ") "
    + "values ($1, $2, $3, $4, $5, $6, $7) returning " + SimRefund.COLUMNS;
  private static final String SET_FAULTS = """
    insert into sim_fault (gateway, duplicate, reorder, drop_next, delay_ms) values ($1, $2, $3, $4, $5)
    on conflict (gateway) do update set duplicate = excluded.duplicate, reorder = excluded.reorder,
      drop_next = excluded.drop_next, delay_ms = excluded.delay_ms""";
  private static final String PAID_BETWEEN = "select " + SimTrade.COLUMNS
    + " from sim_trade where gateway = $1 and paid_at >= $2 and paid_at < $3 order by paid_at, merchant_order_no";
  private static final String REFUNDED_BETWEEN = """
    select r.merchant_order_no, r.refund_no, r.gateway_refund_id, r.amount_fen, r.reason, r.refunded_at,
      t.gateway_txn_id, t.subject, t.amount_fen as order_fen, t.app_id
    from sim_refund r join sim_trade t on t.gateway = r.gateway and t.merchant_order_no = r.merchant_order_no
    where r.gateway = $1 and r.refunded_at >= $2 and r.refunded_at < $3 order by r.refunded_at, r.refund_no""";

  /** A refund line of a statement, with what the statement prints of its trade. */
  record RefundLine(SimRefund refund, String gatewayTxnId, String subject, long orderFen, String appId) {
  }

  private final Pool pool;

  SimRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** The new trade, or null when the merchant order number exists already. */
  Future<SimTrade> insertTrade(SqlClient c, SimTrade t) {
    return c.preparedQuery(INSERT_TRADE).execute(Tuple.from(new Object[]{t.gateway().id(), t.merchantOrderNo(),
        t.gatewayTxnId(), t.appId(), t.subject(), t.amountFen(), t.notifyUrl(), t.returnUrl(), odt(t.expiresAt()),
        odt(t.createdAt())}))
      .map(rows -> rows.size() == 0 ? null : SimTrade.fromRow(rows.iterator().next()));
  }

  Future<SimTrade> find(SqlClient c, GatewayKind g, String orderNo) {
    return one(c, FIND_TRADE, Tuple.of(g.id(), orderNo));
  }

  Future<SimTrade> lock(SqlClient c, GatewayKind g, String orderNo) {
    return one(c, LOCK_TRADE, Tuple.of(g.id(), orderNo));
  }

  /** The paid trade, or null when it was not waiting for payment. */
  Future<SimTrade> pay(SqlClient c, GatewayKind g, String orderNo, Instant at, String eventId) {
    return one(c, PAY, Tuple.of(g.id(), orderNo, odt(at), eventId));
  }

  /** The closed trade, or null when it was not waiting for payment. */
  Future<SimTrade> close(SqlClient c, GatewayKind g, String orderNo, Instant at) {
    return one(c, CLOSE, Tuple.of(g.id(), orderNo, odt(at)));
  }

  Future<SimTrade> addRefunded(SqlClient c, GatewayKind g, String orderNo, long fen) {
    return one(c, ADD_REFUNDED, Tuple.of(g.id(), orderNo, fen));
  }

  Future<SimRefund> findRefund(SqlClient c, GatewayKind g, String orderNo, String refundNo) {
    return c.preparedQuery(FIND_REFUND).execute(Tuple.of(g.id(), orderNo, refundNo))
      .map(rows -> rows.size() == 0 ? null : SimRefund.fromRow(rows.iterator().next(), false));
  }

  Future<SimRefund> insertRefund(SqlClient c, GatewayKind g, SimRefund r) {
    return c.preparedQuery(INSERT_REFUND).execute(Tuple.from(new Object[]{g.id(), r.merchantOrderNo(), r.refundNo(),
        r.gatewayRefundId(), r.amountFen(), r.reason(), odt(r.refundedAt())}))
      .map(rows -> SimRefund.fromRow(rows.iterator().next(), true));
  }

  Future<Void> setFaults(GatewayKind g, SimFaults f) {
    return pool.preparedQuery(SET_FAULTS).execute(Tuple.of(g.id(), f.duplicate(), f.reorder(), f.dropNext(), f.delayMs()))
      .mapEmpty();
  }

  Future<List<SimTrade>> paidBetween(GatewayKind g, Instant from, Instant to) {
    return pool.preparedQuery(PAID_BETWEEN).execute(Tuple.of(g.id(), odt(from), odt(to))).map(rows -> {
      List<SimTrade> out = new ArrayList<>();
      rows.forEach(r -> out.add(SimTrade.fromRow(r)));
      return out;
    });
  }

  Future<List<RefundLine>> refundedBetween(GatewayKind g, Instant from, Instant to) {
    return pool.preparedQuery(REFUNDED_BETWEEN).execute(Tuple.of(g.id(), odt(from), odt(to))).map(rows -> {
      List<RefundLine> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new RefundLine(SimRefund.fromRow(r, false), r.getString("gateway_txn_id"), r.getString("subject"),
          r.getLong("order_fen"), r.getString("app_id")));
      }
      return out;
    });
  }

  private static Future<SimTrade> one(SqlClient c, String sql, Tuple args) {
    return c.preparedQuery(sql).execute(args).map(rows -> rows.size() == 0 ? null : SimTrade.fromRow(rows.iterator().next()));
  }

  static OffsetDateTime odt(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }
}
