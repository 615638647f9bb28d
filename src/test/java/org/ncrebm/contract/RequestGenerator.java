package org.ncrebm.contract;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ncrebm.support.ApiContract;
import org.ncrebm.support.ApiContract.Operation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded requests built from the OpenAPI document: each documented operation with real and odd path ids, valid,
 * broken and foreign bodies under every content type the routes meet, and no, right, wrong-role or forged
 * credentials. The same seed gives the same requests, so a failure can be replayed.
 */
final class RequestGenerator {
  /** A request as sent: a readable description goes into the failure message. */
  record Generated(String method, String uri, Map<String, String> headers, Buffer body, String description) {
  }

  private static final String[] CONTENT_TYPES = {
    "application/json", "application/json; charset=utf-8", "application/json; charset=latin1",
    "multipart/form-data; boundary=----ncre", "multipart/form-data", "application/x-www-form-urlencoded",
    "text/plain", "image/jpeg", "application/octet-stream", "application/xml", "text/html", "*/*", "garbage/@@@", null};
  private static final String[] ODD_IDS = {"0", "-1", "1", "abc", "99999999999999999999", "9223372036854775807",
    "1.5", "%E4%B8%AD", "%20", "null", "undefined", "..", "x".repeat(600), "%25", "00000000-0000-0000-0000-000000000000",
    "%27%20or%201%3D1--", "+1", "1e3", "NaN"};
  private static final String[] ODD_STRINGS = {"", " ", "\u0000", "\uD83D\uDE00", "中文", "<script>alert(1)</script>",
    "' or 1=1 --", "%", "%zz", "\\", "\"", "null", "true", "-1", "1e999", "a".repeat(70_000), "2026-13-45T99:99:99Z",
    "\u202E", "\r\n", "../../etc/passwd"};

  private final ApiContract contract;
  private final Random random;
  private final Map<String, List<String>> realIds;
  private final Map<String, String> tokens;

  /** {@code realIds}: path-parameter name hints to ids that exist; {@code tokens}: label to bearer token. */
  RequestGenerator(ApiContract contract, long seed, Map<String, List<String>> realIds, Map<String, String> tokens) {
    this.contract = contract;
    this.random = new Random(seed);
    this.realIds = realIds;
    this.tokens = tokens;
  }

  Generated next(Operation op) {
    Map<String, String> headers = new LinkedHashMap<>();
    StringBuilder why = new StringBuilder();
    String token = credentials(headers, why);
    String uri = uri(op, why);
    Buffer body = null;
    if (!op.method().equals("get") && !op.method().equals("delete") || random.nextInt(10) == 0) {
      body = body(op, headers, why);
    }
    if (random.nextInt(4) == 0) headers.put("Accept-Language", random.nextBoolean() ? "en" : pick(ODD_STRINGS).trim());
    if (random.nextInt(6) == 0) headers.put("Accept", pick(new String[]{"text/html", "application/json", "*/*", "x/y;q=abc"}));
    if (random.nextInt(8) == 0) headers.put("X-Request-Id", pick(ODD_STRINGS).replaceAll("[\\r\\n\\u0000]", "").trim());
    if (random.nextInt(10) == 0) headers.put("Cookie", "ncre_sid=" + pick(new String[]{"x", "%zz", token == null ? "a" : token}));
    return new Generated(op.method().toUpperCase(), uri, headers, body, op.method().toUpperCase() + " " + uri + why);
  }

  private String credentials(Map<String, String> headers, StringBuilder why) {
    int which = random.nextInt(5);
    String token = switch (which) {
      case 0 -> null;
      case 1 -> tokens.get("candidate");
      case 2 -> tokens.get("staff");
      case 3 -> tokens.get("forged");
      default -> random.nextBoolean() ? tokens.get("candidate") : tokens.get("staff");
    };
    if (token != null) {
      headers.put("Authorization", random.nextInt(12) == 0 ? "Bearer " + pick(ODD_STRINGS).replaceAll("[\\r\\n\\u0000]", "")
        : "Bearer " + token);
    }
    why.append(" token=").append(which == 0 ? "none" : which == 3 ? "forged" : which == 2 ? "staff" : "candidate/any");
    return token;
  }

