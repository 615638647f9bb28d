package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** Secret generation, persistence for the dev profile, strength checks and masking for logs. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<String> KNOWN_WEAK = Set.of("secret", "changeme", "change-me", "password", "admin", "test");

  private Secrets() {
  }

  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static boolean strong(String secret) {
    return secret != null && secret.length() >= 32 && !KNOWN_WEAK.contains(secret.toLowerCase());
  }

  public static boolean strongPassword(String password) {
    return password != null && password.length() >= 12 && !KNOWN_WEAK.contains(password.toLowerCase());
  }

  /** A base64 AES-256 key: exactly 32 bytes. */
  public static boolean aesKey(String key) {
    try {
      return key != null && Base64.getDecoder().decode(key).length == 32;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "(unset)" : "****";
  }

  /** Hides the password part of a connection URL such as {@code postgresql://user:pw@host/db}. */
  public static String maskUrl(String url) {
    try {
      URI uri = URI.create(url);
      String info = uri.getRawUserInfo();
      if (info == null || !info.contains(":")) {
        return url;
      }
      return url.replace(info, info.substring(0, info.indexOf(':')) + ":****");
    } catch (IllegalArgumentException e) {
      return "(unparseable url)";
    }
  }

  /**
   * Dev profile only: the secrets the operator did not set are generated once and kept in the data directory, so
   * sessions and printed admission tickets survive a restart. Blocking file I/O and key generation: call from a worker.
   */
  public static AppConfig fillDevSecrets(AppConfig config) throws IOException {
    AppConfig.Ticket ticket = config.ticket();
    if (!config.jwtSecret().isBlank() && !config.codeSecret().isBlank() && !config.adminPassword().isBlank()
      && ticket.keysConfigured() && !ticket.idDigestSecret().isBlank()) {
      return config;
    }
    Path file = Path.of(config.dataDir(), "secrets.json");
    JsonObject stored = Files.exists(file)
      ? new JsonObject(Files.readString(file, StandardCharsets.UTF_8)) : new JsonObject();
    boolean changed = false;
    for (String key : new String[]{"jwtSecret", "codeSecret", "adminPassword", "ticketIdDigestSecret"}) {
      if (stored.getString(key, "").isBlank()) {
        stored.put(key, key.equals("adminPassword") ? random(12) : random(32));
        changed = true;
      }
    }
    if (stored.getString("ticketSigningPrivateKey", "").isBlank() || stored.getString("ticketSigningPublicKey", "").isBlank()) {
      PemKeys.EcKeyPair pair = PemKeys.generateP256();
      stored.put("ticketSigningPrivateKey", pair.privatePem()).put("ticketSigningPublicKey", pair.publicPem());
      changed = true;
    }
    if (changed) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, stored.encodePrettily(), StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the data directory's own permissions apply
      }
    }
    return config.withSecrets(
      config.jwtSecret().isBlank() ? stored.getString("jwtSecret") : config.jwtSecret(),
      config.codeSecret().isBlank() ? stored.getString("codeSecret") : config.codeSecret(),
      config.adminPassword().isBlank() ? stored.getString("adminPassword") : config.adminPassword())
      .withTicket(new AppConfig.Ticket(
        ticket.keysConfigured() ? ticket.signingPrivateKey() : stored.getString("ticketSigningPrivateKey"),
        ticket.keysConfigured() ? ticket.signingPublicKey() : stored.getString("ticketSigningPublicKey"),
        ticket.idDigestSecret().isBlank() ? stored.getString("ticketIdDigestSecret") : ticket.idDigestSecret()));
  }

  /** A dev-only value kept in the data directory's secrets file, generated on first use. Blocking. */
  public static String devValue(String dataDir, String key, int randomBytes) throws IOException {
    Path file = Path.of(dataDir, "secrets.json");
    JsonObject stored = Files.exists(file)
      ? new JsonObject(Files.readString(file, StandardCharsets.UTF_8)) : new JsonObject();
    String value = stored.getString(key, "");
    if (value.isBlank()) {
      value = random(randomBytes);
      stored.put(key, value);
      Files.createDirectories(file.getParent());
      Files.writeString(file, stored.encodePrettily(), StandardCharsets.UTF_8);
    }
    return value;
  }

  /** Dev profile: ID-number keys generated once and kept in the data directory. Blocking. */
  public static AppConfig fillDevIdKeys(AppConfig config) throws IOException {
    String key = config.idKey().isBlank() ? devAesKey(config.dataDir()) : config.idKey();
    String digest = config.idDigestKey().isBlank() ? devValue(config.dataDir(), "idDigestKey", 32) : config.idDigestKey();
    return config.withIdKeys(key, digest);
  }

  private static String devAesKey(String dataDir) throws IOException {
    String raw = devValue(dataDir, "idKey", 32);
    byte[] bytes = Base64.getUrlDecoder().decode(raw);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Test profile: whatever the suite did not set is random for this run, the ticket signing pair included. */
  public static AppConfig fillRandomSecrets(AppConfig config) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    config = config.withIdKeys(config.idKey().isBlank() ? Base64.getEncoder().encodeToString(key) : config.idKey(),
      config.idDigestKey().isBlank() ? random(32) : config.idDigestKey());
    AppConfig.Ticket ticket = config.ticket();
    PemKeys.EcKeyPair pair = ticket.keysConfigured() ? null : PemKeys.generateP256();
    return config.withSecrets(
      config.jwtSecret().isBlank() ? random(32) : config.jwtSecret(),
      config.codeSecret().isBlank() ? random(32) : config.codeSecret(),
      config.adminPassword().isBlank() ? random(12) : config.adminPassword())
      .withTicket(new AppConfig.Ticket(
        pair == null ? ticket.signingPrivateKey() : pair.privatePem(),
        pair == null ? ticket.signingPublicKey() : pair.publicPem(),
        ticket.idDigestSecret().isBlank() ? random(32) : ticket.idDigestSecret()));
  }
}
