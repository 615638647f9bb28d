package org.ncrebm.ticket;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.MutableClock;
import org.ncrebm.support.TestApp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ncrebm.ticket.TicketFixtures.ID_NUMBER;
import static org.ncrebm.ticket.TicketFixtures.NUMBER;
import static org.ncrebm.ticket.TicketFixtures.SESSION;
import static org.ncrebm.ticket.TicketVerification.Status.INVALID;
import static org.ncrebm.ticket.TicketVerification.Status.VALID;
import static org.ncrebm.ticket.TicketVerification.Status.WRONG_SESSION;

@DisplayName("The signed QR token: ES256, verifiable offline with the public key, any tampering is INVALID")
class TicketTokenTest {
  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static Vertx vertx;
  private static TicketKeys keys;
  private static TicketSigner signer;
  private static TicketVerifier door;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    keys = TicketFixtures.keys();
    signer = new TicketSigner(vertx, keys, new MutableClock(Instant.parse("2026-09-01T08:00:00Z")));
    // The door scanner is configured with the public key PEM only.
    door = new TicketVerifier(vertx, signer.publicKeyPem());
  }

  @AfterAll
  static void tearDown() {
    TestApp.await(vertx.close());
  }

  private static TicketVerification verify(String token, String session) {
    return TestApp.await(door.verify(token, session));
  }

  @Test
  @DisplayName("a token verifies VALID for its exam session and says ticket, session, subject, ID digest and issue time")
  void valid() {
    String token = signer.issue(NUMBER, SESSION, ID_NUMBER);
    assertThat(token.length()).isBetween(200, 400);
    TicketVerification v = verify(token, SESSION);
    assertThat(v.status()).isEqualTo(VALID);
    assertThat(v.claims()).isEqualTo(signer.claims(NUMBER, SESSION, ID_NUMBER));
    assertThat(v.claims().subjectCode()).isEqualTo("29");
    assertThat(v.claims().issuedAt()).isEqualTo(Instant.parse("2026-09-01T08:00:00Z"));
    assertThat(TestApp.await(signer.verifier().verify(token, SESSION)).status()).isEqualTo(VALID);
  }

  @Test
  @DisplayName("a genuine token for another exam session is WRONG_SESSION")
  void wrongSession() {
    TicketVerification v = verify(signer.issue(NUMBER, "2026-03", ID_NUMBER), SESSION);
    assertThat(v.status()).isEqualTo(WRONG_SESSION);
    assertThat(v.claims().examSessionId()).isEqualTo("2026-03");
  }

  @Test
  @DisplayName("changing any one character anywhere in the token makes it INVALID")
  void everyCharacter() {
    String token = signer.issue(NUMBER, SESSION, ID_NUMBER);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      char other = c == '.' ? 'A' : BASE64URL.charAt((BASE64URL.indexOf(c) + 1) % BASE64URL.length());
      String tampered = token.substring(0, i) + other + token.substring(i + 1);
      assertThat(verify(tampered, SESSION).status()).as("character %d", i).isEqualTo(INVALID);
    }
  }

  @Test
  @DisplayName("a changed byte in the claims (another seat, another session) without the key is INVALID")
  void changedClaims() {
    String[] parts = signer.issue(NUMBER, SESSION, ID_NUMBER).split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    for (String forged : new String[]{payload.replace("294410101003073", "294410101003081"),
      payload.replace("\"es\":\"2026-09\"", "\"es\":\"2026-08\""), payload.replace("\"sc\":\"29\"", "\"sc\":\"28\"")}) {
      assertThat(forged).isNotEqualTo(payload);
      String token = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
      assertThat(verify(token, SESSION).status()).isEqualTo(INVALID);
    }
  }

  @Test
  @DisplayName("a token signed with another key, or with the public key as an HMAC secret, or unsigned, is INVALID")
  void otherKeys() {
    TicketSigner stranger = new TicketSigner(vertx, TicketFixtures.keys(), java.time.Clock.systemUTC());
    assertThat(verify(stranger.issue(NUMBER, SESSION, ID_NUMBER), SESSION).status()).isEqualTo(INVALID);

    JsonObject claims = new JsonObject().put("iss", TicketClaims.ISSUER).put("tn", NUMBER.format()).put("es", SESSION)
      .put("sc", "29").put("idh", "x").put("iat", 1_790_000_000L);
    String hmac = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
      .setBuffer(signer.publicKeyPem()))).generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
    assertThat(verify(hmac, SESSION).status()).isEqualTo(INVALID);

    String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes())
      + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.encode().getBytes()) + ".";
    assertThat(verify(none, SESSION).status()).isEqualTo(INVALID);
  }

  @Test
  @DisplayName("garbage, empty, oversized or truncated input is INVALID, never an error")
  void garbage() {
    String token = signer.issue(NUMBER, SESSION, ID_NUMBER);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = token.substring(0, token.indexOf('.'));
    String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
    String notJson = b64.encodeToString("not json".getBytes()) + "." + payload + "." + b64.encodeToString(new byte[64]);
    String shortSignature = header + "." + payload + "." + b64.encodeToString(new byte[7]);
    for (String bad : new String[]{null, "", "hello", "a.b.c", "..", token + ".x", token.substring(0, token.length() - 4),
      token.substring(0, token.lastIndexOf('.')), token + "=", "x".repeat(5000), notJson, shortSignature}) {
      assertThat(verify(bad, SESSION).status()).as(String.valueOf(bad)).isEqualTo(INVALID);
      assertThat(verify(bad, SESSION).claims()).isNull();
    }
  }

  @Test
  @DisplayName("the token holds a keyed digest of the ID number, never the number, matched at the door with the session key")
  void idDigest() {
    String token = signer.issue(NUMBER, SESSION, ID_NUMBER);
    String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(payload).doesNotContain(ID_NUMBER).doesNotContain("19491231");
    TicketClaims claims = verify(token, SESSION).claims();
    String sessionKey = signer.idDigestKey(SESSION);
    assertThat(IdDigest.matches(sessionKey, ID_NUMBER, claims.idDigest())).isTrue();
    assertThat(IdDigest.matches(sessionKey, "11010519491231002x", claims.idDigest())).isTrue();
    assertThat(IdDigest.matches(sessionKey, "110105194912310038", claims.idDigest())).isFalse();
    assertThat(IdDigest.matches(signer.idDigestKey("2026-03"), ID_NUMBER, claims.idDigest())).isFalse();
    // Same ID, same session: same digest (the door can match); another service secret: unrelated digests.
    TicketSigner other = new TicketSigner(vertx, TicketFixtures.keys(), java.time.Clock.systemUTC());
    assertThat(other.claims(NUMBER, SESSION, ID_NUMBER).idDigest()).isNotEqualTo(claims.idDigest());
  }

  @Test
  @DisplayName("the QR code of a token, as a PNG, decodes with ZXing to the same token")
  void qrPng() {
    String token = signer.issue(NUMBER, SESSION, ID_NUMBER);
    byte[] png = QrCodes.png(token, 4);
    assertThat(QrCodes.decode(png)).contains(token);
    assertThat(QrCodes.modules(token).getWidth()).isLessThanOrEqualTo(73);
    assertThat(QrCodes.decode(new byte[]{1, 2, 3})).isEmpty();
  }

  @Test
  @DisplayName("keys that are missing, half a pair or not a pair are refused at construction")
  void refusesBadKeys() {
    TicketKeys other = TicketFixtures.keys();
    assertThatThrownBy(() -> new TicketSigner(vertx, new TicketKeys("", "", "s".repeat(32)), java.time.Clock.systemUTC()))
      .hasMessageContaining("not configured");
    assertThatThrownBy(() -> new TicketSigner(vertx, new TicketKeys(keys.signingPrivateKey(),
      other.signingPublicKey(), "s".repeat(32)), java.time.Clock.systemUTC())).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> new TicketVerifier(vertx, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
      .isInstanceOf(IllegalArgumentException.class);
  }
}
