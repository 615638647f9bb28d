package org.ncrebm.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.BackOfficeFixture;
import org.ncrebm.support.Browser;
import org.ncrebm.support.TestApp;
import org.openqa.selenium.By;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A province exam office works in the back office in a real browser")
class BackOfficeBrowserTest {
  @RegisterExtension
  static final TestApp app = new TestApp();

  private static String file(String name, String content) throws Exception {
    Path dir = Path.of("target", "browser-files");
    Files.createDirectories(dir);
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p.toAbsolutePath().toString();
  }

  @Test
  @DisplayName("log in, see the dashboard, create a test center that the public catalogue then lists, import a CSV")
  void provinceOffice() throws Exception {
    BackOfficeFixture f = new BackOfficeFixture(app);
    try (Browser b = Browser.open(app)) {
      b.go("/staff");
      assertThat(b.path()).isEqualTo("/staff/login");
      b.type("#f-username", BackOfficeFixture.PROV11);
      b.type("#f-password", "Wrong#pass1");
      b.click("#staff-login-submit");
      assertThat(b.find("[role=alert]").getText()).contains("账号或密码不正确");
      b.type("#f-password", BackOfficeFixture.PASSWORD);
      b.click("#staff-login-submit");
      assertThat(b.path()).isEqualTo("/staff");
      assertThat(b.find("h1").getText()).isEqualTo("工作台");
      assertThat(b.find("#stat-capacity").getText()).isEqualTo("320");
      assertThat(b.text()).contains("各考点座位").contains("110002 北京信息工程学校考点").doesNotContain("天津");
      b.screenshot("backoffice-dashboard");

      b.click("nav.main a[href='/staff/centers']");
      assertThat(b.path()).isEqualTo("/staff/exam-sessions/" + f.sid + "/centers");
      b.click("#new-center");
      assertThat(b.find("#f-provinceCode").getAttribute("value")).isEqualTo("11");
      b.type("#f-code", "110077");
      b.type("#f-name", "北京海淀区第一中学考点");
      b.type("#f-address", "北京市海淀区示范路77号");
      b.press("#f-reviewRequired");
      b.type("#f-cap_28", "-5");
      b.click("#center-submit");
      assertThat(b.find("#e-capacities").getText()).contains("科目 28 的容量");
      assertThat(b.find("#f-name").getAttribute("value")).isEqualTo("北京海淀区第一中学考点");
      b.screenshot("backoffice-center-errors");
      b.type("#f-cap_28", "50");
      b.type("#f-cap_65", "30");
      b.click("#center-submit");
      assertThat(b.text()).contains("考点已创建").contains("110077");

      b.go("/staff/exam-sessions/" + f.sid + "/centers");
      assertThat(b.driver.findElements(By.cssSelector("#centers tbody tr"))).hasSize(3);
      b.screenshot("backoffice-centers");

      ApiResponse catalogue = app.get("/api/v1/exam-sessions/" + f.sid + "/provinces/11/centers", null);
      assertThat(catalogue.status()).isEqualTo(200);
      JsonObject created = catalogue.jsonArray().stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("code").equals("110077")).findFirst().orElseThrow();
      assertThat(created.getString("name")).isEqualTo("北京海淀区第一中学考点");
      assertThat(created.getBoolean("reviewRequired")).isTrue();
      JsonArray subjects = created.getJsonArray("subjects");
      assertThat(subjects.encode()).contains("{\"code\":\"28\",\"capacity\":50,\"remaining\":50}");

      b.click("a[href='/staff/exam-sessions/" + f.sid + "/centers/import']");
      b.find("#f-file").sendKeys(file("bad.csv", "省份代码,考点代码,考点名称,最多报考科目数,科目28,科目65\n"
        + "11,110001,北京职业技术学院考点,3,100,60\n"
        + "12,120008,天津新考点,3,10,10\n"
        + "11,11 00 08,海淀新考点,4,十,\n"
        + "11,110009,朝阳新考点,3,20\n"));
      b.click("#import-submit");
      assertThat(b.find("#import-rejected").getText()).contains("文件未导入");
      assertThat(b.driver.findElements(By.cssSelector("#import-errors tbody tr"))).hasSize(5);
      b.screenshot("backoffice-import-report");
      assertThat(app.count("select count(*) from test_center where code in ('110008', '110009', '120008')")).isZero();

      b.find("#f-file").sendKeys(file("good.csv", "\uFEFF省份代码,考点代码,考点名称,最多报考科目数,科目28,科目65\n"
        + "11,110001,北京职业技术学院考点,3,110,60\n"
        + "11,110008,北京朝阳区职业学校考点,3,20,20\n"));
      b.click("#import-submit");
      assertThat(b.find("#import-ok").getText()).contains("新建 1 个考点，更新 1 个考点");
      b.screenshot("backoffice-import-done");

      b.go("/staff/exam-sessions/" + f.sid);
      b.screenshot("backoffice-session");
      b.click("#p-11 a");
      assertThat(b.find("#f-opensAt").getAttribute("value")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}");
      b.screenshot("backoffice-window");
      b.go("/staff/audit");
      b.screenshot("backoffice-audit");
      b.go("/staff/accounts");
      assertThat(b.text()).contains(BackOfficeFixture.CENTER11B).doesNotContain(BackOfficeFixture.CENTER12);
      b.screenshot("backoffice-accounts");

      b.click("#staff-logout");
      assertThat(b.path()).isEqualTo("/staff/login");
      assertThat(b.text()).contains("您已安全退出工作人员后台");
    }
  }
}
