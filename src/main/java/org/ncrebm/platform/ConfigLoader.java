package org.ncrebm.platform;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Merges the configuration layers, lowest first: the defaults shipped in the jar ({@code conf/config.json}), the file
 * named by {@code NCRE_CONFIG} or {@code ./conf/config.json}, environment variables ({@code http.port} is read from
 * {@code NCRE_HTTP_PORT}), then the deployment's own config (used by tests). Blocking: call from a worker. Only merges:
 * the platform parses its part ({@link AppConfig#read}), each context its own, and the composition root all of them.
 */
public final class ConfigLoader {
  private ConfigLoader() {
  }

  /** The flat configuration, every layer merged, not yet parsed or checked. */
  public static JsonObject merge(JsonObject deploymentConfig, Map<String, String> env) throws IOException {
    JsonObject merged = defaults();
    Path file = Path.of(env.getOrDefault("NCRE_CONFIG", "conf/config.json"));
    if (Files.isRegularFile(file)) {
      merged.mergeIn(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } else if (env.containsKey("NCRE_CONFIG")) {
      throw new IOException("NCRE_CONFIG names " + file + ", which is not a readable file");
    }
    for (String key : merged.fieldNames().toArray(String[]::new)) {
      String value = env.get(envName(key));
      if (value != null) {
        merged.put(key, value);
      }
    }
    if (deploymentConfig != null) {
      merged.mergeIn(deploymentConfig);
    }
    return merged;
  }

  /** The shipped defaults; every key the service reads appears here, which makes it the list of env variables. */
  public static JsonObject defaults() throws IOException {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("conf/config.json")) {
      if (in == null) {
        throw new IOException("conf/config.json is missing from the class path");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** {@code http.public-url} is overridden by {@code NCRE_HTTP_PUBLIC_URL}. */
  public static String envName(String key) {
    return "NCRE_" + key.toUpperCase().replace('.', '_').replace('-', '_');
  }
}
