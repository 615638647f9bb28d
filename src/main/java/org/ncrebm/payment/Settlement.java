package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.TradeState;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.registration.Registration;
import org.ncrebm.registration.RegistrationRepository;
import org.ncrebm.seats.SeatRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * What money that arrived means, decided in the caller's transaction with the registration and the order locked
 * (in that order, everywhere). A payment for a payable registration pays it and confirms its seats. Money that cannot
 * be kept (the registration is already paid by another order, was cancelled, or expired and cannot be reinstated
 * because its seats are gone or the payment deadline passed) is marked for refund; the refund itself is a gateway call
 * made after the commit. A late payment is reinstated when its seats are still free and the deadline allows (M4).
 */
final class Settlement {
  /** What a settlement decided; the caller acts on it after the commit. */
  enum Outcome { PAID, REINSTATED, REFUND, ALREADY_SETTLED, AMOUNT_MISMATCH, CLOSED, REFUNDED, NOTHING }

  /** Money or a final state reported by a gateway, by notify or by query. */
  record Report(GatewayKind gateway, String eventId, String merchantOrderNo, String txnId, TradeState state,
                long amountFen, Instant paidAt) {
  }

  private final RegistrationRepository registrations;
  private final OrderRepository orders;
  private final SeatRepository seats;
  private final CatalogService catalog;
  private final Clock clock;

  Settlement(RegistrationRepository registrations, OrderRepository orders, SeatRepository seats, CatalogService catalog,
             Clock clock) {
    this.registrations = registrations;
    this.orders = orders;
    this.seats = seats;
    this.catalog = catalog;
    this.clock = clock;
  }

  Future<Outcome> settle(SqlConnection tx, Registration r, PaymentOrder order, Report report) {
    Actor actor = Actor.gateway(report.gateway().id());
    return switch (report.state()) {
      case PAID -> paid(tx, r, order, report, actor);
      case CLOSED -> order.status().live()
        ? orders.setStatus(tx, order.id(), PaymentOrder.Status.CLOSED)
            .compose(v -> orders.timeline(tx, order.id(), "CLOSED", null)).map(Outcome.CLOSED)
        : Future.succeededFuture(Outcome.NOTHING);
      case REFUNDED -> order.status() == PaymentOrder.Status.REFUNDING
        ? orders.setStatus(tx, order.id(), PaymentOrder.Status.REFUNDED)
            .compose(v -> orders.timeline(tx, order.id(), "REFUNDED", null)).map(Outcome.REFUNDED)
        : Future.succeededFuture(Outcome.NOTHING);
      default -> Future.succeededFuture(Outcome.NOTHING);
    };
  }

  private Future<Outcome> paid(SqlConnection tx, Registration r, PaymentOrder order, Report report, Actor actor) {
    if (order.status() == PaymentOrder.Status.PAID || order.status() == PaymentOrder.Status.REFUNDING
      || order.status() == PaymentOrder.Status.REFUNDED) {
      return Future.succeededFuture(Outcome.ALREADY_SETTLED);
    }
    if (report.amountFen() != order.amountFen()) {
      return refund(tx, order, report, "AMOUNT_MISMATCH").map(Outcome.AMOUNT_MISMATCH);
    }
    return switch (r.status()) {
      case PAYABLE -> pay(tx, r, order, report, actor, false);
      case PAID -> refund(tx, order, report, "DUPLICATE_PAYMENT");
      case EXPIRED -> reinstate(tx, r, order, report, actor);
      default -> refund(tx, order, report, r.status() == Registration.Status.CANCELLED ? "CANCELLED" : "NOT_PAYABLE");
    };
  }

  private Future<Outcome> pay(SqlConnection tx, Registration r, PaymentOrder order, Report report, Actor actor,
                              boolean reinstated) {
    Instant paidAt = report.paidAt() == null ? clock.instant() : report.paidAt();
    return orders.paid(tx, order.id(), report.txnId(), paidAt, report.amountFen())
      .compose(v -> registrations.markPaid(tx, r.id(), paidAt))
      .compose(v -> seats.confirm(tx, r.id()))
      .compose(n -> orders.timeline(tx, order.id(), "PAID", report.txnId()))
      .compose(v -> closeOthers(tx, r.id(), order.id()))
      .compose(v -> AuditLog.record(tx, actor, reinstated ? "payment.reinstated" : "payment.paid", "registration",
        r.id().toString(), r.provinceCode(), new JsonObject().put("status", r.status().name()),
        new JsonObject().put("status", "PAID").put("order", order.merchantOrderNo()).put("txn", report.txnId())
          .put("amountFen", report.amountFen())))
      .map(reinstated ? Outcome.REINSTATED : Outcome.PAID);
  }

  /**
   * A payment that arrived after its registration expired: if the payment deadline has not passed and the seats are
   * still free, the registration is paid after all; otherwise (inside a savepoint, so the attempt leaves nothing
   * behind) the money goes back.
   */
  private Future<Outcome> reinstate(SqlConnection tx, Registration r, PaymentOrder order, Report report, Actor actor) {
    return catalog.window(r.examSessionId(), r.provinceCode()).compose(w -> {
      if (!clock.instant().isBefore(w.payDeadline()) || order.subjects().isEmpty()) {
        return refund(tx, order, report, "LATE");
      }
      SeatRepository.Holder holder = new SeatRepository.Holder(r.id(), r.examSessionId(), r.centerId(), r.idDigest());
      return tx.query("savepoint reinstate").execute()
        .compose(v -> seats.take(tx, holder, order.subjects()))
        .compose(v -> pay(tx, r, order, report, actor, true))
        .compose(outcome -> tx.query("release savepoint reinstate").execute().map(outcome))
        .recover(err -> err instanceof AppException || err instanceof io.vertx.pgclient.PgException
          ? tx.query("rollback to savepoint reinstate").execute().compose(v -> refund(tx, order, report, "LATE"))
          : Future.failedFuture(err));
    });
  }

  /** Marks money for refund; the gateway call follows the commit (and the order job retries it until it succeeds). */
  private Future<Outcome> refund(SqlConnection tx, PaymentOrder order, Report report, String reason) {
    String refundNo = "RF" + order.merchantOrderNo().substring(2);
    Instant paidAt = report.paidAt() == null ? clock.instant() : report.paidAt();
    return orders.refunding(tx, order.id(), report.txnId(), paidAt, report.amountFen(), refundNo, reason)
      .compose(v -> orders.timeline(tx, order.id(), "PAID", report.txnId()))
      .compose(v -> orders.timeline(tx, order.id(), "REFUNDING", reason))
      .compose(v -> AuditLog.record(tx, Actor.gateway(report.gateway().id()), "payment.refunding", "payment_order",
        order.id().toString(), null, null, new JsonObject().put("reason", reason).put("amountFen", report.amountFen())
          .put("order", order.merchantOrderNo())))
      .map(Outcome.REFUND);
  }

  /** Other orders of the registration still open at a gateway: due now, so the order job closes them. */
  private static final String EXPIRE_OTHERS = """
    update payment_order set expires_at = $3, updated_at = now()
    where registration_id = $1 and id <> $2 and status in ('CREATED', 'AT_GATEWAY')""";

  Future<Void> closeOthers(SqlConnection tx, UUID registrationId, UUID orderId) {
    return tx.preparedQuery(EXPIRE_OTHERS).execute(Tuple.of(registrationId, orderId,
      OrderRepository.utc(clock.instant()))).mapEmpty();
  }
}
