package org.ncrebm.accessibility;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;
import org.ncrebm.support.TestPhotos;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The candidate flow by keyboard alone, and with JavaScript switched off")
class KeyboardAndNoScriptTest {
  @RegisterExtension
  static final TestApp app = new TestApp(new JsonObject().put("sim.time-factor", 0.0005).put("sim.poll-ms", 50))
    .keepDataBetweenTests();
  private static long sid;
  private static long center;
  private final Candidates candidates = new Candidates(app);

  @BeforeAll
  static void setUp() {
    app.reset();
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    center = staff.createCenter(admin, sid, "11", "110001", false, false, new JsonObject().put("24", 30).put("65", 30));
  }

  /** What has the focus: its tag, id and classes, for messages. */
  private static String focused(Browser b) {
    return String.valueOf(js(b).executeScript("var e = document.activeElement;"
      + "return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')"
      + " + (e.getAttribute('href') ? '[href=' + e.getAttribute('href') + ']' : '');"));
  }

  private static boolean focusMatches(Browser b, String css) {
    return Boolean.TRUE.equals(js(b).executeScript("return document.activeElement.matches(arguments[0]);", css));
  }

  /** The focused element's focus indicator: an outline or a box shadow, as computed for it now. */
  private static String focusIndicator(Browser b) {
    return String.valueOf(js(b).executeScript("var s = getComputedStyle(document.activeElement);"
      + "var outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;"
      + "return outline ? 'outline ' + s.outlineWidth + ' ' + s.outlineStyle + ' ' + s.outlineColor"
      + " : (s.boxShadow !== 'none' ? 'box-shadow ' + s.boxShadow : 'none');"));
  }

