package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.Gateways;
import org.ncrebm.payment.gateway.NotifyEvent;
import org.ncrebm.payment.gateway.NotifyReply;
import org.ncrebm.payment.gateway.NotifyRejected;
import org.ncrebm.payment.gateway.NotifyRequest;
import org.ncrebm.payment.gateway.PaymentGateway;
import org.ncrebm.payment.gateway.PaymentRequest;
import org.ncrebm.payment.gateway.Trade;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.registration.Registration;
import org.ncrebm.registration.RegistrationRepository;
import org.ncrebm.registration.RegistrationService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Orders and money (features M1-M5): an order per payable registration, verified gateway callbacks recorded once and
 * applied in one transaction, "check with the gateway now", and the follow-ups after each commit (refunds, closing
 * replaced orders, telling the candidate). Nothing here ever tells a candidate "failed" before a gateway's final word.
 */
public final class PaymentService {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyMMddHHmmss");

  private final Pool pool;
  private final OrderRepository orders;
  private final RegistrationRepository registrations;
  private final RegistrationService registrationService;
  private final CatalogService catalog;
  private final Gateways gateways;
  private final Settlement settlement;
  private final PaymentNotices notices;
  private final RateLimiter limiter;
  private final Clock clock;
  private final String publicUrl;
  private final RateLimiter.Limit checkPerOrder = new RateLimiter.Limit("pay-check", 1, Duration.ofSeconds(10));
  private final RateLimiter.Limit checkPerAccount = new RateLimiter.Limit("pay-check-acct", 30, Duration.ofHours(1));

  private java.util.function.BiConsumer<String, String> callbacks = (gateway, outcome) -> { };

  public PaymentService(Pool pool, OrderRepository orders, RegistrationRepository registrations,
                        RegistrationService registrationService, CatalogService catalog, Gateways gateways,
                        Settlement settlement, PaymentNotices notices, RateLimiter limiter, Clock clock, String publicUrl) {
    this.pool = pool;
    this.orders = orders;
    this.registrations = registrations;
    this.registrationService = registrationService;
    this.catalog = catalog;
    this.gateways = gateways;
    this.settlement = settlement;
    this.notices = notices;
    this.limiter = limiter;
    this.clock = clock;
    this.publicUrl = publicUrl;
  }

  public OrderRepository orders() {
    return orders;
  }

