package org.ncrebm.payment.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/** The configured gateways by kind; built once at boot. */
public final class Gateways {
  private final Map<GatewayKind, PaymentGateway> byKind = new EnumMap<>(GatewayKind.class);

  public Gateways(PaymentGateway... gateways) {
    for (PaymentGateway g : gateways) {
      byKind.put(g.kind(), g);
    }
  }

  /**
   * Both gateways over one HTTP client. A gateway with no URL configured (dev, test) talks to the built-in simulator,
   * reached at {@code self}, this instance's own address.
   */
  public static Gateways create(Vertx vertx, PaymentSettings p, GatewayKeys keys, String self, Clock clock) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setUserAgent("ncre-bm")
      .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(32));
    return new Gateways(
      new AlipayGateway(client, keys.alipay(p.alipay().simulated()
        ? org.ncrebm.payment.sim.Simulator.alipayGatewayUrl(self) : p.alipay().gatewayUrl()), clock),
      new WechatGateway(client, keys.wechat(p.wechat().simulated()
        ? org.ncrebm.payment.sim.Simulator.wechatGatewayUrl(self) : p.wechat().gatewayUrl()), clock));
  }

  public PaymentGateway get(GatewayKind kind) {
    PaymentGateway g = byKind.get(kind);
    if (g == null) throw new IllegalArgumentException("no gateway " + kind);
    return g;
  }

  /** The gateway named {@code "alipay"} or {@code "wechat"}, or null. */
  public PaymentGateway byId(String id) {
    GatewayKind kind = GatewayKind.byId(id);
    return kind == null ? null : byKind.get(kind);
  }
}
