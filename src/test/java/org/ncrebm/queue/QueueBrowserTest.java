package org.ncrebm.queue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The waiting-room page in a real browser: position, progress, polling, admission, then the registration")
class QueueBrowserTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);

  @Test
  @DisplayName("a start refused for want of admission leads to the room; the page follows the line and moves on when admitted")
  void waitThenRegister() {
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    staff.createCenter(admin, sid, "11", "110001", false, false, new JsonObject().put("24", 30));
    assertThat(app.put("/api/v1/staff/exam-sessions/" + sid + "/provinces/11/waiting-room", new JsonObject()
      .put("enabled", true).put("admitPerSecond", 1).put("admissionMinutes", 20), admin).status()).isEqualTo(200);
    List<String[]> earlier = candidates.seeded(2);
    earlier.forEach(p -> assertThat(app.post("/api/v1/exam-sessions/" + sid + "/provinces/11/queue",
      new JsonObject(), p[1]).status()).isEqualTo(200));
    app.clock.advance(Duration.ofMillis(1));
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    String room = "/queue/" + sid + "/11";

    try (Browser b = Browser.open(app)) {
      b.go("/passport/login");
      b.type("#f-login", c[0]);
      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      b.go("/bm/" + sid + "/11");
      // the province page points to the room
      assertThat(b.find("#go-waiting-room").getAttribute("href")).endsWith(room);
      b.click("#start-110001");
      b.press("#f-agreementAccepted");
      b.type("#f-idNumber", TestIds.resident());
      b.click("#start-submit");
      // refused for want of an admission: sent to the room
      assertThat(b.path()).isEqualTo(room);
      assertThat(b.text()).contains("等候室");
      b.click("#queue-enter");
      assertThat(b.path()).isEqualTo(room);
      assertThat(b.find("#queue-position").getText()).isEqualTo("3");
      assertThat(b.find("#queue-ahead").getText()).isEqualTo("2");
      assertThat(b.find("#queue-eta").getText()).contains("秒");
      assertThat(b.find("#queue-progress").getAttribute("max")).isEqualTo("100");
      // without JavaScript the page reloads itself
      assertThat(b.driver.getPageSource()).contains("<noscript><meta http-equiv=\"refresh\"");
      b.screenshot("queue-waiting");

      // the same place after a refresh
      b.go(room);
      assertThat(b.find("#queue-position").getText()).isEqualTo("3");
      b.go("/lang/en?back=" + room);
      assertThat(b.text()).contains("Your position").contains("People ahead of you");

      // admissions go on while the page polls: the first tick admits one, the page follows
      tick();
      new WebDriverWait(b.driver, Duration.ofSeconds(30))
        .until(d -> "2".equals(d.findElement(org.openqa.selenium.By.id("queue-position")).getText()));
      tick();
      tick();
      // admitted: the page sets the admission cookie and moves on to the registration
      new WebDriverWait(b.driver, Duration.ofSeconds(30)).until(d -> b.path().equals("/bm/" + sid + "/11"));
      assertThat(b.driver.manage().getCookieNamed(Admissions.cookieName(sid, "11"))).isNotNull();
      assertThat(b.driver.findElements(org.openqa.selenium.By.id("go-waiting-room"))).isEmpty();
      b.click("#start-110001");
      b.press("#f-agreementAccepted");
      b.type("#f-idNumber", TestIds.resident());
      b.click("#start-submit");
      assertThat(b.path()).endsWith("/profile");
      b.screenshot("queue-admitted");
    }
    assertThat(app.count("select count(*) from registration")).isEqualTo(1);
  }

  private void tick() {
    app.clock.advance(Duration.ofSeconds(1));
    TestApp.await(app.main().services().queue().admitOnce());
  }
}
