package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform's part of the configuration; the whole, contexts included, is tested in {@code ServiceConfigTest}. */
@DisplayName("Platform configuration is loaded once, validated and never prints a secret")
class AppConfigTest {
  private static AppConfig load(JsonObject deploymentConfig, Map<String, String> env) throws Exception {
    return AppConfig.from(ConfigLoader.merge(deploymentConfig, env));
  }

  @Test
  @DisplayName("environment variables override the shipped defaults by their NCRE_ names")
  void envOverrides() throws Exception {
    AppConfig c = load(null, Map.of("NCRE_HTTP_PORT", "9090", "NCRE_PROFILE", "test",
      "NCRE_PG_URL", "postgresql://u:pw@db:5432/ncre", "NCRE_ADMIN_PASSWORD", "Very#Secret-123"));
    assertThat(c.httpPort()).isEqualTo(9090);
    assertThat(c.profile()).isEqualTo(Profile.TEST);
    assertThat(c.pgUrl()).isEqualTo("postgresql://u:pw@db:5432/ncre");
    assertThat(c.adminPassword()).isEqualTo("Very#Secret-123");
    assertThat(ConfigLoader.envName("http.public-url")).isEqualTo("NCRE_HTTP_PUBLIC_URL");
  }

  @Test
  @DisplayName("toString masks every platform secret and the passwords in server URLs")
  void masks() throws Exception {
    AppConfig c = load(new JsonObject().put("security.jwt-secret", "jwt-secret-value-0123456789abcdef")
      .put("security.code-secret", "code-secret-value-0123456789abcdef")
      .put("pg.url", "postgresql://u:dbpassword@db:5432/ncre").put("redis.url", "redis://:redispassword@r:6379")
      .put("admin.password", "Admin#Secret-1")
      .put("security.id-key", "aWQta2V5LXZhbHVlLTAxMjM0NTY3ODlhYmNkZWY=")
      .put("security.id-digest-key", "id-digest-key-value-0123456789abcdef")
      .put("metrics.token", "metrics-token-value-0123456789abcdef").put("loadtest.seed-token", "seed-token-value"),
      Map.of());
    String s = c.toString();
    assertThat(s).doesNotContain("jwt-secret-value").doesNotContain("code-secret-value").doesNotContain("dbpassword")
      .doesNotContain("redispassword").doesNotContain("Admin#Secret-1").doesNotContain("aWQta2V5")
      .doesNotContain("id-digest-key-value").doesNotContain("metrics-token-value").doesNotContain("seed-token-value")
      .contains("u:****@db");
  }

  @Test
  @DisplayName("bad values are all reported at boot")
  void validation() {
    assertThatThrownBy(() -> load(new JsonObject().put("http.port", 70000).put("profile", "staging")
      .put("pg.pool-size", "many"), Map.of()))
      .hasMessageStartingWith("invalid configuration: ")
      .hasMessageContaining("http.port").hasMessageContaining("profile").hasMessageContaining("pg.pool-size");
  }

  @Test
  @DisplayName("prod refuses embedded servers and default or weak platform secrets")
  void prodRules() {
    assertThatThrownBy(() -> load(new JsonObject().put("profile", "prod"), Map.of()))
      .hasMessageContaining("embedded PostgreSQL").hasMessageContaining("embedded Redis")
      .hasMessageContaining("jwt-secret").hasMessageContaining("NCRE_ADMIN_PASSWORD")
      .hasMessageContaining("NCRE_SECURITY_ID_KEY").hasMessageContaining("NCRE_METRICS_TOKEN");
    assertThatThrownBy(() -> load(new JsonObject().put("profile", "prod")
      .put("pg.url", "postgresql://u:p@db/ncre").put("redis.url", "redis://r:6379")
      .put("security.jwt-secret", "secret").put("security.code-secret", "x".repeat(40))
      .put("admin.password", "admin").put("http.public-url", "https://bm.example.cn"), Map.of()))
      .hasMessageContaining("jwt-secret").hasMessageContaining("admin.password")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain("embedded"));
  }

  @Test
  @DisplayName("a complete prod platform configuration is accepted with secure cookies")
  void prodOk() throws Exception {
    AppConfig c = load(prodPlatform(), Map.of());
    assertThat(c.cookieSecure()).isTrue();
    assertThat(c.publicUrl()).isEqualTo("https://bm.example.cn");
  }

  /** Every platform key prod demands, with acceptable values. */
  private static JsonObject prodPlatform() {
    return new JsonObject().put("profile", "prod")
      .put("pg.url", "postgresql://u:p@db/ncre").put("redis.url", "redis://r:6379")
      .put("security.jwt-secret", "j".repeat(40)).put("security.code-secret", "c".repeat(40))
      .put("admin.password", "Strong#Admin-2026").put("http.public-url", "https://bm.example.cn/")
      .put("security.id-key", java.util.Base64.getEncoder().encodeToString(new byte[32]))
      .put("security.id-digest-key", "d".repeat(40)).put("metrics.token", "m".repeat(40));
  }
}
