package org.ncrebm.admin;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.BackOfficeFixture;
import org.ncrebm.support.StaffWeb;
import org.ncrebm.support.TestApp;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Back-office forms validate like the API, keep what was typed, write nothing when wrong, and need CSRF")
class BackOfficeFormsTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private BackOfficeFixture f;

  @BeforeEach
  void fixture() {
    f = new BackOfficeFixture(app);
  }

  private static MultiMap form(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  private long audits() {
    return app.count("select count(*) from audit_log");
  }

  @Test
  @DisplayName("login: wrong password re-renders with the username kept; next= is honoured within /staff only")
  void login() {
    StaffWeb web = StaffWeb.anonymous(app);
    String before = web.token();
    HttpResponse<Buffer> wrong = web.post("/staff/login", form("username", BackOfficeFixture.PROV11, "password", "Wrong#pass1"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsString()).contains("账号或密码不正确").contains("value=\"prov11\"")
      .doesNotContain("Wrong#pass1");
    HttpResponse<Buffer> ok = web.post("/staff/login", form("username", BackOfficeFixture.PROV11,
      "password", BackOfficeFixture.PASSWORD, "next", "/staff/audit?action=catalog."));
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.getHeader("Location")).isEqualTo("/staff/audit?action=catalog.");
    assertThat(web.token()).as("the CSRF token is rotated at login").isNotEqualTo(before);
    assertThat(web.get("/staff/login").getHeader("Location")).as("logged in already").isEqualTo("/staff");

    StaffWeb other = StaffWeb.anonymous(app);
    HttpResponse<Buffer> away = other.post("/staff/login", form("username", BackOfficeFixture.PROV11,
      "password", BackOfficeFixture.PASSWORD, "next", "/passport/account"));
    assertThat(away.getHeader("Location")).isEqualTo("/staff");
    assertThat(StaffWeb.anonymous(app).post("/staff/login", form("username", "admin", "password", TestApp.ADMIN_PASSWORD,
      "next", "//evil.example/")).getHeader("Location")).isEqualTo("/staff");

    HttpResponse<Buffer> out = web.post("/staff/logout", form());
    assertThat(out.getHeader("Location")).isEqualTo("/staff/login?notice=loggedOut");
    assertThat(web.get("/staff/login?notice=loggedOut").bodyAsString()).contains("您已安全退出工作人员后台");
    assertThat(web.get("/staff").statusCode()).isEqualTo(303);
  }

  @Test
  @DisplayName("dashboards: national by province, province by center, center staff by subject")
  void dashboards() {
    String national = StaffWeb.login(app, "admin", TestApp.ADMIN_PASSWORD).get("/staff").bodyAsString();
    assertThat(national).contains("各省座位").contains("北京市").contains("天津市").contains("id=\"stat-capacity\">480<");
    String province = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD).get("/staff").bodyAsString();
    assertThat(province).contains("各考点座位").contains("110001 北京职业技术学院考点").doesNotContain("天津")
      .contains("id=\"stat-capacity\">320<").contains("待审核");
    String center = StaffWeb.login(app, BackOfficeFixture.CENTER11, BackOfficeFixture.PASSWORD).get("/staff").bodyAsString();
    assertThat(center).contains("各科目座位").contains("28 二级Java语言程序设计").contains("id=\"stat-capacity\">160<");
  }

  @Test
  @DisplayName("a bad test center is shown again with every field error and nothing is written")
  void centerValidation() {
    StaffWeb web = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD);
    long centers = app.count("select count(*) from test_center");
    long audits = audits();
    HttpResponse<Buffer> r = web.post("/staff/exam-sessions/" + f.sid + "/centers", form("provinceCode", "11",
      "code", "bad code!", "name", "海淀考点", "maxSubjects", "9", "cap_28", "abc", "totalCapacity", "-1"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsString()).contains("id=\"e-code\"").contains("考点代码为 1 到 16 位字母或数字")
      .contains("id=\"e-maxSubjects\"").contains("id=\"e-capacities\"").contains("科目 28 的容量")
      .contains("id=\"e-totalCapacity\"").contains("value=\"海淀考点\"").contains("value=\"abc\"");
    assertThat(app.count("select count(*) from test_center")).isEqualTo(centers);
    assertThat(audits()).isEqualTo(audits);

    HttpResponse<Buffer> taken = web.post("/staff/exam-sessions/" + f.sid + "/centers", form("provinceCode", "11",
      "code", "110001", "name", "重复考点", "maxSubjects", "3"));
    assertThat(taken.statusCode()).isEqualTo(400);
    assertThat(taken.bodyAsString()).contains("该省本次考试已有此考点代码");

    HttpResponse<Buffer> ok = web.post("/staff/exam-sessions/" + f.sid + "/centers", form("provinceCode", "11",
      "code", "110009", "name", "海淀考点", "maxSubjects", "2", "reviewRequired", "on", "cap_28", "40", "cap_65", ""));
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(app.query("select review_required, class_required, max_subjects from test_center where code = '110009'")
      .iterator().next().toJson().encode()).isEqualTo("{\"review_required\":true,\"class_required\":false,\"max_subjects\":2}");
    assertThat(app.count("select count(*) from center_capacity k join test_center c on c.id = k.center_id "
      + "where c.code = '110009'")).as("an empty capacity means the subject is not offered").isEqualTo(1);
  }

  @Test
  @DisplayName("editing a center changes flags and capacities and is audited with before and after")
  void centerEditAndAudit() {
    StaffWeb web = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD);
    String page = web.get("/staff/centers/" + f.center11).bodyAsString();
    assertThat(page).contains("value=\"北京职业技术学院考点\"").contains("name=\"cap_28\"").contains("value=\"100\"");
    HttpResponse<Buffer> r = web.post("/staff/centers/" + f.center11, form("name", "北京职业技术学院考点（东校区）",
      "classRequired", "on", "maxSubjects", "2", "cap_28", "120", "cap_65", "60", "totalCapacity", "150"));
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.getHeader("Location")).isEqualTo("/staff/centers/" + f.center11 + "?notice=centerSaved");
    assertThat(app.count("select capacity from center_capacity where center_id = $1 and subject_code = '28'", f.center11))
      .isEqualTo(120);

    String audit = web.get("/staff/audit?action=catalog.center").bodyAsString();
    assertThat(audit).contains("catalog.center.update").contains("北京职业技术学院考点（东校区）")
      .contains("class=\"changed\"");
    String other = StaffWeb.login(app, BackOfficeFixture.PROV12, BackOfficeFixture.PASSWORD)
      .get("/staff/audit?action=catalog.center").bodyAsString();
    assertThat(other).as("a province office sees only its province").doesNotContain("东校区");
    String national = StaffWeb.login(app, "admin", TestApp.ADMIN_PASSWORD).get("/staff/audit?targetType=test_center&targetId="
      + f.center11).bodyAsString();
    assertThat(national).contains("东校区");
    HttpResponse<Buffer> badDate = web.get("/staff/audit?from=yesterday");
    assertThat(badDate.statusCode()).isEqualTo(400);
    assertThat(badDate.bodyAsString()).contains("id=\"e-from\"");
  }

  @Test
  @DisplayName("a form without its CSRF token is refused with 403 and changes nothing")
  void csrf() {
    StaffWeb web = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD);
    long audits = audits();
    HttpResponse<Buffer> r = web.postWithoutToken("/staff/centers/" + f.center11, form("name", "改名", "maxSubjects", "3"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsString()).contains("页面已过期");
    HttpResponse<Buffer> forged = web.postWithoutToken("/staff/accounts", form("_csrf", "x".repeat(43),
      "username", "forged", "password", BackOfficeFixture.PASSWORD, "role", "CENTER_STAFF", "provinceCode", "11",
      "centerCode", "110001"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(web.postWithoutToken("/staff/logout", form()).statusCode()).isEqualTo(403);
    assertThat(app.count("select count(*) from test_center where name = '改名'")).isZero();
    assertThat(app.count("select count(*) from staff_account where username = 'forged'")).isZero();
    assertThat(audits()).isEqualTo(audits);
    assertThat(web.get("/staff").statusCode()).as("still logged in").isEqualTo(200);
  }

  @Test
  @DisplayName("exam sessions: subject lines are checked line by line; a good form creates the session and subjects")
  void sessionCreate() {
    StaffWeb web = StaffWeb.login(app, "admin", TestApp.ADMIN_PASSWORD);
    long sessions = app.count("select count(*) from exam_session");
    HttpResponse<Buffer> bad = web.post("/staff/exam-sessions", form("name", "2027年3月", "nameEn", "March 2027",
      "subjects", "28,二级Java语言程序设计,2,90\n\n65,二级MS Office,2,九十\n66,只有三列,2\n28,重复,2,90\n7,代码太短,5,90"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("第 3 行 报名费：报名费请填写金额（元）").contains("第 4 行 格式：每行应有 4 项")
      .contains("第 5 行 科目代码：同一科目代码只能出现一次").contains("第 6 行 科目代码：科目代码为两位数字")
      .contains("第 6 行 级别：应在 1 到 4 之间").contains("value=\"2027年3月\"").contains("66,只有三列,2");
    assertThat(app.count("select count(*) from exam_session")).isEqualTo(sessions);

    HttpResponse<Buffer> taken = web.post("/staff/exam-sessions", form("name", "2026年9月", "subjects", "28,Java,2,90"));
    assertThat(taken.bodyAsString()).contains("已有同名的考试");

    HttpResponse<Buffer> ok = web.post("/staff/exam-sessions", form("name", "2027年3月", "nameEn", "March 2027",
      "subjects", "28，二级Java语言程序设计，2，90\r\n65\t二级MS Office高级应用与设计\t2\t95.50\n"));
    assertThat(ok.statusCode()).isEqualTo(303);
    long sid = app.count("select id from exam_session where name = '2027年3月'");
    assertThat(ok.getHeader("Location")).isEqualTo("/staff/exam-sessions/" + sid + "?notice=sessionCreated");
    assertThat(app.count("select fee_fen from subject where exam_session_id = $1 and code = '65'", sid)).isEqualTo(9550);

    HttpResponse<Buffer> subject = web.post("/staff/exam-sessions/" + sid + "/subjects/28", form("name", "二级Java",
      "level", "2", "fee", "0.001"));
    assertThat(subject.statusCode()).isEqualTo(400);
    assertThat(subject.bodyAsString()).contains("id=\"e-fee\"").contains("报名费请填写金额");
    assertThat(web.post("/staff/exam-sessions/" + sid + "/subjects/28", form("name", "二级Java", "level", "2", "fee", "100"))
      .statusCode()).isEqualTo(303);
    assertThat(app.count("select fee_fen from subject where exam_session_id = $1 and code = '28'", sid)).isEqualTo(10000);
    assertThat(web.get("/staff/exam-sessions/" + sid + "/subjects/99").statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("province windows are typed as Beijing time and checked like the API")
  void windows() {
    StaffWeb web = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD);
    String path = "/staff/exam-sessions/" + f.sid + "/provinces/11";
    OffsetDateTime before = app.query("select opens_at from province_window where province_code = '11'").iterator().next()
      .getOffsetDateTime(0);
    HttpResponse<Buffer> bad = web.post(path, form("opensAt", "2026-06-15T09:00", "closesAt", "2026-06-01T09:00",
      "payDeadline", "not a time", "ticketPrintFrom", "2026-08-25T09:00", "ticketPrintTo", ""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("报名截止时间须晚于开始时间").contains("请填写日期和时间（北京时间）")
      .contains("id=\"e-ticketPrintTo\"").contains("value=\"2026-06-15T09:00\"");
    assertThat(app.query("select opens_at from province_window where province_code = '11'").iterator().next()
      .getOffsetDateTime(0).toInstant()).isEqualTo(before.toInstant());

    HttpResponse<Buffer> ok = web.post(path, form("opensAt", "2026-06-01T09:00", "closesAt", "2026-06-15T17:00",
      "payDeadline", "2026-06-17T17:00", "ticketPrintFrom", "2026-08-25T09:00", "ticketPrintTo", "2026-09-01T09:00"));
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(app.query("select opens_at from province_window where province_code = '11'").iterator().next()
      .getOffsetDateTime(0).toInstant().toString()).isEqualTo("2026-06-01T01:00:00Z");
    assertThat(web.get(path).bodyAsString()).contains("value=\"2026-06-01T09:00\"");
    assertThat(web.get("/staff/exam-sessions/" + f.sid).bodyAsString()).contains("2026-06-01 09:00:00");
  }

  @Test
  @DisplayName("staff accounts: created within scope, weak passwords refused, disabling ends the account's sessions")
  void accounts() {
    StaffWeb prov = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD);
    String newPage = prov.get("/staff/accounts/new").bodyAsString();
    assertThat(newPage).contains("<option value=\"CENTER_STAFF\"").doesNotContain("<option value=\"PROVINCE_ADMIN\"")
      .contains("<option value=\"11\"").doesNotContain("<option value=\"12\"");
    HttpResponse<Buffer> weak = prov.post("/staff/accounts", form("username", "Zhang.San", "password", "weak",
      "role", "CENTER_STAFF", "provinceCode", "11", "centerCode", "110002"));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.bodyAsString()).contains("id=\"e-password\"").contains("value=\"Zhang.San\"").doesNotContain("value=\"weak\"");
    assertThat(app.count("select count(*) from staff_account where username = 'zhang.san'")).isZero();
    HttpResponse<Buffer> created = prov.post("/staff/accounts", form("username", "Zhang.San", "password",
      BackOfficeFixture.PASSWORD, "role", "CENTER_STAFF", "provinceCode", "11", "centerCode", "110002", "displayName", "张三"));
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(prov.get(created.getHeader("Location")).bodyAsString()).contains("工作人员账户已创建").contains("zhang.san");

    StaffWeb victim = StaffWeb.login(app, BackOfficeFixture.CENTER11B, BackOfficeFixture.PASSWORD);
    long id = f.accountId(BackOfficeFixture.CENTER11B);
    assertThat(prov.post("/staff/accounts/" + id + "/disable", form()).getHeader("Location"))
      .isEqualTo("/staff/accounts?notice=staffDisabled");
    assertThat(victim.get("/staff").statusCode()).as("its session ended").isEqualTo(303);
    assertThat(prov.get("/staff/accounts?q=c110002").bodyAsString()).contains("已停用").contains("/enable");
    HttpResponse<Buffer> locked = StaffWeb.anonymous(app).post("/staff/login", form("username", BackOfficeFixture.CENTER11B,
      "password", BackOfficeFixture.PASSWORD));
    assertThat(locked.statusCode()).isEqualTo(423);
    assertThat(prov.post("/staff/accounts/" + id + "/enable", form()).statusCode()).isEqualTo(303);
    StaffWeb.login(app, BackOfficeFixture.CENTER11B, BackOfficeFixture.PASSWORD);
    assertThat(prov.post("/staff/accounts/" + f.accountId(BackOfficeFixture.PROV11) + "/disable", form()).statusCode())
      .as("not oneself, nor an equal").isEqualTo(403);
  }

  @Test
  @DisplayName("every staff member changes their own password; afterwards every session of theirs is over")
  void ownPassword() {
    StaffWeb web = StaffWeb.login(app, BackOfficeFixture.CENTER11, BackOfficeFixture.PASSWORD);
    HttpResponse<Buffer> mismatch = web.post("/staff/password", form("currentPassword", BackOfficeFixture.PASSWORD,
      "newPassword", "New#Pass-2027", "confirmPassword", "New#Pass-2028"));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.bodyAsString()).contains("两次输入的新密码不一致");
    HttpResponse<Buffer> wrong = web.post("/staff/password", form("currentPassword", "Wrong#pass1",
      "newPassword", "New#Pass-2027", "confirmPassword", "New#Pass-2027"));
    assertThat(wrong.bodyAsString()).contains("当前密码不正确");
    HttpResponse<Buffer> ok = web.post("/staff/password", form("currentPassword", BackOfficeFixture.PASSWORD,
      "newPassword", "New#Pass-2027", "confirmPassword", "New#Pass-2027"));
    assertThat(ok.getHeader("Location")).isEqualTo("/staff/login?notice=passwordChanged");
    assertThat(web.get("/staff").statusCode()).isEqualTo(303);
    StaffWeb.login(app, BackOfficeFixture.CENTER11, "New#Pass-2027");
  }

  @Test
  @DisplayName("pages speak English on request, and the CSV template opens in spreadsheets (UTF-8 with BOM)")
  void englishAndTemplate() {
    StaffWeb web = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD);
    HttpResponse<Buffer> csv = web.get("/staff/exam-sessions/" + f.sid + "/centers/template.csv");
    assertThat(csv.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(csv.getHeader("Content-Disposition")).startsWith("attachment;");
    byte[] bytes = csv.body().getBytes();
    assertThat(new byte[]{bytes[0], bytes[1], bytes[2]}).isEqualTo(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    assertThat(csv.bodyAsString().substring(1)).startsWith("省份代码,考点代码,考点名称,考点地址,是否审核,是否需要班级,"
      + "最多报考科目数,考点总容量,科目28,科目65\r\n11,119901,");

    web.get("/lang/en?back=/staff");
    assertThat(web.get("/staff").bodyAsString()).contains("<html lang=\"en\">").contains("Staff home")
      .contains("Seats by test center").contains("Provincial exam office");
    assertThat(web.get("/staff/exam-sessions/" + f.sid + "/centers/template.csv").bodyAsString())
      .contains("province_code,center_code,name,address,review_required,class_required,max_subjects,total_capacity,cap_28,cap_65");
  }
}
