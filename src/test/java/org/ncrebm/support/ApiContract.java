package org.ncrebm.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.ApiDocsRoutes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kept OpenAPI document as tests read it: its operations with full paths, and the lookup of the operation a
 * concrete request path belongs to. Read once per JVM.
 */
public final class ApiContract {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static ApiContract instance;
  private final JsonObject document;
  private final List<Operation> operations;

  /** One documented operation; {@code path} is the full path with {@code {name}} parameters. */
  public record Operation(String method, String path, String id, JsonObject spec, Pattern matcher) {
    public List<String> requestContentTypes() {
      JsonObject body = spec.getJsonObject("requestBody");
      return body == null || body.getJsonObject("content") == null ? List.of()
        : new ArrayList<>(body.getJsonObject("content").fieldNames());
    }

    public JsonObject requestSchema(String contentType) {
      JsonObject body = spec.getJsonObject("requestBody");
      if (body == null || body.getJsonObject("content") == null) return null;
      JsonObject media = body.getJsonObject("content").getJsonObject(contentType);
      return media == null ? null : media.getJsonObject("schema");
    }

    public List<JsonObject> parameters(String in) {
      List<JsonObject> out = new ArrayList<>();
      JsonArray params = spec.getJsonArray("parameters", new JsonArray());
      for (int i = 0; i < params.size(); i++) {
        JsonObject p = params.getJsonObject(i);
        if (in.equals(p.getString("in"))) out.add(p);
      }
      return out;
    }

    /** The path with every parameter replaced by {@code {}}, to compare with the router's {@code :name} form. */
    public String shape() {
      return shapeOf(path);
    }
  }

  private ApiContract(JsonObject document) {
    this.document = document;
    this.operations = readOperations(document);
  }

  public static synchronized ApiContract get() {
    if (instance == null) {
      instance = new ApiContract(ApiDocsRoutes.documentAsJson());
    }
    return instance;
  }

  public JsonObject document() {
    return document;
  }

  public List<Operation> operations() {
    return operations;
  }

  /** The operation for a concrete request, or null when the document has none. */
  public Operation find(String method, String path) {
    String m = method.toLowerCase(Locale.ROOT);
    int q = path.indexOf('?');
    String p = q < 0 ? path : path.substring(0, q);
    for (Operation op : operations) {
      if (op.method.equals(m) && op.matcher.matcher(p).matches()) {
        return op;
      }
    }
    return null;
  }

  /** Resolves a local {@code $ref} ("#/components/schemas/X"), or returns the schema itself. */
  public JsonObject resolve(JsonObject schema) {
    JsonObject s = schema;
    for (int guard = 0; s != null && s.containsKey("$ref") && guard < 20; guard++) {
      String ref = s.getString("$ref");
      JsonObject target = document;
      for (String part : ref.substring(2).split("/")) {
        target = target == null ? null : target.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
      }
      s = target;
    }
    return s;
  }

  public static String shapeOf(String path) {
    return path.replaceAll("\\{[^}/]+}", "{}").replaceAll(":[A-Za-z_][A-Za-z0-9_]*", "{}");
  }

  private static List<Operation> readOperations(JsonObject doc) {
    String base = "";
    JsonArray servers = doc.getJsonArray("servers");
    if (servers != null && !servers.isEmpty()) {
      String url = servers.getJsonObject(0).getString("url", "");
      base = url.equals("/") ? "" : url;
    }
    List<Operation> out = new ArrayList<>();
    JsonObject paths = doc.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      String full = base + path;
      // A template segment matches one path segment; literal parts are quoted.
      StringBuilder regex = new StringBuilder();
      for (String piece : full.split("(?=\\{)|(?<=})")) {
        regex.append(piece.startsWith("{") ? "[^/]+" : Pattern.quote(piece));
      }
      Pattern matcher = Pattern.compile(regex.toString());
      for (String method : item.fieldNames()) {
        if (!METHODS.contains(method)) continue;
        JsonObject spec = item.getJsonObject(method).copy();
        // path-level parameters apply to every operation of the path
        JsonArray params = new JsonArray().addAll(item.getJsonArray("parameters", new JsonArray()))
          .addAll(spec.getJsonArray("parameters", new JsonArray()));
        spec.put("parameters", params);
        out.add(new Operation(method, full, spec.getString("operationId", method + " " + full), spec, matcher));
      }
    }
    // A literal path must win over a template that also matches it (/tickets/verify vs /tickets/{id}).
    out.sort((a, b) -> Long.compare(a.path.chars().filter(c -> c == '{').count(), b.path.chars().filter(c -> c == '{').count()));
    return List.copyOf(out);
  }
}
