package org.ncrebm.payment.gateway;

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
