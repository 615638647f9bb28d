package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.ncrebm.payment.gateway.AlipayCodec;
import org.ncrebm.payment.gateway.GatewayKeys;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.PaymentSettings;
import org.ncrebm.payment.sim.SimException.Problem;
import org.ncrebm.platform.JobsVerticle;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The built-in payment-gateway simulator (dev and test profiles only): the gateway side of both protocols with its
 * state in PostgreSQL. Trades are created by the gateways' APIs, paid through the pay page or the control endpoint,
 * closed and refunded through the APIs; every change that the real gateway would notify is enqueued here in the same
 * transaction and delivered by the retry job ({@link #job()}).
 */
public final class Simulator {
  public static final String KICK_ADDRESS = "payment.sim.notify.kick";
  /** How long a notify held back by "reorder" waits for a successor before it goes alone. */
  public static final Duration REORDER_HOLD = Duration.ofSeconds(10);
  /** How long after its successor a held notify goes, so the successor surely arrives first. */
  static final double REORDER_GAP_SECONDS = 0.5;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Clock clock;
  private final SimSettings settings;
  private final SimRepository repository;
  private final SimNotifyRepository queue;
  private final SimNotifies notifies;
  private final NotifyDelivery delivery;
  private final long pollMs;

  public Simulator(Vertx vertx, Pool pool, Clock clock, GatewayKeys keys, PaymentSettings payment,
                   String publicBaseUrl) {
    this.vertx = vertx;
    this.clock = clock;
    PaymentSettings.Wechat w = payment.wechat();
    this.settings = new SimSettings(payment.alipay().appId(), "2088000000000001", keys.alipayGatewayPrivateKey(),
      keys.alipayMerchantPublicKey(), w.mchId(), w.appId(), w.apiV3Key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
      keys.wechatPlatformPrivateKey(), w.platformSerial(), keys.wechatMerchantPublicKey(), w.merchantSerial(),
      publicBaseUrl, payment.simTimeFactor());
    this.repository = new SimRepository(pool);
    this.queue = new SimNotifyRepository(pool);
    this.notifies = new SimNotifies(settings, clock);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setUserAgent("ncre-bm-sim")
      .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(64));
    this.delivery = new NotifyDelivery(queue, notifies, client, payment.simTimeFactor(), this::kick);
    this.pollMs = payment.simPollMs();
  }

  /** Where the merchant side reaches the simulated Alipay OpenAPI, given the service's own base URL. */
  public static String alipayGatewayUrl(String base) {
    return base + "/sim/alipay/gateway.do";
  }

  /** The simulated WeChat API base (requests go to {@code <base>/v3/...}). */
  public static String wechatGatewayUrl(String base) {
    return base + "/sim/wechat";
  }

  /** The notify retry job, for {@code JobsVerticle}; kicked whenever a notify is enqueued. */
  public JobsVerticle.Job job() {
    return new JobsVerticle.Job("payment-simulator-notify", pollMs, KICK_ADDRESS, delivery::runOnce);
  }

  SimSettings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }

  /** The page people pay on (Alipay's qr_code, WeChat's h5_url). */
  String payPageUrl(GatewayKind g, String orderNo) {
    String url = settings.publicBaseUrl() + "/sim/" + g.id() + "/checkout/" + orderNo;
    return g == GatewayKind.WECHAT ? url + "?prepay_id=wx" + DAY.format(clock.instant().atZone(AlipayCodec.ZONE))
      + digits(18) : url;
  }

  /** Creates a trade, or answers the existing one for a repeated request with the same amount. */
  Future<SimTrade> create(GatewayKind g, String orderNo, long amountFen, String subject, Instant expiresAt,
                          String notifyUrl, String returnUrl, String appId) {
    Instant now = clock.instant();
    SimTrade proposed = new SimTrade(g, orderNo, txnId(g, now), appId, subject, amountFen, "WAIT_BUYER_PAY", 0,
      notifyUrl, returnUrl == null ? "" : returnUrl, expiresAt, now, null, null, null);
    return repository.pool().withTransaction(c -> repository.insertTrade(c, proposed).compose(created -> created != null
      ? Future.succeededFuture(created)
      : repository.find(c, g, orderNo).map(existing -> {
        if (existing.amountFen() != amountFen) throw new SimException(Problem.MISMATCH);
        if (existing.paid()) throw new SimException(Problem.PAID);
        if (!existing.payable()) throw new SimException(Problem.CLOSED);
        return existing;
      })));
  }

  Future<SimTrade> find(GatewayKind g, String orderNo) {
    return repository.find(repository.pool(), g, orderNo);
  }

  /** The buyer pays: the trade becomes PAID and its notify is enqueued as the faults say. */
  Future<SimTrade> pay(GatewayKind g, String orderNo) {
    String eventId = SimNotifies.newEventId(g == GatewayKind.ALIPAY);
    List<Long> dues = new ArrayList<>();
    return inTransaction(dues, c -> repository.pay(c, g, orderNo, clock.instant(), eventId).compose(paid -> {
      if (paid == null) return refuse(c, g, orderNo);
      String payload = g == GatewayKind.ALIPAY ? notifies.alipay(paid, eventId, null) : notifies.wechatPaid(paid, eventId);
      return enqueue(c, paid, eventId, "PAID", payload, dues).map(paid);
    }));
  }

  /** Closes an unpaid trade (again: no change); Alipay notifies TRADE_CLOSED, WeChat does not notify closes. */
  Future<SimTrade> close(GatewayKind g, String orderNo) {
    List<Long> dues = new ArrayList<>();
    return inTransaction(dues, c -> repository.close(c, g, orderNo, clock.instant()).compose(closed -> {
      if (closed == null) {
        return repository.find(c, g, orderNo).map(t -> {
          if (t == null) throw new SimException(Problem.NOT_FOUND);
          if (t.paid()) throw new SimException(Problem.PAID);
          return t;
        });
      }
      if (g == GatewayKind.WECHAT) return Future.succeededFuture(closed);
      String eventId = SimNotifies.newEventId(true);
      return enqueue(c, closed, eventId, "CLOSED", notifies.alipay(closed, eventId, null), dues).map(closed);
    }));
  }

  /** Refunds part or all of a paid trade; a repeated refund number answers the first refund and changes nothing. */
  Future<SimRefund> refund(GatewayKind g, String orderNo, String refundNo, long amountFen, String reason) {
    List<Long> dues = new ArrayList<>();
    return inTransaction(dues, c -> repository.lock(c, g, orderNo).compose(t -> {
      if (t == null) throw new SimException(Problem.NOT_FOUND);
      return repository.findRefund(c, g, orderNo, refundNo).compose(existing -> {
        if (existing != null) return Future.succeededFuture(existing);
        if (!t.paid()) throw new SimException(Problem.NOT_PAID);
        if (amountFen <= 0 || t.refundedFen() + amountFen > t.amountFen()) throw new SimException(Problem.EXCEEDS);
        SimRefund fresh = new SimRefund(orderNo, refundNo, refundId(g), amountFen, reason == null ? "" : reason,
          clock.instant(), true);
        return repository.addRefunded(c, g, orderNo, amountFen).compose(after -> repository.insertRefund(c, g, fresh)
          .compose(r -> {
            String eventId = SimNotifies.newEventId(g == GatewayKind.ALIPAY);
            String payload = g == GatewayKind.ALIPAY ? notifies.alipay(after, eventId, r) : notifies.wechatRefund(after, r, eventId);
            return enqueue(c, after, eventId, "REFUND", payload, dues).map(r);
          }));
      });
    }));
  }

  /** Sends the payment notify of a paid trade again: {@code copies} copies at once, with its original event id. */
  Future<Void> resend(GatewayKind g, String orderNo, int copies) {
    return find(g, orderNo).compose(t -> {
      if (t == null) throw new SimException(Problem.NOT_FOUND);
      if (!t.paid()) throw new SimException(Problem.NOT_PAID);
      // The payment notify as it was sent, before any refund changed the trade.
      SimTrade asPaid = new SimTrade(g, orderNo, t.gatewayTxnId(), t.appId(), t.subject(), t.amountFen(), "PAID", 0,
        t.notifyUrl(), t.returnUrl(), t.expiresAt(), t.createdAt(), t.paidAt(), null, t.payEventId());
      String payload = g == GatewayKind.ALIPAY ? notifies.alipay(asPaid, t.payEventId(), null)
        : notifies.wechatPaid(asPaid, t.payEventId());
      return queue.enqueueCopies(repository.pool(), new SimNotifyRepository.Notice(g, orderNo, t.payEventId(), "PAID",
        t.notifyUrl(), payload), copies);
    }).onSuccess(v -> kick());
  }

  Future<Void> setFaults(GatewayKind g, SimFaults faults) {
    return repository.setFaults(g, faults)
      .compose(v -> faults.reorder() ? Future.<Void>succeededFuture() : queue.releaseHeld(g))
      .onSuccess(v -> kick());
  }

  Future<JsonArray> deliveries(GatewayKind g, String orderNo) {
    return queue.ofOrder(g, orderNo);
  }

  /** The statement file of a day (Beijing time) in the gateway's layout. */
  Future<String> statement(GatewayKind g, LocalDate date) {
    Instant from = date.atStartOfDay(AlipayCodec.ZONE).toInstant();
    Instant to = date.plusDays(1).atStartOfDay(AlipayCodec.ZONE).toInstant();
    return repository.paidBetween(g, from, to).compose(paid -> repository.refundedBetween(g, from, to)
      .map(refunds -> g == GatewayKind.ALIPAY ? SimStatements.alipay(settings, date, paid, refunds)
        : SimStatements.wechat(settings, paid, refunds)));
  }

  /** Runs {@code work} in a transaction, then kicks the retry job when the notifies it enqueued fall due. */
  private <T> Future<T> inTransaction(List<Long> dues, Function<SqlClient, Future<T>> work) {
    return repository.pool().withTransaction(work::apply).onSuccess(v -> dues.forEach(ms -> {
      if (ms <= 0) kick();
      else vertx.setTimer(ms + 5, id -> kick());
    }));
  }

  private Future<SimTrade> refuse(SqlClient c, GatewayKind g, String orderNo) {
    return repository.find(c, g, orderNo).map(t -> {
      if (t == null) throw new SimException(Problem.NOT_FOUND);
      throw new SimException(t.paid() ? Problem.PAID : Problem.CLOSED);
    });
  }

  private Future<Void> enqueue(SqlClient c, SimTrade t, String eventId, String kind, String payload, List<Long> dues) {
    SimNotifyRepository.Notice n = new SimNotifyRepository.Notice(t.gateway(), t.merchantOrderNo(), eventId, kind,
      t.notifyUrl(), payload);
    return queue.enqueue(c, n, REORDER_HOLD.toSeconds(), REORDER_GAP_SECONDS).map(due -> {
      dues.addAll(due);
      return null;
    });
  }

  private void kick() {
    vertx.eventBus().send(KICK_ADDRESS, null);
  }

  /** Alipay trade_no and WeChat transaction_id: 28 digits starting with the date. */
  private String txnId(GatewayKind g, Instant now) {
    return (g == GatewayKind.ALIPAY ? "" : "42000") + DAY.format(now.atZone(AlipayCodec.ZONE))
      + digits(g == GatewayKind.ALIPAY ? 20 : 15);
  }

  private static String refundId(GatewayKind g) {
    return (g == GatewayKind.ALIPAY ? "2088R" : "50300") + digits(24);
  }

  private static String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append((char) ('0' + RANDOM.nextInt(10)));
    return b.toString();
  }
}
