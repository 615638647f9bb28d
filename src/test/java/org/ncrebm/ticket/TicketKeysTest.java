package org.ncrebm.ticket;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncrebm.platform.ConfigLoader;
import org.ncrebm.platform.ConfigReader;
import org.ncrebm.platform.PemKeys;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.Secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Ticket keys: a whole P-256 pair, kept in dev, random per run in test, demanded in prod")
class TicketKeysTest {
  private static TicketKeys read(JsonObject c, Map<String, String> env, Profile profile) throws Exception {
    ConfigReader r = new ConfigReader(ConfigLoader.merge(c, env), new ArrayList<>());
    TicketKeys keys = TicketKeys.read(r, profile);
    r.failOnProblems();
    return keys;
  }

  @Test
  @DisplayName("dev generates the signing pair and digest secret once, keeps them in the data directory, reuses them")
  void devKeepsTicketKeys(@TempDir Path dir) throws Exception {
    TicketKeys config = read(new JsonObject(), Map.of(), Profile.DEV);
    TicketKeys first = config.keptInDataDir(dir.toString());
    assertThat(PemKeys.problem(first.signingPrivateKey(), first.signingPublicKey())).isNull();
    assertThat(Secrets.strong(first.idDigestSecret())).isTrue();
    Path file = dir.resolve("secrets.json");
    assertThat(Files.readString(file)).contains("ticketSigningPrivateKey").contains("ticketIdDigestSecret");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    // A restart: tickets printed before it still verify.
    assertThat(config.keptInDataDir(dir.toString())).isEqualTo(first);
    assertThat(first.keptInDataDir(dir.toString())).isSameAs(first);
    // The platform's secrets share the file without disturbing the ticket's.
    Secrets.devValue(dir.toString(), "idDigestKey", 32);
    assertThat(config.keptInDataDir(dir.toString())).isEqualTo(first);
  }

  @Test
  @DisplayName("configured ticket keys win over generated ones")
  void configuredWins(@TempDir Path dir) throws Exception {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    TicketKeys config = read(new JsonObject().put("ticket.signing-private-key", pair.privatePem())
      .put("ticket.signing-public-key", pair.publicPem()), Map.of(), Profile.DEV);
    assertThat(config.keptInDataDir(dir.toString()).signingPublicKey()).isEqualTo(pair.publicPem().trim());
    assertThat(config.randomWhereUnset().signingPublicKey()).isEqualTo(pair.publicPem().trim());
  }

  @Test
  @DisplayName("test runs get a fresh, valid pair each time")
  void testProfileRandom() throws Exception {
    TicketKeys config = read(new JsonObject(), Map.of(), Profile.TEST);
    TicketKeys a = config.randomWhereUnset();
    TicketKeys b = config.randomWhereUnset();
    assertThat(PemKeys.problem(a.signingPrivateKey(), a.signingPublicKey())).isNull();
    assertThat(a.signingPublicKey()).isNotEqualTo(b.signingPublicKey());
    assertThat(a.idDigestSecret()).isNotEqualTo(b.idDigestSecret());
  }

  @Test
  @DisplayName("a pair comes whole and matching, also with \\n escapes from an environment variable; never printed")
  void pairs() throws Exception {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    PemKeys.EcKeyPair other = PemKeys.generateP256();
    assertThatThrownBy(() -> read(new JsonObject().put("ticket.signing-private-key", pair.privatePem()), Map.of(),
      Profile.DEV)).hasMessageContaining("set together");
    assertThatThrownBy(() -> read(new JsonObject().put("ticket.signing-private-key", pair.privatePem())
      .put("ticket.signing-public-key", other.publicPem()), Map.of(), Profile.DEV)).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> read(new JsonObject().put("ticket.signing-private-key", "secret")
      .put("ticket.signing-public-key", "public"), Map.of(), Profile.DEV)).hasMessageContaining("not a PEM");
    TicketKeys keys = read(null, Map.of(
      "NCRE_TICKET_SIGNING_PRIVATE_KEY", pair.privatePem().replace("\n", "\\n"),
      "NCRE_TICKET_SIGNING_PUBLIC_KEY", pair.publicPem().replace("\n", "\\n"),
      "NCRE_TICKET_ID_DIGEST_SECRET", "digest-secret-value-0123456789abcdef"), Profile.DEV);
    assertThat(PemKeys.problem(keys.signingPrivateKey(), keys.signingPublicKey())).isNull();
    assertThat(keys.toString()).doesNotContain(pair.privatePem().split("\n")[1]).doesNotContain("digest-secret-value")
      .contains(PemKeys.fingerprint(pair.publicPem()));
  }

  @Test
  @DisplayName("prod demands the pair and a strong digest secret")
  void prod() {
    assertThatThrownBy(() -> read(new JsonObject(), Map.of(), Profile.PROD))
      .hasMessageContaining("NCRE_TICKET_SIGNING_PRIVATE_KEY").hasMessageContaining("ticket.id-digest-secret");
  }
}
