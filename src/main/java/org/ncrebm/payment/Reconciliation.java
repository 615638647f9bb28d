package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.Gateways;
import org.ncrebm.payment.gateway.StatementRow;
import org.ncrebm.platform.Times;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily reconciliation (feature M6): a gateway's statement for a day (Beijing time) against our orders paid and
 * refunded that day. Every difference is listed: money the gateway took that we do not know, money we think we took
 * that the gateway does not show, and amounts that disagree. Runs are kept; nothing is corrected automatically.
 */
public final class Reconciliation {
  private static final String OUR_PAYMENTS = """
    select merchant_order_no, gateway_txn_id, paid_amount_fen from payment_order
    where gateway = $1 and paid_at >= $2 and paid_at < $3""";
  private static final String OUR_REFUNDS = """
    select merchant_order_no, refund_no, paid_amount_fen from payment_order
    where gateway = $1 and status = 'REFUNDED' and refunded_at >= $2 and refunded_at < $3""";
  private static final String INSERT_RUN = """
    insert into reconciliation_run (gateway, statement_date, statement_rows, our_rows, differences)
    values ($1, $2, $3, $4, $5) returning id""";
  private static final String INSERT_DIFFERENCE = """
    insert into reconciliation_difference (run_id, kind, merchant_order_no, gateway_txn_id, our_amount_fen,
      their_amount_fen, detail) values ($1, $2, $3, $4, $5, $6, $7)""";
  private static final String RUNS = """
    select id, gateway, statement_date, run_at, statement_rows, our_rows, differences from reconciliation_run
    order by run_at desc limit $1""";
  private static final String DIFFERENCES = """
    select kind, merchant_order_no, gateway_txn_id, our_amount_fen, their_amount_fen, detail
    from reconciliation_difference where run_id = $1 order by id""";

  /** One difference between a statement and our books. */
  public record Difference(String kind, String merchantOrderNo, String gatewayTxnId, Long ourFen, Long theirFen,
                           String detail) {
  }

  public record Run(long id, String gateway, LocalDate date, OffsetDateTime at, int statementRows, int ourRows,
                    int differences) {
  }

  private final Pool pool;
  private final Gateways gateways;
  private final Clock clock;

  Reconciliation(Pool pool, Gateways gateways, Clock clock) {
    this.pool = pool;
    this.gateways = gateways;
    this.clock = clock;
  }

  /** Yesterday, Beijing time: what the daily job reconciles. */
  public LocalDate yesterday() {
    return LocalDate.ofInstant(clock.instant(), Times.ZONE).minusDays(1);
  }

  /** Fetches the statement, compares, stores the run; the future carries the run id. */
  public Future<Long> run(GatewayKind kind, LocalDate date) {
    OffsetDateTime from = date.atStartOfDay(Times.ZONE).toOffsetDateTime();
    OffsetDateTime to = date.plusDays(1).atStartOfDay(Times.ZONE).toOffsetDateTime();
    return gateways.get(kind).statement(date).compose(rows -> Future.all(
        pool.preparedQuery(OUR_PAYMENTS).execute(Tuple.of(kind.id(), from, to)),
        pool.preparedQuery(OUR_REFUNDS).execute(Tuple.of(kind.id(), from, to)))
      .compose(ours -> {
        io.vertx.sqlclient.RowSet<Row> payments = ours.resultAt(0);
        io.vertx.sqlclient.RowSet<Row> refunds = ours.resultAt(1);
        List<Difference> differences = compare(rows, payments, refunds);
        return pool.withTransaction(tx -> store(tx, kind, date, rows.size(), payments.size() + refunds.size(),
          differences));
      }));
  }