  /**
   * Presses Tab until the focus is on {@code css} (at most 60 times), checking that every element the focus passes
   * shows that it has it; returns the path the focus took.
   */
  private static List<String> tabTo(Browser b, String css) {
    List<String> path = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      b.keys(Keys.TAB);
      String here = focused(b);
      path.add(here);
      assertThat(focusIndicator(b)).as("visible focus on " + here).isNotEqualTo("none");
      if (focusMatches(b, css)) return path;
    }
    throw new AssertionError("Tab never reached " + css + ": " + path);
  }

  private static JavascriptExecutor js(Browser b) {
    return (JavascriptExecutor) b.driver;
  }

  @Test
  @DisplayName("Tab reaches the skip link first, it moves the focus to the content; sign in and fill in the registration with keys only")
  void keyboardOnly() {
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    String idNumber = TestIds.resident();
    try (Browser b = Browser.open(app)) {
      b.go("/passport/login");
      b.keys(Keys.TAB);
      assertThat(focused(b)).as("the first Tab stop").isEqualTo("a.skip[href=#main]");
      assertThat(focusIndicator(b)).isNotEqualTo("none");
      b.screenshot("keyboard-skip-link");
      assertThat(((Number) js(b).executeScript("return document.activeElement.getBoundingClientRect().left;"))
        .doubleValue()).as("the focused skip link is on screen").isGreaterThanOrEqualTo(0);
      b.keys(Keys.ENTER);
      assertThat(focused(b)).as("the skip link's target has the focus").startsWith("main#main");
      b.keys(Keys.TAB);
      assertThat(focusMatches(b, "main *")).as("the next Tab stays in the content: " + focused(b)).isTrue();

      // Sign in: from the top of the page, to the login field, type, Tab, type, Enter.
      b.go("/passport/login");
      List<String> order = tabTo(b, "#f-login");
      assertThat(order.get(0)).isEqualTo("a.skip[href=#main]");
      b.keys(c[0], Keys.TAB);
      b.screenshot("keyboard-focus-password");
      assertThat(focusMatches(b, "#f-password")).as(focused(b)).isTrue();
      b.keysToNewPage(Candidates.PASSWORD, Keys.ENTER);
      assertThat(b.path()).isEqualTo("/passport/account");

      // To the registration, the province, the center: each a link followed with Enter.
      tabTo(b, "#go-registration");
      b.keysToNewPage(Keys.ENTER);
      assertThat(b.path()).isEqualTo("/bm");
      tabTo(b, "a[href='/bm/" + sid + "/11']");
      b.keysToNewPage(Keys.ENTER);
      tabTo(b, "#start-110001");
      b.keysToNewPage(Keys.ENTER);
      assertThat(b.path()).isEqualTo("/bm/" + sid + "/11/start");

      // Agreement (Space ticks it) and ID, submitted with Enter.
      tabTo(b, "#f-agreementAccepted");
      b.keys(Keys.SPACE);
      tabTo(b, "#f-idNumber");
      b.keysToNewPage(idNumber, Keys.ENTER);
      assertThat(b.path()).as(b.text()).endsWith("/profile");

      // The form: text, radio (Space), date (typed), selects (arrow keys), then Enter.
      tabTo(b, "#f-name");
      b.keys("张三");
      tabTo(b, "input[name=gender]");
      if (!focusMatches(b, "#f-gender-M")) b.keys(Keys.ARROW_UP);
      b.keys(Keys.SPACE);
      tabTo(b, "#f-birthDate");
      b.keys("03152004");
      for (String select : List.of("#f-ethnicity", "#f-education", "#f-occupation")) {
        tabTo(b, select);
        b.keys(Keys.ARROW_DOWN);
      }
      tabTo(b, "#f-phone");
      b.keys("13800138000");
      tabTo(b, "#f-address");
      b.keys("北京市海淀区学院路1号");
      tabTo(b, "#f-postalCode");
      b.keys("100083");
      tabTo(b, "#f-className");
      b.keysToNewPage(Keys.ENTER);
      assertThat(b.path()).as(b.text()).endsWith("/photo");
    }
    var row = app.query("select name, gender, birth_date::text, ethnicity from registration").iterator().next();
    assertThat(row.getString(0)).isEqualTo("张三");
    assertThat(row.getString(1)).isEqualTo("M");
    assertThat(row.getString(2)).isEqualTo("2004-03-15");
  }

  @Test
  @DisplayName("without JavaScript, on a phone, in English by Accept-Language: sign up with codes, sign in, register, upload the photo, choose subjects, submit, pay")
  void withoutJavaScript() throws Exception {
    String[] c = Candidates.uniqueContact();
    Path photo = Files.createTempFile("photo", ".jpg");
    Files.write(photo, TestPhotos.good());
    try (Browser b = Browser.open(app,
      Browser.Options.DEFAULT.size(390, 844).languages("en-US,en").withoutJavaScript())) {
      b.driver.get("data:text/html,<title>off</title><script>document.title='on'</script>");
      assertThat(b.driver.getTitle()).as("page scripts do not run").isEqualTo("off");

      b.go("/");
      assertThat(b.find("html").getAttribute("lang")).isEqualTo("en");
      shownWhole(b);
      b.click("a.button.secondary");
      b.type("#f-email", c[0]);
      b.click("#send-email-code");
      b.type("#f-emailCode", candidates.latestCode(c[0]));
      b.type("#f-mobile", c[1]);
      b.click("#send-sms-code");
      b.type("#f-smsCode", candidates.latestCode(c[1]));
      b.type("#f-password", Candidates.PASSWORD);
      shownWhole(b);
      b.click("#register-submit");
      assertThat(b.path()).isEqualTo("/passport/login");

      b.type("#f-login", c[0]);
      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      b.click("#go-registration");
      shownWhole(b);
      b.click("a[href='/bm/" + sid + "/11']");
      shownWhole(b);
      b.click("#start-110001");
      shownWhole(b);
      b.press("#f-agreementAccepted");
      b.type("#f-idNumber", TestIds.resident());
      b.click("#start-submit");
      assertThat(b.path()).endsWith("/profile");

      b.type("#f-name", "张三");
      b.press("#f-gender-M");
      b.type("#f-birthDate", "03152004");
      new org.openqa.selenium.support.ui.Select(b.find("#f-ethnicity")).selectByValue("汉族");
      new org.openqa.selenium.support.ui.Select(b.find("#f-education")).selectByValue("BACHELOR");
      new org.openqa.selenium.support.ui.Select(b.find("#f-occupation")).selectByValue("STUDENT");
      b.type("#f-phone", "13800138000");
      b.type("#f-address", "北京市海淀区学院路1号");
      b.type("#f-postalCode", "100083");
      shownWhole(b);
      b.click("#profile-submit");
      assertThat(b.path()).as(b.text()).endsWith("/photo");
      shownWhole(b);
      b.find("#f-photo").sendKeys(photo.toString());
      b.click("#photo-submit");
      b.press("#f-subject-24");
      b.click("#subjects-submit");
      shownWhole(b);
      b.click("#submit-registration");
      assertThat(b.text()).contains("Awaiting payment");
      b.press("#f-confirm");
      b.click("#pay");
      assertThat(b.path()).startsWith("/sim/alipay/checkout/");
      b.click("#sim-pay");
      assertThat(b.path()).endsWith("/payment");
      for (int i = 0; i < 80 && !b.find("#pay-status").getText().equals("Paid"); i++) {
        org.ncrebm.support.Polling.pause(50);
        b.click("#refresh-status");
      }
      assertThat(b.find("#pay-status").getText()).isEqualTo("Paid");
      shownWhole(b);
    }
    assertThat(app.count("select count(*) from registration r join account a on a.id = r.account_id "
      + "where a.email = $1 and r.status = 'PAID'", c[0])).isEqualTo(1);
  }

  /**
   * Nothing in the page's content waits for a script to show it: no element of {@code main} is hidden except hidden
   * form fields, the Enter key's default button and text kept for screen readers.
   */
  private static void shownWhole(Browser b) {
    Object hidden = js(b).executeScript("return Array.from(document.querySelectorAll('main *')).filter(function (e) {"
      + "if (e.matches('input[type=hidden], .default-action, .visually-hidden, option')) return false;"
      + "var s = getComputedStyle(e); return s.display === 'none' || s.visibility === 'hidden';"
      + "}).map(function (e) { return e.outerHTML.slice(0, 120); });");
    assertThat((List<?>) hidden).as("content hidden on " + b.path()).isEmpty();
  }
}
