package org.ncrebm.contract;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.payment.PaymentOrder;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.registration.IdDocument;
import org.ncrebm.registration.ProfileInput;
import org.ncrebm.registration.Registration;
import org.ncrebm.support.ApiContract;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.ContractCheck;
import org.ncrebm.support.TestApp;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kept OpenAPI document and the service hold each other: the document is valid OpenAPI 3.1 (as Vert.x's own
 * vertx-openapi reads it), every machine route the router mounts is documented and every documented operation is
 * mounted, and the enumerations are the Java ones, so neither can drift from the other.
 */
@DisplayName("The OpenAPI document describes exactly the machine routes the router mounts")
class OpenApiDocumentTest {
  /** The seeding route is mounted only with its token set: set it, so the router shows every route it can mount. */
  @RegisterExtension
  static final TestApp app = new TestApp(new JsonObject().put("loadtest.seed-token", "seed-token-for-tests-0123456789"))
    .keepDataBetweenTests();

  private static final List<String> MACHINE_PREFIXES = List.of("/api/", "/pay/", "/health/", "/metrics", "/dev/", "/sim/");

  /** Pages for people under machine prefixes: not part of the machine API, excluded one by one. */
  private static final Set<String> PAGES = Set.of(
    "GET /api/docs",                       // Swagger UI's page
    "GET /dev/mail",                       // the dev mailbox page
    "GET /sim/{}/checkout/{}",             // the simulated gateways' checkout page
    "POST /sim/{}/checkout/{}");           // ... and its form
  /** Routes without a method that only serve files or set a body limit for the operations under them. */
  private static final Set<String> PREFIX_HANDLERS = Set.of(
    "/api/docs/",                          // Swagger UI's own files from its webjar
    "/sim/wechat/v3/");                    // the simulated WeChat API's body limit; its operations are documented

  private final JsonObject document = ApiContract.get().document();

  @Test
  @DisplayName("is valid OpenAPI 3.1 and loads into vertx-openapi, with unique operation ids")
  void isValidOpenApi31() throws Exception {
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document.getJsonArray("servers")).isEqualTo(new JsonArray().add(new JsonObject().put("url", "/")));
    // The whole document, every media type included, against the OpenAPI 3.1 schema that vertx-openapi ships.
    var repository = TestApp.await(OpenAPIVersion.V3_1.getRepository(app.vertx(), "app://"));
    OutputUnit result = TestApp.await(OpenAPIVersion.V3_1.validateContract(app.vertx(), repository, document));
    result.checkValidity();
    // The view the response validator loads (see ContractCheck) builds into a contract.
    OpenAPIContract contract = TestApp.await(OpenAPIContract.from(app.vertx(), ContractCheck.validatorView(document)));
    assertThat(contract.operations()).hasSize(ApiContract.get().operations().size());

