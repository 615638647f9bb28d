package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Configuration is loaded once, validated and never prints a secret")
class AppConfigTest {
  @Test
  @DisplayName("environment variables override the shipped defaults by their NCRE_ names")
  void envOverrides() throws Exception {
    AppConfig c = ConfigLoader.load(null, Map.of("NCRE_HTTP_PORT", "9090", "NCRE_PROFILE", "test",
      "NCRE_PG_URL", "postgresql://u:pw@db:5432/ncre", "NCRE_ADMIN_PASSWORD", "Very#Secret-123"));
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.profile()).isEqualTo(Profile.TEST);
    assertThat(c.pgUrl()).isEqualTo("postgresql://u:pw@db:5432/ncre");
    assertThat(c.adminPassword()).isEqualTo("Very#Secret-123");
    assertThat(ConfigLoader.envName("http.public-url")).isEqualTo("NCRE_HTTP_PUBLIC_URL");
  }

  @Test
  @DisplayName("toString masks passwords and secrets")
  void masks() throws Exception {
    AppConfig c = ConfigLoader.load(new JsonObject().put("security.jwt-secret", "jwt-secret-value-0123456789abcdef")
      .put("pg.url", "postgresql://u:dbpassword@db:5432/ncre").put("admin.password", "Admin#Secret-1")
      .put("mail.smtp-password", "smtp-pass"), Map.of());
    String s = c.toString();
    assertThat(s).doesNotContain("jwt-secret-value").doesNotContain("dbpassword").doesNotContain("Admin#Secret-1")
      .doesNotContain("smtp-pass").contains("u:****@db");
  }

  @Test
  @DisplayName("bad values are all reported at boot")
  void validation() {
    assertThatThrownBy(() -> ConfigLoader.load(new JsonObject().put("http.port", 70000).put("profile", "staging")
      .put("pg.pool-size", "many"), Map.of()))
      .hasMessageContaining("http.port").hasMessageContaining("profile").hasMessageContaining("pg.pool-size");
  }

  @Test
  @DisplayName("prod refuses embedded servers, dev sinks and default or weak secrets")
  void prodRules() {
    assertThatThrownBy(() -> ConfigLoader.load(new JsonObject().put("profile", "prod"), Map.of()))
      .hasMessageContaining("embedded PostgreSQL").hasMessageContaining("embedded Redis")
      .hasMessageContaining("jwt-secret").hasMessageContaining("NCRE_ADMIN_PASSWORD")
      .hasMessageContaining("mail.smtp-host").hasMessageContaining("ticket.signing-private-key")
      .hasMessageContaining("ticket.id-digest-secret").hasMessageContaining("NCRE_METRICS_TOKEN");
    assertThatThrownBy(() -> ConfigLoader.load(new JsonObject().put("profile", "prod")
      .put("pg.url", "postgresql://u:p@db/ncre").put("redis.url", "redis://r:6379")
      .put("security.jwt-secret", "secret").put("security.code-secret", "x".repeat(40))
      .put("admin.password", "admin").put("mail.smtp-host", "smtp").put("sms.gateway-url", "https://sms")
      .put("http.public-url", "https://bm.example.cn"), Map.of()))
      .hasMessageContaining("jwt-secret").hasMessageContaining("admin.password")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain("embedded"));
  }

  @Test
  @DisplayName("a complete prod configuration is accepted with secure cookies")
  void prodOk() throws Exception {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    AppConfig c = ConfigLoader.load(new JsonObject().put("profile", "prod")
      .put("pg.url", "postgresql://u:p@db/ncre").put("redis.url", "redis://r:6379")
      .put("security.jwt-secret", "j".repeat(40)).put("security.code-secret", "c".repeat(40))
      .put("admin.password", "Strong#Admin-2026").put("mail.smtp-host", "smtp").put("sms.gateway-url", "https://sms")
      .put("http.public-url", "https://bm.example.cn/")
      .put("ticket.signing-private-key", pair.privatePem()).put("ticket.signing-public-key", pair.publicPem())
      .put("ticket.id-digest-secret", "t".repeat(40))
      .put("security.id-key", java.util.Base64.getEncoder().encodeToString(new byte[32]))
      .put("security.id-digest-key", "d".repeat(40)).put("metrics.token", "m".repeat(40)).mergeIn(payKeys()), Map.of());
    assertThat(c.cookieSecure()).isTrue();
    assertThat(c.publicUrl()).isEqualTo("https://bm.example.cn");
    assertThat(c.ticket().signingPublicKey()).isEqualTo(pair.publicPem().trim());
  }

  @Test
  @DisplayName("ticket signing keys come as a whole P-256 pair, also with \\n escapes from an environment variable")
  void ticketKeys() throws Exception {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    PemKeys.EcKeyPair other = PemKeys.generateP256();
    assertThatThrownBy(() -> ConfigLoader.load(new JsonObject().put("ticket.signing-private-key", pair.privatePem()),
      Map.of())).hasMessageContaining("set together");
    assertThatThrownBy(() -> ConfigLoader.load(new JsonObject().put("ticket.signing-private-key", pair.privatePem())
      .put("ticket.signing-public-key", other.publicPem()), Map.of())).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> ConfigLoader.load(new JsonObject().put("ticket.signing-private-key", "secret")
      .put("ticket.signing-public-key", "public"), Map.of())).hasMessageContaining("not a PEM");
    AppConfig c = ConfigLoader.load(null, Map.of(
      "NCRE_TICKET_SIGNING_PRIVATE_KEY", pair.privatePem().replace("\n", "\\n"),
      "NCRE_TICKET_SIGNING_PUBLIC_KEY", pair.publicPem().replace("\n", "\\n"),
      "NCRE_TICKET_ID_DIGEST_SECRET", "digest-secret-value-0123456789abcdef"));
    assertThat(PemKeys.problem(c.ticket().signingPrivateKey(), c.ticket().signingPublicKey())).isNull();
    assertThat(c.toString()).doesNotContain(pair.privatePem().split("\n")[1]).doesNotContain("digest-secret-value")
      .contains(PemKeys.fingerprint(pair.publicPem()));
  }

  /** Production gateway settings (issue 7): every pay.* key is required there; the values only need to be present. */
  private static JsonObject payKeys() {
    JsonObject keys = new JsonObject().put("pay.alipay.gateway-url", "https://openapi.alipay.com/gateway.do")
      .put("pay.wechat.gateway-url", "https://api.mch.weixin.qq.com").put("pay.wechat.api-v3-key", "k".repeat(32));
    for (String k : new String[]{"pay.alipay.app-id", "pay.alipay.merchant-private-key", "pay.alipay.gateway-public-key",
      "pay.wechat.mch-id", "pay.wechat.app-id", "pay.wechat.merchant-private-key", "pay.wechat.merchant-serial",
      "pay.wechat.platform-public-key", "pay.wechat.platform-serial"}) {
      keys.put(k, "configured");
    }
    return keys;
  }
}
