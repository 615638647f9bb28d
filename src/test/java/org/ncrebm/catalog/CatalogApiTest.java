package org.ncrebm.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Catalogue: exam sessions, windows judged by the clock, centers with seats")
class CatalogApiTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private String admin;

  @BeforeEach
  void login() {
    admin = staff.adminToken();
  }

  @Test
  @DisplayName("a session with subjects and fees is listed publicly with its status")
  void sessions() {
    long sid = staff.createSession(admin, "2026年9月");
    ApiResponse r = app.get("/api/v1/exam-sessions", null);
    assertThat(r.status()).isEqualTo(200);
    JsonObject s = r.jsonArray().getJsonObject(0);
    assertThat(s.getLong("id")).isEqualTo(sid);
    assertThat(s.getString("status")).isEqualTo("UPCOMING");
    assertThat(s.getJsonArray("subjects")).hasSize(3);
    assertThat(s.getJsonArray("subjects").getJsonObject(0).getMap())
      .containsEntry("code", "24").containsEntry("level", 2).containsEntry("feeFen", 9000);
    assertThat(app.count("select count(*) from audit_log where action = 'catalog.session.create'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a window is UPCOMING, OPEN and CLOSED to the second as the clock moves")
  void windowState() {
    long sid = staff.createSession(admin, "2027年3月");
    Instant opens = app.clock.instant().plus(Duration.ofHours(1));
    Instant closes = opens.plus(Duration.ofDays(1));
    assertThat(staff.setWindow(admin, sid, "32", opens, closes).status()).isEqualTo(200);
    String path = "/api/v1/exam-sessions/" + sid + "/provinces";
    assertThat(app.get(path, null).jsonArray().getJsonObject(0).getString("state")).isEqualTo("UPCOMING");
    app.clock.set(opens.minusSeconds(1));
    assertThat(app.get(path, null).jsonArray().getJsonObject(0).getString("state")).isEqualTo("UPCOMING");
    app.clock.set(opens);
    JsonObject open = app.get(path, null).jsonArray().getJsonObject(0);
    assertThat(open.getString("state")).isEqualTo("OPEN");
    assertThat(open.getString("code")).isEqualTo("32");
    assertThat(open.getString("name")).isEqualTo("江苏省");
    assertThat(open.getString("opensAt")).endsWith("+08:00");
    assertThat(app.get("/api/v1/exam-sessions", null).jsonArray().getJsonObject(0).getString("status")).isEqualTo("OPEN");
    app.clock.set(closes.minusSeconds(1));
    assertThat(app.get(path, null).jsonArray().getJsonObject(0).getString("state")).isEqualTo("OPEN");
    app.clock.set(closes);
    assertThat(app.get(path, null).jsonArray().getJsonObject(0).getString("state")).isEqualTo("CLOSED");
  }

  @Test
  @DisplayName("windows must be in order: opens < closes <= pay deadline <= print from < print to")
  void windowOrder() {
    long sid = staff.createSession(admin, "S");
    Instant t = app.clock.instant();
    ApiResponse r = app.put("/api/v1/staff/exam-sessions/" + sid + "/provinces/11", new JsonObject()
      .put("opensAt", t.toString()).put("closesAt", t.minusSeconds(5).toString()).put("payDeadline", t.toString())
      .put("ticketPrintFrom", "tomorrow").put("ticketPrintTo", t.toString()), admin);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fieldErrors().fieldNames()).contains("closesAt", "ticketPrintFrom");
    assertThat(app.count("select count(*) from province_window")).isZero();
    assertThat(app.put("/api/v1/staff/exam-sessions/" + sid + "/provinces/99", new JsonObject(), admin).status())
      .isEqualTo(404);
  }

  @Test
  @DisplayName("centers are listed per province with capacity and remaining seats")
  void centers() {
    long sid = staff.createSession(admin, "S");
    staff.openWindow(admin, sid, "11");
    long cid = staff.createCenter(admin, sid, "11", "110001", true, true, new JsonObject().put("24", 100).put("28", 40));
    app.query("update center_capacity set taken = 7 where center_id = $1 and subject_code = '24'", cid);
    app.clock.advance(Duration.ofSeconds(2));
    ApiResponse r = app.get("/api/v1/exam-sessions/" + sid + "/provinces/11/centers", null);
    assertThat(r.status()).isEqualTo(200);
    JsonObject c = r.jsonArray().getJsonObject(0);
    assertThat(c.getLong("id")).isEqualTo(cid);
    assertThat(c.getBoolean("reviewRequired")).isTrue();
    assertThat(c.getBoolean("classRequired")).isTrue();
    JsonArray subjects = c.getJsonArray("subjects");
    assertThat(subjects.getJsonObject(0).getMap()).containsEntry("code", "24").containsEntry("capacity", 100);
    assertThat(subjects.getJsonObject(0).getInteger("remaining")).isBetween(93, 100);
    assertThat(app.get("/api/v1/exam-sessions/" + sid + "/provinces/12/centers", null).jsonArray()).isEmpty();
    assertThat(app.get("/api/v1/exam-sessions/999/provinces/11/centers", null).status()).isEqualTo(404);
    assertThat(app.get("/api/v1/exam-sessions/abc/provinces", null).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("center input is validated field by field; unknown subjects and duplicate codes are refused")
  void centerValidation() {
    long sid = staff.createSession(admin, "S");
    ApiResponse bad = app.post("/api/v1/staff/exam-sessions/" + sid + "/centers", new JsonObject()
      .put("provinceCode", "1").put("code", "no spaces!").put("maxSubjects", 5)
      .put("capacities", new JsonObject().put("24", -3)), admin);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.fieldErrors().fieldNames()).contains("provinceCode", "code", "name", "maxSubjects", "capacities");
    ApiResponse unknown = app.post("/api/v1/staff/exam-sessions/" + sid + "/centers", new JsonObject()
      .put("provinceCode", "11").put("code", "A1").put("name", "x").put("capacities", new JsonObject().put("99", 3)), admin);
    assertThat(unknown.fieldErrors().getString("capacities")).contains("99");
    staff.createCenter(admin, sid, "11", "A1", false, false, new JsonObject().put("24", 10));
    ApiResponse dup = app.post("/api/v1/staff/exam-sessions/" + sid + "/centers", new JsonObject()
      .put("provinceCode", "11").put("code", "A1").put("name", "again"), admin);
    assertThat(dup.status()).isEqualTo(400);
    assertThat(dup.fieldErrors().fieldNames()).containsExactly("code");
    assertThat(app.count("select count(*) from test_center")).isEqualTo(1);
  }

  @Test
  @DisplayName("capacity cannot drop below the seats taken; the change is audited with before and after")
  void capacityBelowTaken() {
    long sid = staff.createSession(admin, "S");
    long cid = staff.createCenter(admin, sid, "11", "B1", false, false, new JsonObject().put("24", 10));
    app.query("update center_capacity set taken = 6 where center_id = $1", cid);
    JsonObject body = new JsonObject().put("name", "考点B1").put("capacities", new JsonObject().put("24", 5));
    ApiResponse r = app.put("/api/v1/staff/centers/" + cid, body, admin);
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.errorCode()).isEqualTo("INVALID_STATE");
    assertThat(app.count("select capacity from center_capacity where center_id = $1", cid)).isEqualTo(10);
    ApiResponse ok = app.put("/api/v1/staff/centers/" + cid, body.put("capacities", new JsonObject().put("24", 6)
      .put("28", 20)).put("reviewRequired", true), admin);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(ok.json().getBoolean("reviewRequired")).isTrue();
    var audit = app.query("select before, after from audit_log where action = 'catalog.center.update'").iterator().next();
    assertThat(((JsonObject) audit.getValue("before")).getJsonObject("capacities").getInteger("24")).isEqualTo(10);
    assertThat(((JsonObject) audit.getValue("after")).getJsonObject("capacities").getInteger("24")).isEqualTo(6);
  }
}
