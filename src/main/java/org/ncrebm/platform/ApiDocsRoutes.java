package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.ncrebm.platform.web.Web;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

import static org.ncrebm.platform.web.Web.op;

/**
 * The API's contract, published next to the API it describes: the kept OpenAPI document as YAML and as JSON, and a
 * human-readable page of it (Swagger UI from its webjar, served from the jar: no CDN, the site's CSP holds).
 */
public final class ApiDocsRoutes {
  public static final String DOCUMENT = "api/openapi.yaml";
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/";
  private final Future<Buffer> json;

  /** The document is parsed once, on the worker pool (a classpath read and YAML parsing are blocking work). */
  public ApiDocsRoutes(BoundedWorker worker) {
    this.json = worker.submit(() -> Buffer.buffer(documentAsJson().encode()));
  }

  public void mount(Router router) {
    router.get("/api/v1/openapi.yaml").handler(ctx -> ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").sendFile(DOCUMENT)
      .onFailure(ctx::fail));
    router.get("/api/v1/openapi.json").handler(op(this::json));
    router.get("/api/docs").handler(ctx -> ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").sendFile("api/docs.html")
      .onFailure(ctx::fail));
    router.route("/api/docs/*").handler(StaticHandler.create(SWAGGER_UI + swaggerUiVersion())
      .setCachingEnabled(true).setMaxAgeSeconds(86_400).setDirectoryListing(false).setIncludeHidden(false));
  }

  private Future<Void> json(RoutingContext ctx) {
    return json.compose(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, Web.JSON_TYPE)
      .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=300").end(body));
  }

  /** The kept YAML document as JSON (OpenAPI 3.1 is JSON Schema based; YAML is only its friendlier spelling). */
  public static JsonObject documentAsJson() {
    try (InputStream in = resource(DOCUMENT)) {
      Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
      Map<String, Object> tree = yaml.load(in);
      return new JsonObject(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Swagger UI webjar's version, read from its own Maven metadata so the pom is the one place that names it. */
  static String swaggerUiVersion() {
    try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = ApiDocsRoutes.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("missing resource " + name);
    }
    return in;
  }
}