    List<String> ids = ApiContract.get().operations().stream().map(ApiContract.Operation::id).toList();
    assertThat(new HashSet<>(ids)).as("operationIds are unique").hasSize(ids.size());
    ApiContract.get().operations().forEach(op -> {
      assertThat(op.spec().getString("operationId")).as("operationId of %s %s", op.method(), op.path()).isNotBlank();
      assertThat(op.spec().getJsonArray("tags", new JsonArray())).as("tags of %s", op.id()).isNotEmpty();
      assertThat(op.spec().getString("x-audience")).as("x-audience of %s", op.id())
        .isIn("public", "candidate", "staff", "payment-gateway", "operations", "simulator", "dev");
    });
  }

  @Test
  @DisplayName("documents every machine route the router mounts, and mounts every operation it documents")
  void routerAndDocumentAgree() {
    Set<String> mounted = new TreeSet<>();
    List<String> unexplained = new ArrayList<>();
    for (Route route : app.main().httpRoutes()) {
      String path = route.getPath();
      if (path == null || MACHINE_PREFIXES.stream().noneMatch(path::startsWith)) continue;
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty()) {
        if (!PREFIX_HANDLERS.contains(path)) unexplained.add("any method " + path);
        continue;
      }
      for (HttpMethod m : methods) {
        String key = m.name() + " " + ApiContract.shapeOf(path);
        if (!PAGES.contains(key)) mounted.add(key);
      }
    }
    Set<String> documented = new TreeSet<>();
    ApiContract.get().operations().forEach(op -> documented.add(op.method().toUpperCase(Locale.ROOT) + " " + op.shape()));

    Set<String> undocumented = new TreeSet<>(mounted);
    undocumented.removeAll(documented);
    Set<String> notMounted = new TreeSet<>(documented);
    notMounted.removeAll(mounted);
    assertThat(unexplained).as("method-less routes under machine prefixes").isEmpty();
    assertThat(undocumented).as("mounted machine routes missing from openapi.yaml").isEmpty();
    assertThat(notMounted).as("documented operations the router does not mount").isEmpty();
    assertThat(mounted).as("the walk saw the router").hasSizeGreaterThan(60);
  }

  @Test
  @DisplayName("names the Java enumerations and code lists exactly, as named components")
  void enumerationsAreTheJavaOnes() {
    assertThat(enumOf("ErrorCode")).containsExactly(names(ErrorCode.values()));
    assertThat(enumOf("IdType")).containsExactly(names(IdDocument.Type.values()));
    assertThat(enumOf("Gender")).containsExactlyElementsOf(ProfileInput.GENDERS);
    assertThat(enumOf("Education")).containsExactlyElementsOf(ProfileInput.EDUCATIONS);
    assertThat(enumOf("Occupation")).containsExactlyElementsOf(ProfileInput.OCCUPATIONS);
    assertThat(enumOf("Ethnicity")).containsExactlyElementsOf(ProfileInput.ETHNICITIES);
    assertThat(enumOf("RegistrationStatus")).containsExactly(names(Registration.Status.values()));
    assertThat(enumOf("StaffRole")).containsExactly(names(StaffRole.values()));
    assertThat(enumOf("PaymentOrderStatus")).containsExactly(names(PaymentOrder.Status.values()));
    JsonObject error = schema("Error").getJsonObject("properties").getJsonObject("error");
    assertThat(error.getJsonArray("required").getList()).containsExactly("code", "message");
    assertThat(error.getJsonObject("properties").getJsonObject("code").getString("$ref"))
      .isEqualTo("#/components/schemas/ErrorCode");
  }

  @Test
  @DisplayName("serves the kept YAML at /api/v1/openapi.yaml and the same document at /api/v1/openapi.json")
  void servesTheDocument() {
    ApiResponse json = app.get("/api/v1/openapi.json", null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.json()).isEqualTo(document);
    ApiResponse yaml = app.get("/api/v1/openapi.yaml", null);
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
    Map<String, Object> parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml.body());
    assertThat(new JsonObject(parsed)).isEqualTo(json.json());
  }

  @Test
  @DisplayName("answers profile-choices with exactly the documented code lists")
  void profileChoicesMatch() {
    JsonObject choices = app.get("/api/v1/profile-choices", null).json();
    assertThat(codes(choices, "ethnicities")).containsExactlyElementsOf(enumOf("Ethnicity"));
    assertThat(codes(choices, "educations")).containsExactlyElementsOf(enumOf("Education"));
    assertThat(codes(choices, "occupations")).containsExactlyElementsOf(enumOf("Occupation"));
    assertThat(codes(choices, "genders")).containsExactlyElementsOf(enumOf("Gender"));
    assertThat(codes(choices, "idTypes")).containsExactlyElementsOf(enumOf("IdType"));
  }

  @Test
  @DisplayName("ContractCheck refuses an answer of the wrong shape or with an undocumented status")
  void contractCheckRefusesWhatTheDocumentDoesNotSay() {
    var live = TestApp.await(app.client().get("/health/live").send());
    // {status: UP} is not the array of exam sessions GET /api/v1/exam-sessions promises
    assertThatThrownBy(() -> app.contract().check("GET", "/api/v1/exam-sessions", live))
      .isInstanceOf(AssertionError.class).hasMessageContaining("does not match the document");
    var notFound = TestApp.await(app.client().get("/api/v1/exam-sessions/999999/provinces").send());
    assertThat(notFound.statusCode()).isEqualTo(404);
    // GET /api/v1/profile-choices documents no 404
    assertThatThrownBy(() -> app.contract().check("GET", "/api/v1/profile-choices", notFound))
      .isInstanceOf(AssertionError.class).hasMessageContaining("a status the document does not list");
    // ... and the real answers pass
    app.contract().check("GET", "/health/live", live);
    app.contract().check("GET", "/api/v1/exam-sessions/999999/provinces", notFound);
  }

  private JsonObject schema(String name) {
    JsonObject s = document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    assertThat(s).as("components.schemas.%s", name).isNotNull();
    return s;
  }

  private List<Object> enumOf(String name) {
    return schema(name).getJsonArray("enum").getList();
  }

  private static Object[] names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toArray();
  }

  private static List<Object> codes(JsonObject choices, String list) {
    List<Object> out = new ArrayList<>();
    choices.getJsonArray(list).forEach(o -> out.add(((JsonObject) o).getString("code")));
    return out;
  }
}
