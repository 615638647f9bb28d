package org.ncrebm.registration;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;
import org.ncrebm.support.TestPhotos;
import org.openqa.selenium.Cookie;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The whole registration journey in a real browser, then review by the center: reject, correct, approve")
class RegistrationBrowserTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);

  @Test
  @DisplayName("province, center, agreement and ID, form with errors, photo, subjects, submit; review; correct; approve")
  void journey() throws Exception {
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    long center = staff.createCenter(admin, sid, "11", "110001", true, true, new JsonObject().put("24", 30).put("65", 30));
    long staffId = staff.createStaff(admin, "center1", "CENTER_STAFF", null, center);
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    Path photo = Files.createTempFile("photo", ".jpg");
    Files.write(photo, TestPhotos.good());
    Path png = Files.createTempFile("photo", ".jpg");
    Files.write(png, TestPhotos.png());
    String idNumber = TestIds.resident(LocalDate.of(2004, 3, 15), true);

    try (Browser b = Browser.open(app)) {
      b.go("/passport/login");
      b.type("#f-login", c[0]);
      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      b.click("#go-registration");
      assertThat(b.path()).isEqualTo("/bm");
      b.click("a[href='/bm/" + sid + "/11']");
      assertThat(b.text()).contains("考点110001").contains("报名中");
      b.click("#start-110001");

      b.type("#f-idNumber", TestIds.wrongCheck(idNumber));
      b.click("#start-submit");
      assertThat(b.find("#e-idNumber").getText()).contains("校验位");
      assertThat(b.find("#e-agreementAccepted").getText()).contains("同意");
      b.press("#f-agreementAccepted");
      b.type("#f-idNumber", idNumber.toLowerCase());
      b.click("#start-submit");
      assertThat(b.path()).endsWith("/profile");

      b.type("#f-name", "李四");
      b.press("#f-gender-F");
      b.type("#f-birthDate", "03/15/2004");
      new org.openqa.selenium.support.ui.Select(b.find("#f-ethnicity")).selectByValue("汉族");
      new org.openqa.selenium.support.ui.Select(b.find("#f-education")).selectByValue("BACHELOR");
      new org.openqa.selenium.support.ui.Select(b.find("#f-occupation")).selectByValue("STUDENT");
      b.type("#f-phone", "13800138000");
      b.type("#f-address", "北京市海淀区学院路1号");
      b.type("#f-postalCode", "100083");
      b.click("#profile-submit");
      assertThat(b.find("#e-gender").getText()).contains("证件号码");
      assertThat(b.find("#e-className").getText()).contains("必填");
      assertThat(b.find("#f-name").getAttribute("value")).isEqualTo("李四");
      b.press("#f-gender-M");
      b.type("#f-className", "计科2201");
      b.click("#profile-submit");
      assertThat(b.path()).endsWith("/photo");

      b.find("#f-photo").sendKeys(png.toString());
      b.click("#photo-submit");
      assertThat(b.find("#e-photo").getText()).contains("JPEG");
      b.find("#f-photo").sendKeys(photo.toString());
      b.click("#photo-submit");
      assertThat(b.text()).contains("照片已上传");

      b.press("#f-subject-24");
      b.press("#f-subject-65");
      b.click("#subjects-submit");
      assertThat(b.text()).contains("座位已为您保留");
      assertThat(b.find("#hold").getText()).contains("保留至");
      assertThat(b.find("#amount").getText()).isEqualTo("¥175.00");
      b.screenshot("registration-overview");
      b.click("#submit-registration");
      assertThat(b.text()).contains("待审核");
      assertThat(b.driver.findElements(org.openqa.selenium.By.id("edit-profile"))).isEmpty();

      // The center's staff review it in the same browser (a staff session cookie of their own).
      var issued = TestApp.await(app.main().services().platform().sessions().create(new SessionStore.NewSession(
        Principal.Kind.STAFF, Long.toString(staffId), "CENTER_STAFF", "11", "110001", "center1")));
      b.driver.manage().addCookie(new Cookie("ncre_staff_sid", issued.sessionId(), "/"));
      b.go("/staff/review");
      assertThat(b.path()).isEqualTo("/staff/centers/" + center + "/review");
      assertThat(b.text()).contains("李四").contains("***********");
      b.click("table a");
      assertThat(b.find("#review-name").getText()).isEqualTo("李四");
      b.type("#f-reason", "照片背景请用白色");
      b.click("#reject");
      assertThat(b.text()).contains("审核未通过");
      b.screenshot("review-rejected");

      b.go("/bm");
      b.click("table a");
      assertThat(b.text()).contains("照片背景请用白色");
      b.click("#edit-photo");
      b.find("#f-photo").sendKeys(photo.toString());
      b.click("#photo-submit");
      b.click("#submit-registration");
      assertThat(b.text()).contains("待审核");

      b.go("/staff/review");
      b.press("table input[type=checkbox]");
      b.click("#approve-selected");
      assertThat(b.text()).contains("已通过 1 条报名");

      b.go("/bm");
      b.click("table a");
      assertThat(b.text()).contains("待缴费");
      b.screenshot("registration-payable");
    }
    assertThat(app.count("select count(*) from registration where status = 'PAYABLE'")).isEqualTo(1);
    assertThat(app.count("select count(*) from review_decision")).isEqualTo(2);
  }
}
