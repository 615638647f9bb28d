package org.ncrebm.loadtest;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.http.HttpDsl.http;

/** What the simulations share: settings from system properties (set by run.sh), the seed, IDs, a photo. */
final class Lt {
  private Lt() {
  }

  static String prop(String name, String fallback) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static int num(String name, int fallback) {
    return Integer.parseInt(prop(name, Integer.toString(fallback)));
  }

  static Duration secs(String name, int fallback) {
    return Duration.ofSeconds(num(name, fallback));
  }

  static String baseUrl() {
    return prop("lt.baseUrl", "http://127.0.0.1:8089");
  }

  static String bareUrl() {
    return prop("lt.bareUrl", "http://127.0.0.1:8099");
  }

  static HttpProtocolBuilder protocol(String url) {
    return http.baseUrl(url).acceptHeader("application/json").acceptLanguageHeader("en")
      .userAgentHeader("ncre-bm-loadtest").shareConnections();
  }

  /** The seed written by run.sh from {@code POST /dev/loadtest/seed}: {@code <lt.seedDir>/<name>.json}. */
  static JsonObject seed(String name) {
    try {
      return new JsonObject(Files.readString(Path.of(prop("lt.seedDir", "target/seed"), name + ".json")));
    } catch (IOException e) {
      throw new IllegalStateException("seed " + name + " missing: run through loadtest/run.sh", e);
    }
  }

  /** One feeder record per seeded account, with a unique valid ID number and its birth date. */
  static List<Map<String, Object>> candidates(JsonObject seed) {
    JsonArray accounts = seed.getJsonArray("accounts");
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      JsonObject a = accounts.getJsonObject(i);
      Map<String, Object> m = new HashMap<>();
      m.put("token", a.getString("token", ""));
      m.put("login", a.getString("login"));
      m.put("birthDate", Ids.birth(i).toString());
      m.put("idNumber", Ids.candidate(i));
      out.add(m);
    }
    return out;
  }

  static String profileJson() {
    return """
      {"name":"张三","gender":"M","birthDate":"#{birthDate}","ethnicity":"汉族","education":"BACHELOR",
       "occupation":"STUDENT","phone":"13800138000","address":"北京市海淀区学院路 1 号","postalCode":"100083",
       "className":"计科 2201"}""";
  }

  static String startJson(long sid, long centerId) {
    return "{\"examSessionId\":" + sid + ",\"centerId\":" + centerId
      + ",\"agreementAccepted\":true,\"idType\":\"RESIDENT_ID\",\"idNumber\":\"#{idNumber}\"}";
  }

  /** A valid ID photo (360 x 480 JPEG, some 50 KB), made once. */
  static byte[] photo() {
    int width = 360, height = 480;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(70, 120, 200));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(240, 210, 180));
    g.fillOval(width / 4, height / 6, width / 2, height / 2);
    g.dispose();
    Random r = new Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = img.getRGB(x, y);
        int n = r.nextInt(60) - 30;
        int red = clamp(((rgb >> 16) & 0xff) + n), green = clamp(((rgb >> 8) & 0xff) + n), blue = clamp((rgb & 0xff) + n);
        img.setRGB(x, y, (red << 16) | (green << 8) | blue);
      }
    }
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.8f);
        writer.write(null, new IIOImage(img, null, null), p);
      }
      writer.dispose();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /**
   * A feeder over what an earlier phase produced; when it runs dry it yields {@code ready=false} records, which the
   * scenario skips (an open model never blocks on a feeder).
   */
  static Iterator<Map<String, Object>> drain(ConcurrentLinkedQueue<Map<String, Object>> queue) {
    return new Iterator<>() {
      public boolean hasNext() {
        return true;
      }

      public Map<String, Object> next() {
        Map<String, Object> m = queue.poll();
        if (m == null) return Map.of("ready", false);
        Map<String, Object> copy = new HashMap<>(m);
        copy.put("ready", true);
        return copy;
      }
    };
  }

  /** Cycles over a fixed list from many virtual users. */
  static Iterator<Map<String, Object>> cycle(List<Map<String, Object>> list) {
    AtomicInteger i = new AtomicInteger();
    return new Iterator<>() {
      public boolean hasNext() {
        return !list.isEmpty();
      }

      public Map<String, Object> next() {
        return list.get(Math.floorMod(i.getAndIncrement(), list.size()));
      }
    };
  }

  /**
   * The global bounds every simulation asserts: no request failed its checks beyond {@code lt.maxFailedPercent}
   * (a 500 or an unexpected 4xx fails a check; 503 OVERLOADED with its error code passes, counted apart by run.sh), p99 under {@code lt.p99Ms}.
   */
  static Assertion[] globalBounds() {
    return new Assertion[]{
      global().failedRequests().percent().lte((double) num("lt.maxFailedPercent", 1)),
      global().responseTime().percentile(99.0).lt(num("lt.p99Ms", 20000))};
  }
}
