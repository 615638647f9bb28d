package org.ncrebm.contract;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiContract;
import org.ncrebm.support.ApiContract.Operation;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request validation lives in JsonInput, and the document's request schemas are its mirror: for every operation
 * with a required JSON body, an empty object {@code {}} must be refused with exactly the fields the schema lists as
 * required (no more, no fewer), so a field made required in code and not in the document, or the other way round,
 * fails here.
 */
@DisplayName("The document's required request fields are the ones JsonInput asks for")
class RequestSchemaMirrorTest {
  @RegisterExtension
  static final TestApp app = new TestApp().keepDataBetweenTests();

  @Test
  @DisplayName("an empty JSON body is refused with exactly the documented required fields")
  void requiredFieldsMirrorJsonInput() {
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "全国计算机等级考试 mirror");
    staff.openWindow(admin, sid, "11");
    long center = staff.createCenter(admin, sid, "11", "11001", false, false, new JsonObject().put("24", 10));
    String candidate = new Candidates(app).newLoggedIn()[1];
    String registration = new Journey(app).startOk(candidate, sid, center, TestIds.resident());
    Map<String, String> ids = Map.of("sid", Long.toString(sid), "cid", Long.toString(center), "code", "11",
      "id", registration, "orderId", UUID.randomUUID().toString(), "gateway", "alipay", "no", "none", "tid", "1");

    List<String> mismatches = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    for (Operation op : ApiContract.get().operations()) {
      JsonObject body = op.spec().getJsonObject("requestBody");
      JsonObject schema = op.requestSchema("application/json");
      if (body == null || !body.getBoolean("required", false) || schema == null || op.method().equals("get")) continue;
      String uri = op.path();
      for (var e : ids.entrySet()) uri = uri.replace("{" + e.getKey() + "}", e.getValue());
      String token = security(op, "staff") ? admin : security(op, "candidate") ? candidate : null;
      var request = app.request(HttpMethod.valueOf(op.method().toUpperCase()), uri);
      if (token != null) request.bearerTokenAuthentication(token);
      ApiResponse r = app.send(request, new JsonObject());
      String type = r.header("Content-Type");
      if (r.status() != 400 || type == null || !type.startsWith("application/json")
        || !"VALIDATION_FAILED".equals(r.errorCode()) || r.fieldErrors().isEmpty()) {
        continue; // refused before the body is read (a signature, the seed token) or an optional body
      }
      Set<String> asked = new TreeSet<>(r.fieldErrors().fieldNames());
      Set<String> documented = required(schema);
      checked.add(op.id());
      if (!asked.equals(documented)) {
        mismatches.add(op.id() + ": JsonInput asks for " + asked + ", the document requires " + documented);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(checked).as("operations whose required fields were compared").hasSizeGreaterThanOrEqualTo(20);
  }

  private static boolean security(Operation op, String scheme) {
    JsonArray security = op.spec().getJsonArray("security", new JsonArray());
    return security.stream().anyMatch(s -> ((JsonObject) s).containsKey(scheme));
  }

  /** The schema's required names, through $ref and allOf. */
  private static Set<String> required(JsonObject schema) {
    JsonObject s = ApiContract.get().resolve(schema);
    Set<String> out = new TreeSet<>();
    s.getJsonArray("required", new JsonArray()).forEach(n -> out.add((String) n));
    s.getJsonArray("allOf", new JsonArray()).forEach(part -> out.addAll(required((JsonObject) part)));
    return out;
  }
}
