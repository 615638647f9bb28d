package org.ncrebm.payment.sim;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.TradeState;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestServers;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ncrebm.support.TestApp.await;

@DisplayName("The gateway simulator's notify delivery: duplicates, re-sends, drops, retries, delays and reordering")
class SimulatorFaultsTest {
  @RegisterExtension
  static final TestApp app = SimTesting.app();
  private final SimTesting sim = new SimTesting(app);

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("duplicate: 3 sends every following notify three times, all with the same event id")
  void duplicates(GatewayKind kind) {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(kind))) {
      assertThat(sim.faults(kind, new JsonObject().put("duplicate", 3)).status()).isEqualTo(204);
      String no = SimTesting.orderNo();
      sim.create(kind, no, 8000, receiver);
      sim.pay(kind, no);
      List<NotifyReceiver.Received> got = receiver.await(no, 3);
      assertThat(got).extracting(r -> r.event().eventId()).containsOnly(got.get(0).event().eventId());
      assertThat(got).allMatch(r -> r.event().state() == TradeState.PAID);
      sim.awaitDelivered(kind, no, 3);
      assertThat(receiver.of(no)).hasSize(3);
    }
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("notify?copies=5 sends the payment notify of a paid order again, five copies at once")
  void copiesAtOnce(GatewayKind kind) {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(kind))) {
      String no = SimTesting.orderNo();
      sim.create(kind, no, 8000, receiver);
      String unpaidAnswer = app.post("/sim/" + kind.id() + "/orders/" + no + "/notify?copies=5", new JsonObject()).errorCode();
      assertThat(unpaidAnswer).as("an unpaid order has no payment notify").isEqualTo("INVALID_STATE");
      sim.pay(kind, no);
      String eventId = receiver.await(no, 1).get(0).event().eventId();
      ApiResponse again = app.post("/sim/" + kind.id() + "/orders/" + no + "/notify?copies=5", new JsonObject());
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().getInteger("copies")).isEqualTo(5);
      List<NotifyReceiver.Received> got = receiver.await(no, 6);
      assertThat(got).extracting(r -> r.event().eventId()).containsOnly(eventId);
      List<Instant> copies = got.subList(1, 6).stream().map(NotifyReceiver.Received::at).sorted().toList();
      assertThat(Duration.between(copies.get(0), copies.get(4))).as("sent together").isLessThan(Duration.ofSeconds(2));
    }
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("dropNext: 1 loses the first attempt on the way; the retry schedule delivers it")
  void dropNext(GatewayKind kind) {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(kind))) {
      sim.faults(kind, new JsonObject().put("dropNext", 1));
      String no = SimTesting.orderNo();
      sim.create(kind, no, 8000, receiver);
      sim.pay(kind, no);
      assertThat(receiver.await(no, 1)).hasSize(1);
      JsonObject n = sim.awaitDelivered(kind, no, 1).getJsonArray("notifies").getJsonObject(0);
      assertThat(n.getInteger("attempts")).isEqualTo(2);
      assertThat(receiver.of(no)).as("the dropped attempt never arrived").hasSize(1);
    }
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("a merchant that answers with an error gets the notify again on the gateway's schedule until it accepts")
  void retriesOnSchedule(GatewayKind kind) {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(kind))) {
      receiver.failNext(2);
      String no = SimTesting.orderNo();
      sim.create(kind, no, 8000, receiver);
      sim.pay(kind, no);
      List<NotifyReceiver.Received> got = receiver.await(no, 3);
      JsonObject n = sim.awaitDelivered(kind, no, 1).getJsonArray("notifies").getJsonObject(0);
      assertThat(n.getInteger("attempts")).isEqualTo(3);
      for (int i = 1; i <= 2; i++) {
        long expectedMs = (long) (NotifyDelivery.retryDelaySeconds(kind, i) * SimTesting.TIME_FACTOR * 1000);
        assertThat(Duration.between(got.get(i - 1).at(), got.get(i).at()).toMillis()).as("gap " + i)
          .isGreaterThanOrEqualTo(expectedMs - 20);
      }
    }
  }

  @Test
  @DisplayName("the retry schedules are Alipay's 4m..15h (8 attempts) and WeChat's 15s..6h (16 attempts)")
  void schedules() {
    assertThat(NotifyDelivery.retryDelaySeconds(GatewayKind.ALIPAY, 1)).isEqualTo(240);
    assertThat(NotifyDelivery.retryDelaySeconds(GatewayKind.ALIPAY, 7)).isEqualTo(15 * 3600);
    assertThat(NotifyDelivery.retryDelaySeconds(GatewayKind.ALIPAY, 8)).isNegative();
    assertThat(NotifyDelivery.retryDelaySeconds(GatewayKind.WECHAT, 1)).isEqualTo(15);
    assertThat(NotifyDelivery.retryDelaySeconds(GatewayKind.WECHAT, 4)).isEqualTo(180);
    assertThat(NotifyDelivery.retryDelaySeconds(GatewayKind.WECHAT, 15)).isEqualTo(6 * 3600);
    assertThat(NotifyDelivery.retryDelaySeconds(GatewayKind.WECHAT, 16)).isNegative();
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("delayMs holds each notify back that long before its first attempt")
  void delay(GatewayKind kind) {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(kind))) {
      sim.faults(kind, new JsonObject().put("delayMs", 400));
      String no = SimTesting.orderNo();
      sim.create(kind, no, 8000, receiver);
      Instant paidAt = Instant.now();
      sim.pay(kind, no);
      Instant arrived = receiver.await(no, 1).get(0).at();
      assertThat(Duration.between(paidAt, arrived).toMillis()).isGreaterThanOrEqualTo(400);
    }
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("reorder: a notify waits for the next one, which arrives first (a refund before its payment)")
  void reorder(GatewayKind kind) {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(kind))) {
      sim.faults(kind, new JsonObject().put("reorder", true));
      String a = SimTesting.orderNo();
      String b = SimTesting.orderNo();
      sim.create(kind, a, 8000, receiver);
      sim.create(kind, b, 8000, receiver);
      sim.pay(kind, a);
      sim.pay(kind, b);
      receiver.await(a, 1);
      receiver.await(b, 1);
      List<String> order = receiver.received().stream().map(r -> r.event().merchantOrderNo()).toList();
      assertThat(order).containsExactly(b, a);

      // The payment held back, then its refund: the refund's notify overtakes the payment's.
      String c = SimTesting.orderNo();
      sim.create(kind, c, 8000, receiver);
      sim.pay(kind, c);
      await(sim.gateway(kind).refund(c, "R" + c, 8000, "reorder"));
      List<NotifyReceiver.Received> got = receiver.await(c, 2);
      assertThat(got.get(0).event().state()).isEqualTo(TradeState.REFUNDED);
      assertThat(got.get(1).event().state()).isEqualTo(TradeState.PAID);

      sim.faults(kind, new JsonObject());
      String d = SimTesting.orderNo();
      sim.create(kind, d, 8000, receiver);
      sim.pay(kind, d);
      assertThat(receiver.await(d, 1)).as("with reorder off, nothing is held").hasSize(1);
    }
  }

  @Test
  @DisplayName("two instances claiming due notifies at once never claim the same copy")
  void claimsAreDisjoint() {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(GatewayKind.WECHAT))) {
      PgConnectOptions pg = PgConnectOptions.fromUri(TestServers.get().pgUrl);
      Pool one = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(pg).using(app.vertx()).build();
      Pool two = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(pg).using(app.vertx()).build();
      try {
        // The service's own job claims from the same rows meanwhile; it may take some, never one of ours.
        app.query("insert into sim_notify (gateway, merchant_order_no, event_id, kind, notify_url, payload) "
          + "select 'wechat', 'CLAIM' || g, 'EV-' || g, 'PAID', $1, '{}' from generate_series(1, 200) g", receiver.url());
        var first = new SimNotifyRepository(one).claim(40);
        var second = new SimNotifyRepository(two).claim(40);
        Set<Long> a = new HashSet<>();
        await(first).forEach(c -> a.add(c.id()));
        Set<Long> b = new HashSet<>();
        await(second).forEach(c -> b.add(c.id()));
        assertThat(a.size() + b.size()).isGreaterThanOrEqualTo(40);
        assertThat(a).doesNotContainAnyElementsOf(b);
      } finally {
        await(one.close());
        await(two.close());
      }
    }
  }
}
