package org.ncrebm.ticket;

import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.ConfigReader;
import org.ncrebm.platform.PemKeys;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.Secrets;

import java.io.IOException;

/**
 * The keys of admission tickets ({@code ticket.*}): the EC P-256 pair (PEM) that signs the QR token, whose public half
 * door scanners are given, and the secret that keys the digest of the ID number inside the token. Generated in dev
 * (kept in the data directory, so printed tickets survive a restart) and test (random per run), required in prod.
 */
public record TicketKeys(String signingPrivateKey, String signingPublicKey, String idDigestSecret) {
  public TicketKeys {
    signingPrivateKey = PemKeys.normalize(signingPrivateKey);
    signingPublicKey = PemKeys.normalize(signingPublicKey);
  }

  /** Reads and checks the keys: a pair is set whole or not at all, and always checked when set. */
  public static TicketKeys read(ConfigReader r, Profile profile) {
    TicketKeys keys = new TicketKeys(r.str("ticket.signing-private-key"), r.str("ticket.signing-public-key"),
      r.str("ticket.id-digest-secret"));
    boolean privateSet = !keys.signingPrivateKey.isBlank();
    boolean publicSet = !keys.signingPublicKey.isBlank();
    if (privateSet != publicSet) {
      r.problem("ticket.signing-private-key and ticket.signing-public-key are set together or not at all");
    } else if (privateSet) {
      String problem = PemKeys.problem(keys.signingPrivateKey, keys.signingPublicKey);
      if (problem != null) r.problem("ticket.signing-private-key / ticket.signing-public-key: " + problem);
    }
    if (profile == Profile.PROD) {
      // Production generates nothing: tickets printed by one instance must verify on every other.
      if (!keys.keysConfigured()) r.problem("prod needs ticket.signing-private-key and ticket.signing-public-key (NCRE_TICKET_SIGNING_PRIVATE_KEY, NCRE_TICKET_SIGNING_PUBLIC_KEY), an EC P-256 pair as PEM");
      if (!Secrets.strong(keys.idDigestSecret)) r.problem("prod needs ticket.id-digest-secret (NCRE_TICKET_ID_DIGEST_SECRET), 32+ random chars");
    }
    return keys;
  }

  public boolean keysConfigured() {
    return !signingPrivateKey.isBlank() && !signingPublicKey.isBlank();
  }

  /**
   * Dev profile: what the operator did not set is generated once and kept in the data directory's secrets file (as
   * {@code ticketSigningPrivateKey}, {@code ticketSigningPublicKey}, {@code ticketIdDigestSecret}), so printed
   * admission tickets still verify after a restart. Blocking (file I/O, key generation): call from a worker.
   */
  public TicketKeys keptInDataDir(String dataDir) throws IOException {
    if (keysConfigured() && !idDigestSecret.isBlank()) {
      return this;
    }
    JsonObject stored = Secrets.devSecretsFile(dataDir, s -> {
      boolean changed = Secrets.putIfBlank(s, "ticketIdDigestSecret", () -> Secrets.random(32));
      if (s.getString("ticketSigningPrivateKey", "").isBlank() || s.getString("ticketSigningPublicKey", "").isBlank()) {
        PemKeys.EcKeyPair pair = PemKeys.generateP256();
        s.put("ticketSigningPrivateKey", pair.privatePem()).put("ticketSigningPublicKey", pair.publicPem());
        changed = true;
      }
      return changed;
    });
    return new TicketKeys(
      keysConfigured() ? signingPrivateKey : stored.getString("ticketSigningPrivateKey"),
      keysConfigured() ? signingPublicKey : stored.getString("ticketSigningPublicKey"),
      idDigestSecret.isBlank() ? stored.getString("ticketIdDigestSecret") : idDigestSecret);
  }

  /** Test profile: what the suite did not set is random for this run, the signing pair included. */
  public TicketKeys randomWhereUnset() {
    PemKeys.EcKeyPair pair = keysConfigured() ? null : PemKeys.generateP256();
    return new TicketKeys(
      pair == null ? signingPrivateKey : pair.privatePem(),
      pair == null ? signingPublicKey : pair.publicPem(),
      idDigestSecret.isBlank() ? Secrets.random(32) : idDigestSecret);
  }

  @Override
  public String toString() {
    return "Ticket[privateKey=" + Secrets.mask(signingPrivateKey) + ", publicKey=" + PemKeys.fingerprint(signingPublicKey)
      + ", idDigestSecret=" + Secrets.mask(idDigestSecret) + "]";
  }
}
