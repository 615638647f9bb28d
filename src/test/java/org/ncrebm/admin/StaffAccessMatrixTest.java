package org.ncrebm.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every staff route x every role x inside/outside its scope: success (2xx) or 403, exactly. Callers: the national
 * admin, province admins of Beijing (11) and Tianjin (12), staff of a Beijing center and of a Tianjin center. The
 * target of each request is in Beijing, so "P11"/"C11" are inside the scope and "P12"/"C12" outside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Staff routes check role and scope on the server: the whole matrix")
class StaffAccessMatrixTest {
  @RegisterExtension
  static final TestApp app = new TestApp().keepDataBetweenTests();
  private static final AtomicInteger SEQ = new AtomicInteger();
  private final Staff staff = new Staff(app);
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private long sid;
  private long centerA;
  private long staffC11;

  /** One route: how to call it, and which callers may. */
  private record Route(String name, Set<String> allowed, Function<String, ApiResponse> call) {
  }

  @BeforeAll
  void setUp() {
    app.reset();
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "matrix");
    centerA = staff.createCenter(admin, sid, "11", "110001", true, false, new JsonObject().put("24", 50));
    long centerB = staff.createCenter(admin, sid, "12", "120001", false, false, new JsonObject().put("24", 50));
    staff.createStaff(admin, "p11", "PROVINCE_ADMIN", "11", null);
    staff.createStaff(admin, "p12", "PROVINCE_ADMIN", "12", null);
    staffC11 = staff.createStaff(admin, "c11", "CENTER_STAFF", null, centerA);
    staff.createStaff(admin, "c12", "CENTER_STAFF", null, centerB);
    tokens.put("NAT", admin);
    for (String u : List.of("p11", "p12", "c11", "c12")) {
      tokens.put(u.toUpperCase(), staff.login(u, Staff.PASSWORD));
    }
  }

  private List<Route> routes() {
    String s = "/api/v1/staff/exam-sessions/" + sid;
    Set<String> all = Set.of("NAT", "P11", "P12", "C11", "C12");
    Set<String> admins = Set.of("NAT", "P11", "P12");
    Set<String> beijingAdmins = Set.of("NAT", "P11");
    Set<String> beijing = Set.of("NAT", "P11", "C11");
    return List.of(
      new Route("list sessions", all, t -> app.get("/api/v1/staff/exam-sessions", t)),
      new Route("create session", Set.of("NAT"), t -> app.post("/api/v1/staff/exam-sessions", new JsonObject()
        .put("name", "s" + SEQ.incrementAndGet()).put("subjects", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("code", "24").put("name", "C").put("level", 2).put("feeFen", 1))), t)),
      new Route("save subject", Set.of("NAT"), t -> app.put(s + "/subjects/28", new JsonObject().put("name", "Java")
        .put("level", 2).put("feeFen", 9000), t)),
      new Route("set Beijing window", beijingAdmins, t -> staff.setWindow(t, sid, "11", app.clock.instant(),
        app.clock.instant().plusSeconds(86_400))),
      new Route("create Beijing center", beijingAdmins, t -> app.post(s + "/centers", new JsonObject()
        .put("provinceCode", "11").put("code", "X" + SEQ.incrementAndGet()).put("name", "x"), t)),
      new Route("list Beijing centers", beijing, t -> app.get(s + "/centers?province=11", t)),
      new Route("import own province's centers", admins, t -> importOwn(t)),
      new Route("read Beijing center", beijing, t -> app.get("/api/v1/staff/centers/" + centerA, t)),
      new Route("change Beijing center", beijingAdmins, t -> app.put("/api/v1/staff/centers/" + centerA,
        new JsonObject().put("name", "考点A").put("capacities", new JsonObject().put("24", 60)), t)),
      new Route("list staff", admins, t -> app.get("/api/v1/staff/accounts", t)),
      new Route("create Beijing center staff", beijingAdmins, t -> app.post("/api/v1/staff/accounts", new JsonObject()
        .put("username", "u" + SEQ.incrementAndGet()).put("password", Staff.PASSWORD).put("role", "CENTER_STAFF")
        .put("centerId", centerA), t)),
      new Route("disable and enable Beijing center staff", beijingAdmins, t -> {
        ApiResponse r = app.post("/api/v1/staff/accounts/" + staffC11 + "/disable", new JsonObject(), t);
        if (r.status() == 200) app.post("/api/v1/staff/accounts/" + staffC11 + "/enable", new JsonObject(), tokens.get("NAT"));
        return r;
      }),
      new Route("browse the audit log", admins, t -> app.get("/api/v1/staff/audit", t)),
      new Route("browse Beijing's audit log", beijingAdmins, t -> app.get("/api/v1/staff/audit?province=11", t)),
      new Route("Beijing dashboard", beijing, t -> app.get(s + "/dashboard?province=11", t)),
      new Route("Beijing center's review queue", beijing, t -> app.get("/api/v1/staff/centers/" + centerA
        + "/registrations", t)),
      new Route("Beijing center's rejection reasons", beijing, t -> app.get("/api/v1/staff/centers/" + centerA
        + "/reason-templates", t)),
      new Route("add and delete a Beijing center rejection reason", beijing, t -> {
        ApiResponse r = app.post("/api/v1/staff/centers/" + centerA + "/reason-templates",
          new JsonObject().put("text", "reason " + SEQ.incrementAndGet()), t);
        if (r.status() != 201) return r;
        return app.delete("/api/v1/staff/centers/" + centerA + "/reason-templates/" + r.json().getLong("id"), t);
      }),
      new Route("export Beijing's registrations as CSV", beijingAdmins, t -> app.get(s
        + "/registrations.csv?province=11", t)),
      new Route("export a Beijing center's registrations as CSV", beijingAdmins, t -> app.get(s
        + "/registrations.csv?center=" + centerA, t)),
      new Route("export a Beijing center's photos as ZIP", beijingAdmins, t -> app.get("/api/v1/staff/centers/"
        + centerA + "/photos.zip", t)),
      new Route("search Beijing's candidates", beijingAdmins, t -> app.get("/api/v1/staff/candidates?province=11&q="
        + "%E5%BC%A0", t)),
      new Route("read Beijing's waiting room", beijingAdmins, t -> app.get(s + "/provinces/11/waiting-room", t)),
      new Route("set up Beijing's waiting room", beijingAdmins, t -> {
        staff.setWindow(tokens.get("NAT"), sid, "11", app.clock.instant(), app.clock.instant().plusSeconds(86_400));
        return app.put(s + "/provinces/11/waiting-room", new JsonObject().put("enabled", false)
          .put("admitPerSecond", 50), t);
      }),
      new Route("own account", all, t -> app.get("/api/v1/staff/me", t)));
  }

  private ApiResponse importOwn(String token) {
    ApiResponse me = app.get("/api/v1/staff/me", token);
    String province = me.json().getString("provinceCode") == null ? "11" : me.json().getString("provinceCode");
    String csv = "province_code,center_code,name,24\n" + province + ",I" + SEQ.incrementAndGet() + ",导入考点,10\n";
    var request = app.client().request(HttpMethod.POST, "/api/v1/staff/exam-sessions/" + sid + "/centers/import")
      .putHeader("Content-Type", "text/csv");
    if (token != null) request.bearerTokenAuthentication(token);
    return new ApiResponse(TestApp.await(request.sendBuffer(Buffer.buffer(csv))));
  }

  @TestFactory
  @DisplayName("each route answers 2xx to the callers in scope and 403 to everyone else")
  List<DynamicTest> matrix() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Route route : routes()) {
      for (Map.Entry<String, String> caller : tokens.entrySet()) {
        boolean allowed = route.allowed().contains(caller.getKey());
        tests.add(DynamicTest.dynamicTest(route.name() + " as " + caller.getKey() + " -> " + (allowed ? "2xx" : "403"),
          () -> {
            // Re-login so an earlier disable (which ends sessions) cannot leak into this cell.
            String token = caller.getKey().equals("C11") ? staff.login("c11", Staff.PASSWORD) : caller.getValue();
            ApiResponse r = route.call().apply(token);
            if (allowed) {
              assertThat(r.status()).as(r.toString()).isBetween(200, 299);
            } else {
              assertThat(r.status()).as(r.toString()).isEqualTo(403);
              assertThat(r.errorCode()).isEqualTo("FORBIDDEN");
            }
          }));
      }
    }
    return tests;
  }

  @TestFactory
  @DisplayName("no token, a bad token or a candidate's token is 401 on every staff route")
  List<DynamicTest> unauthenticated() {
    String candidate = new Candidates(app).newLoggedIn()[1];
    List<DynamicTest> tests = new ArrayList<>();
    for (Route route : routes()) {
      for (String token : new String[]{null, "garbage", candidate}) {
        tests.add(DynamicTest.dynamicTest(route.name() + " with " + (token == null ? "no token" : token.equals("garbage")
          ? "a bad token" : "a candidate token"), () -> {
          ApiResponse r = route.call().apply(token);
          assertThat(r.status()).as(r.toString()).isEqualTo(401);
        }));
      }
    }
    return tests;
  }
}
