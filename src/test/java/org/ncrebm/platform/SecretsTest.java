package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform's secrets; the ticket keys kept in the same file are tested in {@code TicketKeysTest}. */
@DisplayName("Secrets the operator did not set: kept in dev, random per run in test")
class SecretsTest {
  private static AppConfig load(JsonObject c) throws Exception {
    return AppConfig.from(ConfigLoader.merge(c, Map.of()));
  }

  @Test
  @DisplayName("dev generates the platform secrets once, keeps them owner-only in the data directory, reuses them")
  void devKeepsSecrets(@TempDir Path dir) throws Exception {
    AppConfig config = load(new JsonObject().put("data.dir", dir.toString()));
    AppConfig first = Secrets.fillDevIdKeys(Secrets.fillDevSecrets(config));
    assertThat(Secrets.strong(first.jwtSecret())).isTrue();
    assertThat(Secrets.strong(first.codeSecret())).isTrue();
    assertThat(Secrets.strongPassword(first.adminPassword())).isTrue();
    assertThat(Secrets.aesKey(first.idKey())).isTrue();
    Path file = dir.resolve("secrets.json");
    assertThat(Files.readString(file)).contains("jwtSecret").contains("idDigestKey");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // A restart: sessions signed before it are still valid.
    assertThat(Secrets.fillDevIdKeys(Secrets.fillDevSecrets(config))).isEqualTo(first);
    assertThat(Secrets.fillDevSecrets(first)).isSameAs(first);
  }

  @Test
  @DisplayName("configured secrets win over generated ones; test runs get fresh ones each time")
  void configuredWinsAndTestIsRandom(@TempDir Path dir) throws Exception {
    AppConfig config = load(new JsonObject().put("data.dir", dir.toString()).put("security.jwt-secret", "j".repeat(40)));
    assertThat(Secrets.fillDevSecrets(config).jwtSecret()).isEqualTo("j".repeat(40));
    assertThat(Secrets.fillRandomSecrets(config).jwtSecret()).isEqualTo("j".repeat(40));
    AppConfig a = Secrets.fillRandomSecrets(config);
    AppConfig b = Secrets.fillRandomSecrets(config);
    assertThat(a.codeSecret()).isNotEqualTo(b.codeSecret());
    assertThat(Secrets.aesKey(a.idKey())).isTrue();
  }
}
