package org.ncrebm.platform.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the log layout before the first logger exists: {@code logback.xml} routes the root logger to the appender
 * named by the system property {@value #PROPERTY} ({@code text} or {@code json}). The choice follows the
 * configuration's own precedence: a {@code -D} property, {@code NCRE_LOG_FORMAT}, {@code log.format} in the
 * configuration file, else by profile ({@code json} in prod, where a log collector reads the lines). It reads the file
 * with Jackson's bare parser: Vert.x's JSON classes would start logging (and so fix the layout) before the choice.
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
  public static String resolve(Map<String, String> env, Map<String, String> file) {
    String format = firstNonBlank(env.get("NCRE_LOG_FORMAT"), file.get("log.format"));
    if (format != null) {
      return format.trim().equalsIgnoreCase("json") ? "json" : "text";
    }
    String profile = firstNonBlank(env.get("NCRE_PROFILE"), file.get("profile"));
    return "prod".equalsIgnoreCase(profile == null ? "" : profile.trim()) ? "json" : "text";
  }

  /** The top-level scalar values of the configuration file. */
  private static Map<String, String> fileConfig(Map<String, String> env) {
    Path file = Path.of(env.getOrDefault("NCRE_CONFIG", "conf/config.json"));
    Map<String, String> values = new HashMap<>();
    if (!Files.isRegularFile(file)) return values;
    try (JsonParser p = new JsonFactory().createParser(Files.readString(file, StandardCharsets.UTF_8))) {
      if (p.nextToken() != JsonToken.START_OBJECT) return values;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken().isScalarValue()) values.put(name, p.getValueAsString());
        else p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      // ConfigLoader reports an unreadable file properly at boot; logging just falls back to the profile default.
    }
    return values;
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) return a;
    if (b != null && !b.isBlank()) return b;
    return null;
  }
}
