package org.ncrebm.ticket;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.ncrebm.platform.PemKeys;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Issues the signed token that an admission ticket's QR code carries: an ES256 JWT (Vert.x Auth JWT) with the ticket
 * number, exam session, subject and a keyed digest of the ID number, so a door scanner holding only the public key
 * ({@link #publicKeyPem()}) can tell a genuine ticket from an altered one, offline.
 *
 * <p>Thread-safe. Signing is one ECDSA operation (well under a millisecond), fine on any thread.
 */
public final class TicketSigner {
  static final String ALGORITHM = "ES256";

  private final Vertx vertx;
  private final JWTAuth jwt;
  private final String publicKeyPem;
  private final String idDigestSecret;
  private final Clock clock;

  /**
   * @param keys the configured (or, in dev and test, generated) pair and digest secret; see {@link TicketKeys}
   * @throws IllegalArgumentException when the keys are missing or not a P-256 pair
   */
  public TicketSigner(Vertx vertx, TicketKeys keys, Clock clock) {
    if (!keys.keysConfigured() || keys.idDigestSecret().isBlank()) {
      throw new IllegalArgumentException("ticket signing keys and id digest secret are not configured");
    }
    String problem = PemKeys.problem(keys.signingPrivateKey(), keys.signingPublicKey());
    if (problem != null) {
      throw new IllegalArgumentException("ticket signing keys: " + problem);
    }
    this.vertx = vertx;
    this.publicKeyPem = keys.signingPublicKey();
    this.idDigestSecret = keys.idDigestSecret();
    this.clock = clock;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.signingPrivateKey()))
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.signingPublicKey())));
  }

  /** The claims of a new token for this ticket, issued now. */
  public TicketClaims claims(TicketNumber ticketNumber, String examSessionId, String idNumber) {
    Objects.requireNonNull(ticketNumber, "ticketNumber");
    if (examSessionId == null || examSessionId.isBlank()) {
      throw new IllegalArgumentException("no exam session id");
    }
    String digest = IdDigest.of(IdDigest.sessionKey(idDigestSecret, examSessionId), idNumber);
    return new TicketClaims(ticketNumber, examSessionId, ticketNumber.subjectCode(), digest,
      Instant.ofEpochSecond(clock.instant().getEpochSecond()));
  }

  /** A signed token for these claims: what the QR code encodes (about 300 ASCII characters). */
  public String sign(TicketClaims claims) {
    JsonObject payload = new JsonObject()
      .put("iss", TicketClaims.ISSUER)
      .put("tn", claims.ticketNumber().format())
      .put("es", claims.examSessionId())
      .put("sc", claims.subjectCode())
      .put("idh", claims.idDigest())
      .put("iat", claims.issuedAt().getEpochSecond());
    // iat is ours (from the injected clock), so Vert.x must not add its own.
    return jwt.generateToken(payload, new JWTOptions().setAlgorithm(ALGORITHM).setNoTimestamp(true));
  }

  /** {@link #claims} then {@link #sign}: the token for a ticket. */
  public String issue(TicketNumber ticketNumber, String examSessionId, String idNumber) {
    return sign(claims(ticketNumber, examSessionId, idNumber));
  }

  /** The verification key as PEM ({@code -----BEGIN PUBLIC KEY-----}): what a door scanner is configured with. */
  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** The ID-digest key of one exam session, for door scanners that also read ID cards (see {@link IdDigest}). */
  public String idDigestKey(String examSessionId) {
    return IdDigest.sessionKey(idDigestSecret, examSessionId);
  }

  /** A verifier with this signer's public key, as the service's verify endpoint and staff scan page use it. */
  public TicketVerifier verifier() {
    return new TicketVerifier(vertx, publicKeyPem);
  }
}
