package org.ncrebm.payment;

import io.vertx.core.Future;
import org.ncrebm.payment.gateway.CloseOutcome;
import org.ncrebm.payment.gateway.Gateways;
import org.ncrebm.payment.gateway.TradeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The order job (feature M3), safe on many instances (claims with SKIP LOCKED and a one-minute lease): orders without
 * a callback are asked about (a lost notify is found this way), expired unpaid orders are closed at their gateway
 * (and a payment discovered while closing is settled), and marked refunds are sent until the gateway takes them.
 */
public final class OrderJobs {
  private static final Logger LOG = LoggerFactory.getLogger(OrderJobs.class);
  private final PaymentService payments;
  private final OrderRepository orders;
  private final Gateways gateways;
  private final Clock clock;

  public OrderJobs(PaymentService payments, OrderRepository orders, Gateways gateways, Clock clock) {
    this.payments = payments;
    this.orders = orders;
    this.gateways = gateways;
    this.clock = clock;
  }

  /** One pass over due orders; the future carries how many were handled. */
  public Future<Integer> runOnce() {
    return orders.claimDue(50, clock.instant()).compose(due -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (PaymentOrder o : due) {
        chain = chain.compose(n -> handle(o).map(n + 1)
          .recover(err -> {
            LOG.warn("order {} could not be settled now, retrying later: {}", o.merchantOrderNo(), err.toString());
            return orders.releaseClaim(o.id()).map(n);
          }));
      }
      return chain;
    });
  }

  private Future<Void> handle(PaymentOrder o) {
    if (o.status() == PaymentOrder.Status.REFUNDING) {
      return payments.refundNow(o.merchantOrderNo());
    }
    return payments.query(o).compose(trade -> {
      boolean expired = !clock.instant().isBefore(o.expiresAt());
      if (!expired || trade.state() == TradeState.PAID || trade.state().isFinal()) {
        return Future.succeededFuture();
      }
      return gateways.byId(o.gateway()).close(o.merchantOrderNo()).compose(outcome -> outcome == CloseOutcome.ALREADY_PAID
        ? payments.query(o).mapEmpty()
        : payments.apply(new Settlement.Report(gateways.byId(o.gateway()).kind(), "close:" + o.merchantOrderNo(),
            o.merchantOrderNo(), null, TradeState.CLOSED, o.amountFen(), null)).mapEmpty());
    }).compose(v -> orders.releaseClaim(o.id()));
  }
}
