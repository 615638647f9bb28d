package org.ncrebm.payment.gateway;

import java.util.Locale;

/** The two payment gateways, by the id used in paths, config keys and the API ({@code "alipay"}, {@code "wechat"}). */
public enum GatewayKind {
  ALIPAY("alipay"), WECHAT("wechat");

  private final String id;

  GatewayKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The kind named by {@code id}, or {@code null} when it names none (callers answer 404 or 400). */
  public static GatewayKind byId(String id) {
    if (id == null) return null;
    String s = id.trim().toLowerCase(Locale.ROOT);
    for (GatewayKind k : values()) {
      if (k.id.equals(s)) return k;
    }
    return null;
  }
}
