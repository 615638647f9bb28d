package org.ncrebm.payment.gateway;

import org.ncrebm.platform.ConfigLoader;
import org.ncrebm.platform.ConfigReader;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.Secrets;

import java.nio.charset.StandardCharsets;

/**
 * The payment gateways, merchant side ({@code pay.*}), with keys as PEM (PKCS#8 private, X.509 public). An empty
 * gateway URL means the built-in simulator (dev and test only), and there keys left empty are generated at boot
 * ({@link GatewayKeys}). {@code simTimeFactor} ({@code sim.time-factor}) compresses the simulator's notify retry
 * schedule (1.0 = real time); {@code simPollMs} ({@code sim.poll-ms}) is its retry job's period.
 */
public record PaymentSettings(Alipay alipay, Wechat wechat, double simTimeFactor, long simPollMs) {
  /** Reads and checks the keys; in prod every one is required, since nothing is generated there. */
  public static PaymentSettings read(ConfigReader r, Profile profile) {
    PaymentSettings p = new PaymentSettings(
      new Alipay(r.str("pay.alipay.app-id"), r.str("pay.alipay.merchant-private-key"),
        r.str("pay.alipay.gateway-public-key"), r.url("pay.alipay.gateway-url")),
      new Wechat(r.str("pay.wechat.mch-id"), r.str("pay.wechat.app-id"), r.str("pay.wechat.api-v3-key"),
        r.str("pay.wechat.merchant-private-key"), r.str("pay.wechat.merchant-serial"),
        r.str("pay.wechat.platform-public-key"), r.str("pay.wechat.platform-serial"), r.url("pay.wechat.gateway-url")),
      r.decimal("sim.time-factor", 0.00001, 1000),
      r.integer("sim.poll-ms", 10, 600_000));
    p.check(profile, r);
    return p;
  }

  private void check(Profile profile, ConfigReader r) {
    if (!wechat.apiV3Key.isEmpty() && wechat.apiV3Key.getBytes(StandardCharsets.UTF_8).length != 32) {
      r.problem("pay.wechat.api-v3-key must be exactly 32 bytes");
    }
    if (profile != Profile.PROD) return;
    // Production talks to real gateways only, with every key given: nothing is generated there.
    String[][] required = {
      {"pay.alipay.app-id", alipay.appId}, {"pay.alipay.merchant-private-key", alipay.merchantPrivateKey},
      {"pay.alipay.gateway-public-key", alipay.gatewayPublicKey}, {"pay.alipay.gateway-url", alipay.gatewayUrl},
      {"pay.wechat.mch-id", wechat.mchId}, {"pay.wechat.app-id", wechat.appId},
      {"pay.wechat.api-v3-key", wechat.apiV3Key}, {"pay.wechat.merchant-private-key", wechat.merchantPrivateKey},
      {"pay.wechat.merchant-serial", wechat.merchantSerial}, {"pay.wechat.platform-public-key", wechat.platformPublicKey},
      {"pay.wechat.platform-serial", wechat.platformSerial}, {"pay.wechat.gateway-url", wechat.gatewayUrl}};
    for (String[] k : required) {
      if (k[1].isBlank()) r.problem("prod needs " + k[0] + " (" + ConfigLoader.envName(k[0]) + ")");
    }
    for (String url : new String[]{alipay.gatewayUrl, wechat.gatewayUrl}) {
      if (!url.isBlank() && !url.startsWith("https://")) r.problem("prod needs https gateway URLs, not " + url);
    }
  }

  /** The same settings with the gateways' keys completed (by {@link GatewayKeys}, generated ones in dev and test). */
  public PaymentSettings withKeys(Alipay completedAlipay, Wechat completedWechat) {
    return new PaymentSettings(completedAlipay, completedWechat, simTimeFactor, simPollMs);
  }

  /** Alipay-style gateway: our app id and private key, the gateway's public key and OpenAPI URL. */
  public record Alipay(String appId, String merchantPrivateKey, String gatewayPublicKey, String gatewayUrl) {
    public boolean simulated() {
      return gatewayUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Alipay[appId=" + appId + ", merchantPrivateKey=" + Secrets.mask(merchantPrivateKey) + ", gatewayPublicKey="
        + (gatewayPublicKey.isBlank() ? "(unset)" : "set") + ", url=" + (simulated() ? "simulator" : gatewayUrl) + "]";
    }
  }

  /** WeChat-Pay-v3-style gateway: merchant and app ids, API v3 key, our key and serial, the platform's, the base URL. */
  public record Wechat(String mchId, String appId, String apiV3Key, String merchantPrivateKey, String merchantSerial,
                       String platformPublicKey, String platformSerial, String gatewayUrl) {
    public boolean simulated() {
      return gatewayUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Wechat[mchId=" + mchId + ", appId=" + appId + ", apiV3Key=" + Secrets.mask(apiV3Key)
        + ", merchantPrivateKey=" + Secrets.mask(merchantPrivateKey) + ", merchantSerial=" + merchantSerial
        + ", platformPublicKey=" + (platformPublicKey.isBlank() ? "(unset)" : "set") + ", platformSerial="
        + platformSerial + ", url=" + (simulated() ? "simulator" : gatewayUrl) + "]";
    }
  }

  @Override
  public String toString() {
    return alipay + ", " + wechat + ", simTimeFactor=" + simTimeFactor;
  }
}