  /**
   * An order for a payable registration at the chosen gateway, expiring with its seats' hold. A live order at the
   * same gateway is reused; one at the other gateway is closed first. {@code ALREADY_PAID}, {@code INVALID_STATE},
   * {@code ORDER_EXPIRED} otherwise.
   */
  public Future<PaymentOrder> createOrder(Principal p, Actor actor, UUID registrationId, GatewayKind kind) {
    PaymentGateway gateway = gateways.get(kind);
    return registrationService.own(p, registrationId).compose(pre -> catalog.session(pre.examSessionId()))
      .compose(session -> pool.withTransaction(tx -> registrations.lock(tx, registrationId).compose(r -> {
        if (r.status() == Registration.Status.PAID) return Future.failedFuture(AppException.of(ErrorCode.ALREADY_PAID));
        if (r.status() != Registration.Status.PAYABLE) {
          return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "payment.notPayable"));
        }
        if (r.holdExpiresAt() == null || !clock.instant().isBefore(r.holdExpiresAt())) {
          return Future.failedFuture(AppException.of(ErrorCode.ORDER_EXPIRED));
        }
        int amount = RegistrationService.amountFen(r, session);
        return orders.lockLive(tx, registrationId).compose(live -> {
          if (live != null && live.gateway().equals(kind.id()) && live.amountFen() == amount) {
            return Future.succeededFuture(live);
          }
          // The replaced order is closed here and at its gateway after the commit; should its buyer pay anyway,
          // the notify (or reconciliation) still finds it and settles or refunds.
          Future<Void> retire = live == null ? Future.succeededFuture()
            : orders.setStatus(tx, live.id(), PaymentOrder.Status.CLOSED)
              .compose(v -> orders.timeline(tx, live.id(), "REPLACED", kind.id()));
          return retire.compose(v -> orders.insert(tx, registrationId, merchantOrderNo(), kind.id(), amount,
              r.holdExpiresAt(), r.subjectCodes()))
            .compose(o -> orders.timeline(tx, o.id(), "CREATED", kind.id())
              .compose(v -> AuditLog.record(tx, actor, "payment.order", "payment_order", o.id().toString(),
                r.provinceCode(), null, new JsonObject().put("registration", r.id().toString())
                  .put("gateway", kind.id()).put("amountFen", amount).put("order", o.merchantOrderNo())))
              .map(o))
            .compose(o -> live == null ? Future.succeededFuture(o)
              : closeAtGateway(live).map(o));
        });
      })))
      .compose(o -> o.status() == PaymentOrder.Status.AT_GATEWAY && o.payUrl() != null ? Future.succeededFuture(o)
        : register(gateway, o));
  }

  /** Registers the order with the gateway (outside any transaction) and remembers its pay page. */
  private Future<PaymentOrder> register(PaymentGateway gateway, PaymentOrder o) {
    PaymentRequest request = new PaymentRequest(o.merchantOrderNo(), o.amountFen(), "全国计算机等级考试报名费",
      o.expiresAt(), publicUrl + "/pay/notify/" + o.gateway(),
      publicUrl + "/bm/r/" + o.registrationId() + "/payment?order=" + o.id());
    return gateway.createPayment(request)
      .recover(err -> Future.failedFuture(AppException.retryLater(ErrorCode.OVERLOADED, 5)))
      .compose(url -> pool.withTransaction(tx -> orders.atGateway(tx, o.id(), url)
        .compose(moved -> moved ? orders.timeline(tx, o.id(), "AT_GATEWAY", null) : Future.succeededFuture()))
        .compose(v -> orders.find(pool, o.id())));
  }

  private Future<Void> closeAtGateway(PaymentOrder o) {
    return gateways.byId(o.gateway()).close(o.merchantOrderNo()).<Void>mapEmpty()
      .otherwise(err -> {
        LOG.warn("closing replaced order {} at {} failed, the order job retries: {}", o.merchantOrderNo(), o.gateway(),
          err.toString());
        return null;
      });
  }

  /**
   * A gateway's asynchronous notify: verified (signature, time, merchant), recorded once by gateway and event id,
   * applied in one transaction. Replays and duplicates change nothing and still get the success reply.
   */
  /** The gateway's failure reply to a notify whose body could not even be decoded; nothing is recorded. */
  public NotifyReply unreadableNotify(GatewayKind kind, String why) {
    LOG.warn("{} notify unreadable: {}", kind.id(), why);
    callbacks.accept(kind.id(), "rejected");
    return gateways.get(kind).rejection(why);
  }

  public Future<NotifyReply> handleNotify(GatewayKind kind, NotifyRequest request) {
    PaymentGateway gateway = gateways.get(kind);
    NotifyEvent event;
    try {
      event = gateway.verifyNotify(request);
    } catch (NotifyRejected rejected) {
      LOG.warn("{} notify rejected: {}", kind.id(), rejected.getMessage());
      callbacks.accept(kind.id(), "rejected");
      return Future.succeededFuture(gateway.rejection(rejected.getMessage()));
    }
    Settlement.Report report = new Settlement.Report(kind, event.eventId(), event.merchantOrderNo(),
      event.gatewayTxnId(), event.state(), event.amountFen(), event.paidAt());
    return apply(report)
      .onComplete(ar -> callbacks.accept(kind.id(), ar.succeeded() ? ar.result().name().toLowerCase() : "failed"))
      .map(outcome -> gateway.acknowledgement());
  }

  /** Tells operations what each verified or rejected callback came to (metrics by gateway and outcome). */
  public void observeCallbacks(java.util.function.BiConsumer<String, String> listener) {
    this.callbacks = listener;
  }

  /** Applies a gateway report (notify or query answer) once; the future carries what it decided. */
  Future<Settlement.Outcome> apply(Settlement.Report report) {
    UUID[] settled = new UUID[1];
    return pool.withTransaction(tx ->
        orders.recordEvent(tx, report.gateway().id(), report.eventId(), report.merchantOrderNo(), report.txnId(),
            report.state().name(), report.amountFen(), "RECEIVED")
          .compose(fresh -> {
            if (!fresh) return Future.succeededFuture(Settlement.Outcome.ALREADY_SETTLED);
            return tx.preparedQuery("select registration_id from payment_order where merchant_order_no = $1")
              .execute(io.vertx.sqlclient.Tuple.of(report.merchantOrderNo())).compose(rows -> {
                if (rows.size() == 0) return outcome(tx, report, Settlement.Outcome.NOTHING, "UNKNOWN_ORDER");
                UUID registrationId = rows.iterator().next().getUUID(0);
                settled[0] = registrationId;
                return registrations.lock(tx, registrationId)
                  .compose(r -> orders.lockByNumber(tx, report.merchantOrderNo())
                    .compose(order -> settlement.settle(tx, r, order, report)))
                  .compose(o -> outcome(tx, report, o, o.name()));
              });
          }))
      .compose(outcome -> (outcome == Settlement.Outcome.REINSTATED
          ? registrationService.front().gateSeatsTaken(settled[0]) : Future.<Void>succeededFuture())
        .compose(v -> afterCommit(report, outcome)).map(outcome));
  }

  private Future<Settlement.Outcome> outcome(io.vertx.sqlclient.SqlConnection tx, Settlement.Report report,
                                             Settlement.Outcome o, String label) {
    return tx.preparedQuery("update gateway_event set outcome = $3 where gateway = $1 and event_id = $2")
      .execute(io.vertx.sqlclient.Tuple.of(report.gateway().id(), report.eventId(), label)).map(o);
  }

  /** Follow-ups that must not run inside the transaction: refunds at the gateway, candidate notices. */
  private Future<Void> afterCommit(Settlement.Report report, Settlement.Outcome outcome) {
    return switch (outcome) {
      case PAID, REINSTATED -> notices.paid(report.merchantOrderNo(), outcome == Settlement.Outcome.REINSTATED);
      case REFUND, AMOUNT_MISMATCH -> notices.refunding(report.merchantOrderNo())
        .compose(v -> refundNow(report.merchantOrderNo()));
      case REFUNDED -> notices.refunded(report.merchantOrderNo());
      default -> Future.succeededFuture();
    };
  }

  /** Sends a refund marked in the database to its gateway; a failure leaves it for the order job to retry. */
  Future<Void> refundNow(String merchantOrderNo) {
    return pool.withTransaction(tx -> orders.lockByNumber(tx, merchantOrderNo)).compose(o -> {
      if (o == null || o.status() != PaymentOrder.Status.REFUNDING) return Future.succeededFuture();
      return gateways.byId(o.gateway()).refund(o.merchantOrderNo(), o.refundNo(), o.amountFen(), "ncre-bm refund")
        .compose(result -> result.completed()
          ? pool.withTransaction(tx -> orders.lockByNumber(tx, merchantOrderNo).compose(locked ->
              locked.status() != PaymentOrder.Status.REFUNDING ? Future.succeededFuture()
                : orders.setStatus(tx, locked.id(), PaymentOrder.Status.REFUNDED)
                  .compose(v -> orders.timeline(tx, locked.id(), "REFUNDED", result.gatewayRefundId()))
                  .compose(v -> AuditLog.record(tx, Actor.system("refund"), "payment.refunded", "payment_order",
                    locked.id().toString(), null, null, new JsonObject().put("refundNo", locked.refundNo())))))
            .compose(v -> notices.refunded(merchantOrderNo))
          : Future.succeededFuture())
        .otherwise(err -> {
          LOG.warn("refund of {} failed, the order job retries: {}", merchantOrderNo, err.toString());
          return null;
        });
    });
  }

  /** "Check with the gateway now" (M5): rate limited, asks the gateway and applies its answer. */
  public Future<PaymentOrder> check(Principal p, UUID registrationId, UUID orderId) {
    return registrationService.own(p, registrationId)
      .compose(r -> orders.find(pool, orderId))
      .compose(o -> o == null || !o.registrationId().equals(registrationId)
        ? Future.failedFuture(AppException.notFound()) : Future.succeededFuture(o))
      .compose(o -> limiter.hit(checkPerOrder, o.id().toString())
        .compose(v -> limiter.hit(checkPerAccount, p.accountId()))
        .compose(v -> query(o))
        .compose(v -> orders.find(pool, o.id())));
  }

  /** Asks the gateway about one order and applies a final answer. */
  Future<Trade> query(PaymentOrder o) {
    PaymentGateway gateway = gateways.byId(o.gateway());
    return gateway.query(o.merchantOrderNo())
      .recover(err -> Future.failedFuture(AppException.retryLater(ErrorCode.OVERLOADED, 10)))
      .compose(trade -> orders.checked(o.id()).compose(v -> switch (trade.state()) {
        case PAID, CLOSED, REFUNDED -> apply(new Settlement.Report(gateway.kind(),
          "query:" + trade.state() + ":" + (trade.gatewayTxnId() == null ? o.merchantOrderNo() : trade.gatewayTxnId()),
          o.merchantOrderNo(), trade.gatewayTxnId(), trade.state(), trade.amountFen(), trade.paidAt())).map(trade);
        default -> Future.succeededFuture(trade);
      }));
  }

  /** The caller's own registration (404 for anyone else's). */
  public Future<Registration> registrationOf(Principal p, UUID registrationId) {
    return registrationService.own(p, registrationId);
  }

  public Future<List<PaymentOrder>> ordersOf(UUID registrationId) {
    return orders.ofRegistration(pool, registrationId);
  }

  /** NC + Beijing time to the second + 12 random characters: unique, sortable, 26 characters. */
  String merchantOrderNo() {
    StringBuilder b = new StringBuilder("NC").append(STAMP.format(clock.instant().atZone(org.ncrebm.platform.Times.ZONE)));
    for (int i = 0; i < 12; i++) b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    return b.toString();
  }
}
