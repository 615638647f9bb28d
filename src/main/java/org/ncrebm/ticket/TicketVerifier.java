package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.ncrebm.platform.PemKeys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Checks a scanned ticket token with the public key alone, as a door scanner does offline: VALID, INVALID or
 * WRONG_SESSION. Any change to any character of a token makes it INVALID.
 *
 * <p>Thread-safe; one ECDSA verification (well under a millisecond), fine on the event loop.
 */
public final class TicketVerifier {
  // Ours are about 300 characters; anything far longer is not worth parsing.
  private static final int MAX_TOKEN_LENGTH = 2048;
  // Scanners' clocks drift; a token "issued" a little in their future is still ours.
  private static final int CLOCK_LEEWAY_SECONDS = 300;

  private final JWTAuth jwt;

  /** @param publicKeyPem the signer's {@code -----BEGIN PUBLIC KEY-----} (EC P-256) */
  public TicketVerifier(Vertx vertx, String publicKeyPem) {
    try {
      PemKeys.publicKey(publicKeyPem);
    } catch (Exception e) {
      throw new IllegalArgumentException("not a PEM EC public key", e);
    }
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(TicketSigner.ALGORITHM).setBuffer(PemKeys.normalize(publicKeyPem)))
      .setJWTOptions(new JWTOptions().setIssuer(TicketClaims.ISSUER).setLeeway(CLOCK_LEEWAY_SECONDS)));
  }

  /**
   * Verifies a token for the exam session being held. Never fails: a token that cannot be read is INVALID.
   *
   * @param expectedExamSessionId the session whose candidates this door admits
   */
  public Future<TicketVerification> verify(String token, String expectedExamSessionId) {
    if (!wellFormed(token)) {
      return Future.succeededFuture(TicketVerification.invalid());
    }
    return jwt.authenticate(new TokenCredentials(token))
      .map(user -> judge(claimsOf(token), expectedExamSessionId))
      .otherwise(err -> TicketVerification.invalid());
  }

  private static TicketVerification judge(TicketClaims claims, String expectedExamSessionId) {
    TicketVerification.Status status = claims.examSessionId().equals(expectedExamSessionId)
      ? TicketVerification.Status.VALID : TicketVerification.Status.WRONG_SESSION;
    return new TicketVerification(status, claims);
  }

  // Read from the token itself once its signature is known good, independent of how Vert.x exposes the payload.
  // Anything missing or inconsistent throws, and verify() turns that into INVALID.
  private static TicketClaims claimsOf(String token) {
    String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
    JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    TicketNumber ticketNumber = TicketNumber.parse(json.getString("tn"));
    String session = json.getString("es");
    String subject = json.getString("sc");
    String digest = json.getString("idh");
    Long issuedAt = json.getLong("iat");
    if (!TicketClaims.ISSUER.equals(json.getString("iss")) || session == null || session.isBlank() || digest == null
      || digest.isBlank() || issuedAt == null || !ticketNumber.subjectCode().equals(subject)) {
      throw new IllegalArgumentException("incomplete ticket claims");
    }
    return new TicketClaims(ticketNumber, session, subject, digest, Instant.ofEpochSecond(issuedAt));
  }

  /**
   * Three base64url parts in their one canonical spelling. Without this check a changed last character of the
   * signature can decode to the same bytes (its low bits are padding) and a tampered token would still verify.
   */
  private static boolean wellFormed(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    for (String part : parts) {
      try {
        byte[] bytes = Base64.getUrlDecoder().decode(part);
        if (bytes.length == 0 || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(part)) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }
}
