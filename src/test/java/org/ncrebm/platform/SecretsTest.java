package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Secrets the operator did not set: kept in dev, random per run in test")
class SecretsTest {
  @Test
  @DisplayName("dev generates the ticket signing pair and digest secret once, keeps them in the data directory, reuses them")
  void devKeepsTicketKeys(@TempDir Path dir) throws Exception {
    AppConfig config = ConfigLoader.load(new JsonObject().put("data.dir", dir.toString()), Map.of());
    AppConfig first = Secrets.fillDevSecrets(config);
    AppConfig.Ticket ticket = first.ticket();
    assertThat(PemKeys.problem(ticket.signingPrivateKey(), ticket.signingPublicKey())).isNull();
    assertThat(Secrets.strong(ticket.idDigestSecret())).isTrue();
    assertThat(Files.readString(dir.resolve("secrets.json"))).contains("ticketSigningPrivateKey");
    // A restart: tickets printed before it still verify.
    assertThat(Secrets.fillDevSecrets(config).ticket()).isEqualTo(ticket);
    assertThat(Secrets.fillDevSecrets(first)).isSameAs(first);
  }

  @Test
  @DisplayName("configured ticket keys win over generated ones")
  void configuredWins(@TempDir Path dir) throws Exception {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    AppConfig config = ConfigLoader.load(new JsonObject().put("data.dir", dir.toString())
      .put("ticket.signing-private-key", pair.privatePem()).put("ticket.signing-public-key", pair.publicPem()), Map.of());
    assertThat(Secrets.fillDevSecrets(config).ticket().signingPublicKey()).isEqualTo(pair.publicPem().trim());
    assertThat(Secrets.fillRandomSecrets(config).ticket().signingPublicKey()).isEqualTo(pair.publicPem().trim());
  }

  @Test
  @DisplayName("test runs get a fresh, valid pair each time")
  void testProfileRandom() throws Exception {
    AppConfig config = ConfigLoader.load(new JsonObject().put("profile", "test"), Map.of());
    AppConfig.Ticket a = Secrets.fillRandomSecrets(config).ticket();
    AppConfig.Ticket b = Secrets.fillRandomSecrets(config).ticket();
    assertThat(PemKeys.problem(a.signingPrivateKey(), a.signingPublicKey())).isNull();
    assertThat(a.signingPublicKey()).isNotEqualTo(b.signingPublicKey());
    assertThat(a.idDigestSecret()).isNotEqualTo(b.idDigestSecret());
  }
}
