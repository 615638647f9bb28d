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
import java.util.function.Predicate;
import java.util.function.Supplier;

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
   * Dev profile only: the platform secrets the operator did not set are generated once and kept in the data directory,
   * so sessions survive a restart. Blocking file I/O: call from a worker. (Contexts keep their own generated secrets in
   * the same file through {@link #devSecretsFile}.)
   */
  public static AppConfig fillDevSecrets(AppConfig config) throws IOException {
    if (!config.jwtSecret().isBlank() && !config.codeSecret().isBlank() && !config.adminPassword().isBlank()) {
      return config;
    }
    JsonObject stored = devSecretsFile(config.dataDir(), s -> putIfBlank(s, "jwtSecret", () -> random(32))
      | putIfBlank(s, "codeSecret", () -> random(32)) | putIfBlank(s, "adminPassword", () -> random(12)));
    return config.withSecrets(
      config.jwtSecret().isBlank() ? stored.getString("jwtSecret") : config.jwtSecret(),
      config.codeSecret().isBlank() ? stored.getString("codeSecret") : config.codeSecret(),
      config.adminPassword().isBlank() ? stored.getString("adminPassword") : config.adminPassword());
  }

  /**
   * Dev profile: the data directory's {@code secrets.json}, completed by {@code fill} and written back (owner-only) when
   * {@code fill} says it added something. Every part of the configuration keeps its generated values there under names
   * of its own. Blocking.
   */
  public static JsonObject devSecretsFile(String dataDir, Predicate<JsonObject> fill) throws IOException {
    Path file = Path.of(dataDir, "secrets.json");
    JsonObject stored = Files.exists(file)
      ? new JsonObject(Files.readString(file, StandardCharsets.UTF_8)) : new JsonObject();
    if (fill.test(stored)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, stored.encodePrettily(), StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the data directory's own permissions apply
      }
    }
    return stored;
  }

  /** Puts a generated value under {@code key} unless one is there; whether it did (for {@link #devSecretsFile}). */
  public static boolean putIfBlank(JsonObject stored, String key, Supplier<String> generate) {
    if (!stored.getString(key, "").isBlank()) return false;
    stored.put(key, generate.get());
    return true;
  }

  /** A dev-only value kept in the data directory's secrets file, generated on first use. Blocking. */
  public static String devValue(String dataDir, String key, int randomBytes) throws IOException {
    return devSecretsFile(dataDir, s -> putIfBlank(s, key, () -> random(randomBytes))).getString(key);
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

  /** Test profile: whatever platform secret the suite did not set is random for this run. */
  public static AppConfig fillRandomSecrets(AppConfig config) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    config = config.withIdKeys(config.idKey().isBlank() ? Base64.getEncoder().encodeToString(key) : config.idKey(),
      config.idDigestKey().isBlank() ? random(32) : config.idDigestKey());
    return config.withSecrets(
      config.jwtSecret().isBlank() ? random(32) : config.jwtSecret(),
      config.codeSecret().isBlank() ? random(32) : config.codeSecret(),
      config.adminPassword().isBlank() ? random(12) : config.adminPassword());
  }
}
