package org.ncrebm.payment.gateway;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncrebm.app.ServiceConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Payment configuration: pay.* keys, generated in dev and test, demanded in prod, never printed")
class PaymentConfigTest {
  private static ServiceConfig load(JsonObject c) throws Exception {
    return ServiceConfig.load(c, Map.of());
  }

  private static GatewayKeys prepare(ServiceConfig c) throws Exception {
    return GatewayKeys.prepare(c.payment(), c.platform().profile(), c.platform().dataDir());
  }

  @Test
  @DisplayName("prod refuses to start without every gateway key, naming the environment variable")
  void prodDemandsKeys() {
    assertThatThrownBy(() -> load(new JsonObject().put("profile", "prod")))
      .hasMessageContaining("NCRE_PAY_ALIPAY_MERCHANT_PRIVATE_KEY").hasMessageContaining("NCRE_PAY_ALIPAY_APP_ID")
      .hasMessageContaining("NCRE_PAY_WECHAT_API_V3_KEY").hasMessageContaining("NCRE_PAY_WECHAT_PLATFORM_SERIAL")
      .hasMessageContaining("NCRE_PAY_WECHAT_GATEWAY_URL");
  }

  @Test
  @DisplayName("the API v3 key must be 32 bytes and the time factor a positive number")
  void validation() {
    assertThatThrownBy(() -> load(new JsonObject().put("pay.wechat.api-v3-key", "short").put("sim.time-factor", "fast")))
      .hasMessageContaining("pay.wechat.api-v3-key").hasMessageContaining("sim.time-factor");
  }

  @Test
  @DisplayName("env variables override pay.* keys and toString masks private keys and the API v3 key")
  void envAndMasking() throws Exception {
    String pem = RsaKeys.pem(TestKeys.MERCHANT.getPrivate());
    ServiceConfig c = ServiceConfig.load(null, Map.of("NCRE_PAY_ALIPAY_MERCHANT_PRIVATE_KEY", pem,
      "NCRE_PAY_WECHAT_API_V3_KEY", "0123456789abcdefghijklmnopqrstuv", "NCRE_PAY_ALIPAY_APP_ID", "2021000000000009"));
    assertThat(c.payment().alipay().merchantPrivateKey()).isEqualTo(pem.trim());
    assertThat(c.payment().alipay().appId()).isEqualTo("2021000000000009");
    String s = c.toString();
    assertThat(s).doesNotContain(pem.substring(40, 80)).doesNotContain("0123456789abcdefghij").contains("2021000000000009");
  }

  @Test
  @DisplayName("dev generates missing keys once, owner-only under data.dir, and reuses them at the next start")
  void devPersists(@TempDir Path dir) throws Exception {
    ServiceConfig c = load(new JsonObject().put("profile", "dev").put("data.dir", dir.toString()));
    GatewayKeys first = prepare(c);
    Path file = dir.resolve("payment-keys.json");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    GatewayKeys second = prepare(c);
    assertThat(second.payment().alipay().merchantPrivateKey()).isEqualTo(first.payment().alipay().merchantPrivateKey());
    assertThat(second.payment().wechat().apiV3Key()).isEqualTo(first.payment().wechat().apiV3Key()).hasSize(32);
    assertThat(second.payment().wechat().platformSerial()).matches("[0-9A-F]{40}");
  }

  @Test
  @DisplayName("each side's private key matches the other side's public key; configured keys win over generated ones")
  void sidesMatch() throws Exception {
    GatewayKeys keys = prepare(load(new JsonObject().put("profile", "test")
      .put("pay.alipay.merchant-private-key", RsaKeys.pem(TestKeys.MERCHANT.getPrivate()))));
    AlipayGateway.Settings alipay = keys.alipay("http://x");
    assertThat(alipay.merchantKey()).isEqualTo(TestKeys.MERCHANT.getPrivate());
    assertThat(keys.alipayMerchantPublicKey()).isEqualTo(TestKeys.MERCHANT.getPublic());
    assertThat(RsaKeys.verify(alipay.gatewayKey(), "m", RsaKeys.sign(keys.alipayGatewayPrivateKey(), "m"))).isTrue();
    WechatGateway.Settings wechat = keys.wechat("http://x");
    assertThat(RsaKeys.verify(wechat.platformKey(), "m", RsaKeys.sign(keys.wechatPlatformPrivateKey(), "m"))).isTrue();
    assertThat(RsaKeys.verify(keys.wechatMerchantPublicKey(), "m", RsaKeys.sign(wechat.merchantKey(), "m"))).isTrue();
    assertThat(wechat.apiV3Key()).hasSize(32);
  }

  @Test
  @DisplayName("a PEM that does not parse stops the boot naming the pay keys")
  void badPem() {
    assertThatThrownBy(() -> prepare(load(new JsonObject().put("profile", "test")
      .put("pay.wechat.platform-public-key", "not a key"))))
      .isInstanceOf(IllegalStateException.class).hasMessageContaining("pay.wechat");
  }
}
