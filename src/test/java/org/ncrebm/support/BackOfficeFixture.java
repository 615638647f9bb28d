package org.ncrebm.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff and catalogue the back-office tests share, made through the JSON API as an exam office would: one exam
 * session with subjects 28 and 65, windows for Beijing (11) and Tianjin (12), centers 110001 and 110002 in Beijing and
 * 120001 in Tianjin, a province admin for each province and center staff for 110001, 110002 and 120001.
 */
public final class BackOfficeFixture {
  public static final String PASSWORD = "Staff#Pass-2026";
  public static final String PROV11 = "prov11";
  public static final String PROV12 = "prov12";
  public static final String CENTER11 = "c110001";
  public static final String CENTER11B = "c110002";
  public static final String CENTER12 = "c120001";
  public final String adminToken;
  public final long sid;
  public final long center11;
  public final long center11b;
  public final long center12;
  private final TestApp app;

  public BackOfficeFixture(TestApp app) {
    this.app = app;
    ApiResponse login = app.post("/api/v1/staff/sessions", new JsonObject().put("username", "admin")
      .put("password", TestApp.ADMIN_PASSWORD));
    assertThat(login.status()).as(login.toString()).isEqualTo(201);
    adminToken = login.json().getString("token");
    ApiResponse session = app.post("/api/v1/staff/exam-sessions", new JsonObject().put("name", "2026年9月")
      .put("nameEn", "September 2026").put("subjects", new JsonArray()
        .add(new JsonObject().put("code", "28").put("name", "二级Java语言程序设计").put("level", 2).put("feeFen", 9000))
        .add(new JsonObject().put("code", "65").put("name", "二级MS Office高级应用与设计").put("level", 2).put("feeFen", 9000))),
      adminToken);
    assertThat(session.status()).as(session.toString()).isEqualTo(201);
    sid = session.json().getLong("id");
    window("11");
    window("12");
    center11 = center("11", "110001", "北京职业技术学院考点");
    center11b = center("11", "110002", "北京信息工程学校考点");
    center12 = center("12", "120001", "天津大学考点");
    account(PROV11, "PROVINCE_ADMIN", "11", null);
    account(PROV12, "PROVINCE_ADMIN", "12", null);
    account(CENTER11, "CENTER_STAFF", "11", "110001");
    account(CENTER11B, "CENTER_STAFF", "11", "110002");
    account(CENTER12, "CENTER_STAFF", "12", "120001");
  }

  /** A window open since an hour ago. */
  public void window(String province) {
    OffsetDateTime opens = OffsetDateTime.now(ZoneOffset.ofHours(8)).minus(Duration.ofHours(1)).withNano(0);
    ApiResponse r = app.put("/api/v1/staff/exam-sessions/" + sid + "/provinces/" + province, new JsonObject()
      .put("opensAt", opens.toString()).put("closesAt", opens.plusDays(14).toString())
      .put("payDeadline", opens.plusDays(16).toString()).put("ticketPrintFrom", opens.plusDays(30).toString())
      .put("ticketPrintTo", opens.plusDays(40).toString()), adminToken);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  public long center(String province, String code, String name) {
    ApiResponse r = app.post("/api/v1/staff/exam-sessions/" + sid + "/centers", new JsonObject()
      .put("provinceCode", province).put("code", code).put("name", name).put("reviewRequired", false)
      .put("classRequired", false).put("capacities", new JsonObject().put("28", 100).put("65", 60)), adminToken);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  public long account(String username, String role, String province, String centerCode) {
    ApiResponse r = app.post("/api/v1/staff/accounts", new JsonObject().put("username", username)
      .put("password", PASSWORD).put("role", role).put("provinceCode", province).put("centerCode", centerCode)
      .put("displayName", username), adminToken);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getLong("id");
  }

  public long accountId(String username) {
    return app.count("select id from staff_account where username = $1", username);
  }
}
