package org.ncrebm.app;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.platform.AppConfig;
import org.ncrebm.platform.ConfigLoader;
import org.ncrebm.platform.PemKeys;

import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The whole configuration: the platform's and every context's settings, checked together, never printed")
class ServiceConfigTest {
  private static ServiceConfig load(JsonObject c) throws Exception {
    return ServiceConfig.load(c, Map.of());
  }

  @Test
  @DisplayName("every shipped key is read by one of the parts, and no key family is shared by the platform and a context")
  void everyKeyReadByOneOwner() throws Exception {
    Set<String> all = keysRead(ServiceConfig::from);
    Set<String> platform = keysRead(AppConfig::from);
    assertThat(all).containsAll(ConfigLoader.defaults().fieldNames());
    Set<String> platformFamilies = families(platform);
    Set<String> contextFamilies = families(all.stream().filter(k -> !platform.contains(k)).toList());
    assertThat(platformFamilies).as("platform's key families, also read by a context").doesNotContainAnyElementsOf(contextFamilies);
    assertThat(contextFamilies).contains("pay", "ticket", "mail", "sms", "jobs", "seats");
  }

  /** The keys a parser asks the shipped defaults for. */
  private static Set<String> keysRead(java.util.function.Consumer<JsonObject> parse) throws Exception {
    Set<String> read = new HashSet<>();
    parse.accept(new JsonObject(ConfigLoader.defaults().getMap()) {
      @Override
      public Object getValue(String key) {
        read.add(key);
        return super.getValue(key);
      }
    });
    return read;
  }

  /** {@code pay.alipay.app-id} is of the family {@code pay}. */
  private static Set<String> families(java.util.Collection<String> keys) {
    return keys.stream().map(k -> k.contains(".") ? k.substring(0, k.indexOf('.')) : k)
      .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  @DisplayName("the problems of every part are reported at once, in one error")
  void oneErrorForAllParts() {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    assertThatThrownBy(() -> load(new JsonObject().put("http.port", 70000).put("seats.draft-hold-minutes", 0)
      .put("mail.smtp-starttls", "sometimes").put("ticket.signing-private-key", pair.privatePem())
      .put("pay.wechat.api-v3-key", "short").put("jobs.orders-ms", -1)))
      .isInstanceOf(IllegalStateException.class)
      .hasMessageStartingWith("invalid configuration: ")
      .hasMessageContaining("http.port must be between 0 and 65535, not 70000")
      .hasMessageContaining("seats.draft-hold-minutes must be between 1 and 1440, not 0")
      .hasMessageContaining("mail.smtp-starttls must be DISABLED, OPTIONAL or REQUIRED")
      .hasMessageContaining("ticket.signing-private-key and ticket.signing-public-key are set together or not at all")
      .hasMessageContaining("pay.wechat.api-v3-key must be exactly 32 bytes")
      .hasMessageContaining("jobs.orders-ms must be between 0 and 3600000, not -1")
      .satisfies(e -> assertThat(e.getMessage().split("invalid configuration", -1)).hasSize(2));
  }

  @Test
  @DisplayName("prod refuses embedded servers, dev sinks, missing keys of every part and default or weak secrets")
  void prodRules() {
    assertThatThrownBy(() -> load(new JsonObject().put("profile", "prod").put("jobs.orders-ms", 0)))
      .hasMessageContaining("embedded PostgreSQL").hasMessageContaining("embedded Redis")
      .hasMessageContaining("jwt-secret").hasMessageContaining("NCRE_ADMIN_PASSWORD")
      .hasMessageContaining("mail.smtp-host").hasMessageContaining("NCRE_SMS_GATEWAY_URL")
      .hasMessageContaining("ticket.signing-private-key").hasMessageContaining("ticket.id-digest-secret")
      .hasMessageContaining("NCRE_METRICS_TOKEN").hasMessageContaining("NCRE_PAY_ALIPAY_MERCHANT_PRIVATE_KEY")
      .hasMessageContaining("prod needs jobs.hold-expiry-ms and jobs.orders-ms");
  }

  @Test
  @DisplayName("a complete prod configuration is accepted with secure cookies")
  void prodOk() throws Exception {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    ServiceConfig c = load(prod(pair));
    assertThat(c.platform().cookieSecure()).isTrue();
    assertThat(c.platform().publicUrl()).isEqualTo("https://bm.example.cn");
    assertThat(c.ticket().signingPublicKey()).isEqualTo(pair.publicPem().trim());
    assertThat(c.payment().wechat().gatewayUrl()).isEqualTo("https://api.mch.weixin.qq.com");
    assertThat(c.withGeneratedSecrets()).as("prod generates nothing").isSameAs(c);
  }

  @Test
  @DisplayName("dev fills the platform's secrets and the ticket keys from one owner-only file in the data directory, the same at every start")
  void devSecrets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ServiceConfig c = load(new JsonObject().put("profile", "dev").put("data.dir", dir.toString()));
    ServiceConfig first = c.withGeneratedSecrets();
    assertThat(first.platform().jwtSecret()).isNotBlank();
    assertThat(first.platform().idKey()).isNotBlank();
    assertThat(first.ticket().keysConfigured()).isTrue();
    java.nio.file.Path file = dir.resolve("secrets.json");
    assertThat(JsonObject.of().mergeIn(new JsonObject(java.nio.file.Files.readString(file))).fieldNames())
      .contains("jwtSecret", "codeSecret", "adminPassword", "idKey", "idDigestKey", "ticketSigningPrivateKey",
        "ticketSigningPublicKey", "ticketIdDigestSecret");
    assertThat(java.nio.file.Files.getPosixFilePermissions(file))
      .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(c.withGeneratedSecrets()).isEqualTo(first);
  }

