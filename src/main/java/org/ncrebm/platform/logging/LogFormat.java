package org.ncrebm.platform.logging;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chooses the log layout before the first logger exists: {@code logback.xml} routes the root logger to the appender
 * named by the system property {@value #PROPERTY} ({@code text} or {@code json}). The choice follows the
 * configuration's own precedence: a {@code -D} property, {@code NCRE_LOG_FORMAT}, {@code log.format} in the
 * configuration file, else by profile ({@code json} in prod, where a log collector reads the lines).
 */
public final class LogFormat {
  public static final String PROPERTY = "ncre.log.format";

  private LogFormat() {
  }

  /** Sets {@value #PROPERTY} unless already set; call first thing in {@code main}. */
  public static String select(Map<String, String> env) {
    String chosen = System.getProperty(PROPERTY);
    if (chosen == null || chosen.isBlank()) {
      chosen = resolve(env, fileConfig(env));
      System.setProperty(PROPERTY, chosen);
    }
    return chosen;
  }

  /** The format for these environment variables and configuration file contents. */
  public static String resolve(Map<String, String> env, JsonObject file) {
    String format = firstNonBlank(env.get("NCRE_LOG_FORMAT"), file.getValue("log.format"));
    if (format != null) {
      return format.trim().equalsIgnoreCase("json") ? "json" : "text";
    }
    String profile = firstNonBlank(env.get("NCRE_PROFILE"), file.getValue("profile"));
    return "prod".equalsIgnoreCase(profile == null ? "" : profile.trim()) ? "json" : "text";
  }

  private static JsonObject fileConfig(Map<String, String> env) {
    Path file = Path.of(env.getOrDefault("NCRE_CONFIG", "conf/config.json"));
    try {
      return Files.isRegularFile(file) ? new JsonObject(Files.readString(file, StandardCharsets.UTF_8)) : new JsonObject();
    } catch (IOException | RuntimeException e) {
      // ConfigLoader reports an unreadable file properly at boot; logging just falls back to the profile default.
      return new JsonObject();
    }
  }

  private static String firstNonBlank(Object a, Object b) {
    if (a != null && !a.toString().isBlank()) return a.toString();
    if (b != null && !b.toString().isBlank()) return b.toString();
    return null;
  }
}