  static List<Difference> compare(List<StatementRow> statement, io.vertx.sqlclient.RowSet<Row> payments,
                                  io.vertx.sqlclient.RowSet<Row> refunds) {
    Map<String, Row> ourPayments = new HashMap<>();
    payments.forEach(r -> ourPayments.put(r.getString("merchant_order_no"), r));
    Map<String, Row> ourRefunds = new HashMap<>();
    refunds.forEach(r -> ourRefunds.put(r.getString("merchant_order_no"), r));
    List<Difference> out = new ArrayList<>();
    for (StatementRow s : statement) {
      Map<String, Row> ours = s.kind() == StatementRow.Kind.PAYMENT ? ourPayments : ourRefunds;
      Row mine = ours.remove(s.merchantOrderNo());
      String what = s.kind().name();
      if (mine == null) {
        out.add(new Difference("MISSING_HERE", s.merchantOrderNo(), s.gatewayTxnId(), null, s.amountFen(), what));
      } else if (mine.getInteger("paid_amount_fen") != null && mine.getInteger("paid_amount_fen") != s.amountFen()) {
        out.add(new Difference("AMOUNT_MISMATCH", s.merchantOrderNo(), s.gatewayTxnId(),
          mine.getInteger("paid_amount_fen").longValue(), s.amountFen(), what));
      }
    }
    ourPayments.values().forEach(r -> out.add(new Difference("MISSING_AT_GATEWAY", r.getString("merchant_order_no"),
      r.getString("gateway_txn_id"), r.getInteger("paid_amount_fen") == null ? null : r.getInteger("paid_amount_fen").longValue(),
      null, "PAYMENT")));
    ourRefunds.values().forEach(r -> out.add(new Difference("MISSING_AT_GATEWAY", r.getString("merchant_order_no"),
      null, r.getInteger("paid_amount_fen") == null ? null : r.getInteger("paid_amount_fen").longValue(), null, "REFUND")));
    return out;
  }

  private Future<Long> store(SqlConnection tx, GatewayKind kind, LocalDate date, int statementRows, int ourRows,
                             List<Difference> differences) {
    return tx.preparedQuery(INSERT_RUN).execute(Tuple.of(kind.id(), date, statementRows, ourRows, differences.size()))
      .compose(rows -> {
        long runId = rows.iterator().next().getLong("id");
        if (differences.isEmpty()) return Future.succeededFuture(runId);
        List<Tuple> batch = differences.stream().map(d -> Tuple.from(new Object[]{runId, d.kind(), d.merchantOrderNo(),
          d.gatewayTxnId(), d.ourFen(), d.theirFen(), d.detail()})).toList();
        return tx.preparedQuery(INSERT_DIFFERENCE).executeBatch(batch).map(runId);
      });
  }

  public Future<List<Run>> runs(int limit) {
    return pool.preparedQuery(RUNS).execute(Tuple.of(limit)).map(rows -> {
      List<Run> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Run(r.getLong("id"), r.getString("gateway"), r.getLocalDate("statement_date"),
        r.getOffsetDateTime("run_at"), r.getInteger("statement_rows"), r.getInteger("our_rows"),
        r.getInteger("differences"))));
      return out;
    });
  }

  public Future<List<Difference>> differences(long runId) {
    return pool.preparedQuery(DIFFERENCES).execute(Tuple.of(runId)).map(rows -> {
      List<Difference> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Difference(r.getString("kind"), r.getString("merchant_order_no"),
        r.getString("gateway_txn_id"), r.getLong("our_amount_fen"), r.getLong("their_amount_fen"), r.getString("detail"))));
      return out;
    });
  }

  /**
   * The daily job: yesterday's statements, once per gateway (a run already stored for that day is enough). With
   * several instances the first to take the day's advisory lock reconciles; the others find its run or skip.
   */
  public Future<Void> daily() {
    LocalDate day = yesterday();
    Future<Void> chain = Future.succeededFuture();
    for (GatewayKind kind : GatewayKind.values()) {
      chain = chain.compose(v -> once(kind, day));
    }
    return chain;
  }

  /** Reconciles one gateway's day unless a run exists, holding a session advisory lock on a connection of its own. */
  Future<Void> once(GatewayKind kind, LocalDate day) {
    String lock = "reconciliation:" + kind.id() + ":" + day;
    return pool.withConnection(conn -> conn.preparedQuery("select pg_try_advisory_lock(hashtext($1))")
      .execute(Tuple.of(lock)).compose(got -> {
        if (!got.iterator().next().getBoolean(0)) return Future.succeededFuture();
        return pool.preparedQuery("select 1 from reconciliation_run where gateway = $1 and statement_date = $2")
          .execute(Tuple.of(kind.id(), day))
          .compose(rows -> rows.size() > 0 ? Future.<Void>succeededFuture() : run(kind, day).<Void>mapEmpty())
          // The lock belongs to this connection: released here, or by Postgres if the instance dies mid-run.
          .eventually(() -> conn.preparedQuery("select pg_advisory_unlock(hashtext($1))").execute(Tuple.of(lock)));
      }));
  }
}