  private String uri(Operation op, StringBuilder why) {
    String path = op.path();
    for (String name : placeholders(path)) {
      String value = pathValue(name);
      path = path.replace("{" + name + "}", value);
    }
    StringBuilder query = new StringBuilder();
    for (JsonObject p : op.parameters("query")) {
      if (random.nextInt(3) == 0) continue;
      JsonObject schema = p.getJsonObject("schema") == null ? new JsonObject() : contract.resolve(p.getJsonObject("schema"));
      Object v = random.nextInt(3) == 0 ? pick(ODD_STRINGS) : value(schema, 0);
      query.append(query.length() == 0 ? '?' : '&').append(p.getString("name")).append('=')
        .append(encodeLoosely(String.valueOf(v)));
    }
    if (random.nextInt(12) == 0) {
      query.append(query.length() == 0 ? '?' : '&').append(pick(new String[]{"page=-1", "page=abc", "q=%zz", "a=%",
        "status=%00", "size=99999999999", "&&&", "x=" + "y".repeat(5000)}));
    }
    return path + query;
  }

  /** Mostly a real id (so requests reach the operation's code), sometimes an odd one. */
  private String pathValue(String name) {
    List<String> real = realIds.get(name);
    if (real != null && !real.isEmpty() && random.nextInt(3) != 0) {
      return real.get(random.nextInt(real.size()));
    }
    return random.nextBoolean() ? UUID.randomUUID().toString() : pick(ODD_IDS);
  }

  private Buffer body(Operation op, Map<String, String> headers, StringBuilder why) {
    List<String> documented = op.requestContentTypes();
    String contentType = !documented.isEmpty() && random.nextInt(3) != 0 ? documented.get(random.nextInt(documented.size()))
      : pick(CONTENT_TYPES);
    JsonObject schema = contentType == null ? null : op.requestSchema(contentType);
    int kind = random.nextInt(8);
    Buffer body;
    switch (kind) {
      case 0, 1 -> body = encode(schema == null ? new JsonObject() : value(contract.resolve(schema), 0), contentType);
      case 2, 3 -> body = encode(mutate(schema == null ? new JsonObject() : value(contract.resolve(schema), 0)), contentType);
      case 4 -> body = Buffer.buffer(String.valueOf(randomJson(0)));
      case 5 -> {
        byte[] bytes = new byte[random.nextInt(random.nextInt(4) == 0 ? 40_000 : 600)];
        random.nextBytes(bytes);
        body = Buffer.buffer(bytes);
      }
      case 6 -> body = Buffer.buffer(pick(new String[]{"{\"a\":", "[", "{}}", "\"", "%", "a=%zz&b=%", "--", "------ncre\r\n",
        "------ncre\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\nxx\r\n------ncre--\r\n",
        "------ncre\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" + "b".repeat(40_000) + "\r\n------ncre--\r\n",
        "{\"a\":" + "[".repeat(5000), "\uFEFF{}", "{\"__proto__\":{}}"}));
      default -> body = Buffer.buffer("x".repeat(random.nextInt(3) == 0 ? 2_000_000 : 20_000));
    }
    if (contentType != null) headers.put("Content-Type", contentType);
    why.append(" content-type=").append(contentType).append(" body#").append(kind).append('(').append(body.length())
      .append(" bytes: ").append(snippet(body)).append(')');
    return body;
  }