  @Test
  @DisplayName("toString never contains a secret value, of the platform or of any context")
  void noSecretPrinted() throws Exception {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    String merchantKey = PemKeys.generateP256().privatePem();
    Map<String, String> secrets = Map.ofEntries(
      Map.entry("security.jwt-secret", "jwt-secret-value-0123456789abcdef"),
      Map.entry("security.code-secret", "code-secret-value-0123456789abcdef"),
      Map.entry("admin.password", "Admin#Secret-value-1"),
      Map.entry("security.id-key", Base64.getEncoder().encodeToString("id-key-value-0123456789abcdefghi".getBytes())),
      Map.entry("security.id-digest-key", "id-digest-key-value-0123456789abcdef"),
      Map.entry("metrics.token", "metrics-token-value-0123456789abcdef"),
      Map.entry("loadtest.seed-token", "seed-token-value-0123"),
      Map.entry("mail.smtp-password", "smtp-password-value"),
      Map.entry("sms.gateway-key", "sms-gateway-key-value"),
      Map.entry("ticket.id-digest-secret", "ticket-digest-secret-value-0123456789"),
      Map.entry("pay.wechat.api-v3-key", "apiv3keyvalue0123456789abcdefghi"),
      Map.entry("pay.alipay.merchant-private-key", merchantKey),
      Map.entry("pay.wechat.merchant-private-key", merchantKey));
    JsonObject c = new JsonObject().put("pg.url", "postgresql://u:pg-password-value@db:5432/ncre")
      .put("redis.url", "redis://:redis-password-value@r:6379")
      .put("ticket.signing-private-key", pair.privatePem()).put("ticket.signing-public-key", pair.publicPem());
    secrets.forEach(c::put);
    String s = load(c).toString();
    for (String value : secrets.values()) {
      assertThat(s).doesNotContain(value).doesNotContain(pemBody(value));
    }
    assertThat(s).doesNotContain("pg-password-value").doesNotContain("redis-password-value")
      .doesNotContain(pemBody(pair.privatePem())).contains("u:****@db");
  }

  /** A line from the middle of a PEM (the whole value would pass even if only its header were hidden). */
  private static String pemBody(String value) {
    String[] lines = value.split("\n");
    return lines.length > 2 ? lines[1] : value;
  }

  private static JsonObject prod(PemKeys.EcKeyPair pair) {
    JsonObject c = new JsonObject().put("profile", "prod")
      .put("pg.url", "postgresql://u:p@db/ncre").put("redis.url", "redis://r:6379")
      .put("security.jwt-secret", "j".repeat(40)).put("security.code-secret", "c".repeat(40))
      .put("admin.password", "Strong#Admin-2026").put("mail.smtp-host", "smtp").put("sms.gateway-url", "https://sms")
      .put("http.public-url", "https://bm.example.cn/")
      .put("ticket.signing-private-key", pair.privatePem()).put("ticket.signing-public-key", pair.publicPem())
      .put("ticket.id-digest-secret", "t".repeat(40))
      .put("security.id-key", Base64.getEncoder().encodeToString(new byte[32]))
      .put("security.id-digest-key", "d".repeat(40)).put("metrics.token", "m".repeat(40))
      .put("pay.alipay.gateway-url", "https://openapi.alipay.com/gateway.do")
      .put("pay.wechat.gateway-url", "https://api.mch.weixin.qq.com/").put("pay.wechat.api-v3-key", "k".repeat(32));
    // Production gateway settings (issue 7): every pay.* key is required there; the values only need to be present.
    for (String k : new String[]{"pay.alipay.app-id", "pay.alipay.merchant-private-key", "pay.alipay.gateway-public-key",
      "pay.wechat.mch-id", "pay.wechat.app-id", "pay.wechat.merchant-private-key", "pay.wechat.merchant-serial",
      "pay.wechat.platform-public-key", "pay.wechat.platform-serial"}) {
      c.put(k, "configured");
    }
    return c;
  }
}
