package org.ncrebm.support;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import org.ncrebm.support.ApiContract.Operation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every answer a test receives for a documented operation must be one the OpenAPI document describes: a documented
 * status, a documented media type, its required headers, and a body that validates against the schema (Vert.x's
 * {@code vertx-openapi} {@link ResponseValidator}). A mismatch fails the test: fix the document where it is wrong, the
 * code where it is.
 * <p>
 * vertx-openapi 5.0.8 reads only JSON, multipart, {@code text/plain} and {@code application/octet-stream} bodies
 * ({@link MediaType#SUPPORTED_MEDIA_TYPES}) and refuses a contract that names any other media type. The validator
 * therefore loads a view of the document without the other media types (JPEG photos, PDF tickets, CSV, YAML, forms).
 * Its validator also fails on any {@code text/plain} body ("Instances of class BufferImpl type are not supported"), so
 * only JSON bodies go through it; for every other answer this class checks the status, the media type and the
 * required headers, and not the bytes.
 * See {@link #validatorView(JsonObject)}.
 */
public final class ContractCheck {
  private final ApiContract contract;
  private final ResponseValidator validator;

  private ContractCheck(ApiContract contract, ResponseValidator validator) {
    this.contract = contract;
    this.validator = validator;
  }

  private static ContractCheck shared;

  /**
   * The check, built once per JVM on a Vert.x of its own: loading the contract runs partly on an event loop, and
   * that work is the test's, not the service's, so it must neither count against the service's event loops nor
   * trip the suite's blocked-thread rule on a busy machine.
   */
  public static synchronized ContractCheck get() {
    if (shared == null) {
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
        .setMaxEventLoopExecuteTime(60).setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
        .setMaxWorkerExecuteTime(60).setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS));
      ApiContract contract = ApiContract.get();
      OpenAPIContract openApi = TestApp.await(OpenAPIContract.from(vertx, validatorView(contract.document())));
      shared = new ContractCheck(contract, ResponseValidator.create(vertx, openApi));
    }
    return shared;
  }

  /** Fails with an {@link AssertionError} when {@code response} to {@code method uri} is not what the document says. */
  public void check(String method, String uri, HttpResponse<Buffer> response) {
    Operation op = contract.find(method, uri);
    if (op == null) {
      return; // not a documented operation: a page, or a path the router does not know
    }
    String where = method + " " + uri + " (" + op.id() + ") answered " + response.statusCode();
    JsonObject declared = declaredResponse(op, response.statusCode());
    if (declared == null) {
      throw new AssertionError(where + ": a status the document does not list for this operation; body: "
        + snippet(response.bodyAsString()));
    }
    Buffer body = response.body();
    boolean hasBody = body != null && body.length() > 0;
    String mediaType = mediaType(response.getHeader("Content-Type"));
    JsonObject content = declared.getJsonObject("content");
    if (hasBody && (content == null || content.isEmpty())) {
      throw new AssertionError(where + ": a body where the document describes none: " + snippet(body.toString()));
    }
    if (!hasBody && content != null && !content.isEmpty()) {
      throw new AssertionError(where + ": no body where the document describes " + content.fieldNames());
    }
    if (hasBody && !content.containsKey(mediaType)) {
      throw new AssertionError(where + ": media type " + mediaType + " where the document says " + content.fieldNames());
    }
    Map<String, String> headers = new HashMap<>();
    JsonObject declaredHeaders = declared.getJsonObject("headers", new JsonObject());
    for (String name : declaredHeaders.fieldNames()) {
      String value = response.getHeader(name);
      if (value != null) headers.put(name, value);
    }
    if (hasBody && !json(mediaType)) {
      // Bytes vertx-openapi does not validate (see the class comment): the status and media type are checked above.
      declaredHeaders.fieldNames().stream()
        .filter(h -> declaredHeaders.getJsonObject(h).getBoolean("required", false) && !headers.containsKey(h))
        .findFirst().ifPresent(h -> {
          throw new AssertionError(where + ": without the required header " + h);
        });
      return;
    }
    ValidatableResponse validatable = hasBody
      ? ValidatableResponse.create(response.statusCode(), headers, body, mediaType)
      : ValidatableResponse.create(response.statusCode(), headers);
    try {
      TestApp.await(validator.validate(validatable, op.id()));
    } catch (RuntimeException e) {
      throw new AssertionError(where + " does not match the document: " + describe(e) + "; body: "
        + (hasBody ? snippet(body.toString()) : "(none)"), e);
    }
  }

  private JsonObject declaredResponse(Operation op, int status) {
    JsonObject responses = op.spec().getJsonObject("responses", new JsonObject());
    JsonObject r = responses.getJsonObject(Integer.toString(status));
    if (r == null) r = responses.getJsonObject(status / 100 + "XX");
    if (r == null) return null;
    JsonObject resolved = contract.resolve(r).copy();
    JsonObject headers = resolved.getJsonObject("headers");
    if (headers != null) {
      JsonObject out = new JsonObject();
      headers.fieldNames().forEach(h -> out.put(h, contract.resolve(headers.getJsonObject(h))));
      resolved.put("headers", out);
    }
    return resolved;
  }

  private static boolean json(String mediaType) {
    return MediaType.APPLICATION_JSON.equals(mediaType) || MediaType.isVendorSpecificJson(mediaType);
  }

  static String mediaType(String contentType) {
    if (contentType == null) return null;
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The document as vertx-openapi 5.0.8 can load it: only the media types it reads (a body left with none is
   * dropped), and no {@code servers}, because it parses a server URL with {@code java.net.URL} and so refuses the
   * relative {@code "/"} (without servers its base path is empty, which is what {@code "/"} means).
   */
  public static JsonObject validatorView(JsonObject document) {
    JsonObject view = document.copy();
    view.remove("servers");
    JsonObject paths = view.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op)) continue;
        JsonObject requestBody = op.getJsonObject("requestBody");
        if (requestBody != null && requestBody.getJsonObject("content") != null
          && keepSupported(requestBody.getJsonObject("content")).isEmpty()) {
          op.remove("requestBody");
        }
        JsonObject responses = op.getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          dropUnsupported(responses.getJsonObject(status));
        }
      }
    }
    JsonObject shared = view.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
    shared.fieldNames().forEach(name -> dropUnsupported(shared.getJsonObject(name)));
    return view;
  }

  private static void dropUnsupported(JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    if (content != null && keepSupported(content).isEmpty()) {
      response.remove("content");
    }
  }

  private static JsonObject keepSupported(JsonObject content) {
    for (String type : new ArrayList<>(content.fieldNames())) {
      if (!MediaType.isMediaTypeSupported(type)) content.remove(type);
    }
    return content;
  }

  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    if (e instanceof SchemaValidationException s && s.getOutputUnit() != null) {
      List<String> errors = new ArrayList<>();
      collect(s.getOutputUnit(), errors);
      b.append(' ').append(errors);
    }
    return b.toString();
  }

  private static void collect(OutputUnit unit, List<String> out) {
    if (unit.getError() != null) out.add(unit.getInstanceLocation() + ": " + unit.getError());
    if (unit.getErrors() != null) unit.getErrors().forEach(u -> collect(u, out));
  }

  private static String snippet(String s) {
    return s == null ? "" : s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }
}
