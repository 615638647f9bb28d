package org.ncrebm.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Staff-side set-up through the real API: logins, an exam session, windows, centers and staff accounts. */
public final class Staff {
  public static final String PASSWORD = "Staff#Pass-2026";
  private final TestApp app;

  public Staff(TestApp app) {
    this.app = app;
  }

  public String adminToken() {
    return login("admin", TestApp.ADMIN_PASSWORD);
  }

  public String login(String username, String password) {
    ApiResponse r = app.post("/api/v1/staff/sessions", new JsonObject().put("username", username).put("password", password));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("token");
  }

  /** A session with subjects 24 (fee 9000), 28 (9000) and 65 (8500). */
  public long createSession(String admin, String name) {
    JsonArray subjects = new JsonArray()
      .add(new JsonObject().put("code", "24").put("name", "二级C语言程序设计").put("level", 2).put("feeFen", 9000))
      .add(new JsonObject().put("code", "28").put("name", "二级Java语言程序设计").put("level", 2).put("feeFen", 9000))
      .add(new JsonObject().put("code", "65").put("name", "二级MS Office高级应用与设计").put("level", 2).put("feeFen", 8500));
    ApiResponse r = app.post("/api/v1/staff/exam-sessions", new JsonObject().put("name", name).put("subjects", subjects), admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  /** Opens the province's window around the test clock's now: opened an hour ago, closes in two weeks. */
  public void openWindow(String token, long sid, String province) {
    Instant now = app.clock.instant();
    setWindow(token, sid, province, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(14)));
  }

  public ApiResponse setWindow(String token, long sid, String province, Instant opens, Instant closes) {
    Instant pay = closes.plus(Duration.ofDays(2));
    Instant print = pay.plus(Duration.ofDays(7));
    return app.put("/api/v1/staff/exam-sessions/" + sid + "/provinces/" + province, new JsonObject()
      .put("opensAt", opens.toString()).put("closesAt", closes.toString()).put("payDeadline", pay.toString())
      .put("ticketPrintFrom", print.toString()).put("ticketPrintTo", print.plus(Duration.ofDays(5)).toString()), token);
  }

  public long createCenter(String token, long sid, String province, String code, boolean review, boolean classRequired,
                           JsonObject capacities) {
    ApiResponse r = app.post("/api/v1/staff/exam-sessions/" + sid + "/centers", new JsonObject()
      .put("provinceCode", province).put("code", code).put("name", "考点" + code).put("address", "示范路1号")
      .put("reviewRequired", review).put("classRequired", classRequired).put("capacities", capacities), token);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  public long createStaff(String token, String username, String role, String province, Long centerId) {
    JsonObject body = new JsonObject().put("username", username).put("password", PASSWORD).put("role", role);
    if (province != null) body.put("provinceCode", province);
    if (centerId != null) body.put("centerId", centerId);
    ApiResponse r = app.post("/api/v1/staff/accounts", body, token);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }
}