  private Buffer encode(Object value, String contentType) {
    if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded") && value instanceof JsonObject o) {
      StringBuilder form = new StringBuilder();
      for (String k : o.fieldNames()) {
        if (form.length() > 0) form.append('&');
        form.append(encodeLoosely(k)).append('=').append(encodeLoosely(String.valueOf(o.getValue(k))));
      }
      return Buffer.buffer(form.toString());
    }
    if (contentType != null && contentType.startsWith("multipart/form-data") && value instanceof JsonObject o) {
      StringBuilder form = new StringBuilder();
      for (String k : o.fieldNames()) {
        form.append("------ncre\r\nContent-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n")
          .append(o.getValue(k)).append("\r\n");
      }
      return Buffer.buffer(form.append("------ncre--\r\n").toString());
    }
    return Buffer.buffer(value instanceof String s ? s : io.vertx.core.json.Json.encode(value));
  }

  /** A value the schema describes (enums, formats, bounds), or now and then one it does not. */
  Object value(JsonObject schema, int depth) {
    if (schema == null || depth > 6) return null;
    schema = contract.resolve(schema);
    if (schema.containsKey("enum")) {
      JsonArray values = schema.getJsonArray("enum");
      return values.isEmpty() ? null : values.getValue(random.nextInt(values.size()));
    }
    for (String combinator : new String[]{"oneOf", "anyOf", "allOf"}) {
      JsonArray options = schema.getJsonArray(combinator);
      if (options != null && !options.isEmpty()) return value(options.getJsonObject(random.nextInt(options.size())), depth + 1);
    }
    String type = typeOf(schema);
    switch (type) {
      case "object": {
        JsonObject out = new JsonObject();
        JsonObject props = schema.getJsonObject("properties", new JsonObject());
        for (String name : props.fieldNames()) {
          if (random.nextInt(8) != 0) out.put(name, value(props.getJsonObject(name), depth + 1));
        }
        return out;
      }
      case "array": {
        JsonArray out = new JsonArray();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) out.add(value(schema.getJsonObject("items", new JsonObject()), depth + 1));
        return out;
      }
      case "integer": {
        long min = schema.getNumber("minimum") == null ? 0 : schema.getNumber("minimum").longValue();
        long max = schema.getNumber("maximum") == null ? min + 1000 : schema.getNumber("maximum").longValue();
        return min + (long) (random.nextDouble() * Math.max(1, max - min));
      }
      case "number":
        return random.nextDouble() * 100;
      case "boolean":
        return random.nextBoolean();
      default: {
        String format = schema.getString("format", "");
        if (schema.containsKey("example")) return schema.getValue("example");
        return switch (format) {
          case "date-time" -> java.time.Instant.now().plusSeconds(random.nextInt(1_000_000) - 500_000).toString();
          case "date" -> "2004-03-15";
          case "uuid" -> UUID.randomUUID().toString();
          case "email" -> "fuzz" + random.nextInt(1_000_000) + "@example.com";
          default -> random.nextInt(4) == 0 ? pick(ODD_STRINGS) : "v" + random.nextInt(100_000);
        };
      }
    }
  }

  private Object mutate(Object value) {
    if (!(value instanceof JsonObject o) || o.isEmpty()) {
      return randomJson(0);
    }
    List<String> names = new ArrayList<>(o.fieldNames());
    String name = names.get(random.nextInt(names.size()));
    switch (random.nextInt(6)) {
      case 0 -> o.remove(name);
      case 1 -> o.putNull(name);
      case 2 -> o.put(name, pick(ODD_STRINGS));
      case 3 -> o.put(name, randomJson(2));
      case 4 -> o.put(name, random.nextBoolean() ? Long.MAX_VALUE : -1);
      default -> o.put("unexpected" + random.nextInt(10), pick(ODD_STRINGS));
    }
    return o;
  }

  private Object randomJson(int depth) {
    int k = random.nextInt(depth > 3 ? 5 : 8);
    return switch (k) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextLong();
      case 3 -> random.nextDouble() * 1e12;
      case 4 -> pick(ODD_STRINGS);
      case 5 -> {
        JsonArray a = new JsonArray();
        for (int i = random.nextInt(4); i > 0; i--) a.add(randomJson(depth + 1));
        yield a;
      }
      default -> {
        JsonObject o = new JsonObject();
        for (int i = random.nextInt(4); i > 0; i--) o.put(pick(new String[]{"id", "name", "subjects", "code", "x", ""}), randomJson(depth + 1));
        yield o;
      }
    };
  }

  private static String typeOf(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String s) return s;
    if (type instanceof JsonArray a) {
      for (Object t : a) if (!"null".equals(t)) return String.valueOf(t);
    }
    return schema.containsKey("properties") ? "object" : "string";
  }

  private static List<String> placeholders(String path) {
    List<String> out = new ArrayList<>();
    var m = java.util.regex.Pattern.compile("\\{([^}/]+)}").matcher(path);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  /** Encodes most values, but lets a stray '%' through now and then: servers meet such input. */
  private String encodeLoosely(String s) {
    if (s.length() > 3000) s = s.substring(0, 3000);
    return random.nextInt(10) == 0 ? s.replaceAll("[^%A-Za-z0-9._~-]", "") : URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private static String snippet(Buffer body) {
    String s = body.length() > 60 ? body.getString(0, 60, "ISO-8859-1") + "…" : body.toString(StandardCharsets.ISO_8859_1);
    return s.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
