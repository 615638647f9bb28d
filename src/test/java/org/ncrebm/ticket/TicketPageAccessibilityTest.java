package org.ncrebm.ticket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.support.AxeAudit;
import org.ncrebm.support.Browser;
import org.ncrebm.support.TestApp;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The admission ticket pages meet WCAG 2.1 A and AA (axe-core in Chromium), on a phone and a desktop, in Chinese and English")
class TicketPageAccessibilityTest {
  @RegisterExtension
  static final TestApp app = TicketFlowFixture.app();
  private final TicketFlowFixture fx = new TicketFlowFixture(app);

  private record Page(String name, String path) {
  }

  @Test
  @DisplayName("a paid registration, its ticket before the print window and inside it")
  void ticketPages() {
    fx.setUp();
    fx.savePlan();
    String id = fx.paidThroughApi()[1];
    fx.closeWindow();
    assertThat(fx.arrange().getString("status")).isEqualTo("DONE");
    String r = "/bm/r/" + id;
    try (Browser b = Browser.open(app)) {
      app.clock.set(fx.opened.plus(Duration.ofDays(20)));
      signIn(b, id);
      AxeAudit before = new AxeAudit();
      before.checkAll(b, List.of(new Page("registration (paid)", r), new Page("ticket before printing", r + "/ticket")),
        Page::name, Page::path, (p, br) -> br.go(p.path()));
      before.assertClean();

      fx.printWindow();
      signIn(b, id);
      AxeAudit inside = new AxeAudit();
      inside.checkAll(b, List.of(new Page("ticket", r + "/ticket")), Page::name, Page::path, (p, br) -> br.go(p.path()));
      assertThat(b.driver.findElements(org.openqa.selenium.By.cssSelector("img.qr"))).hasSize(2);
      inside.assertClean();
    }
  }

  /** A fresh session cookie for the registration's owner (sessions end with the test clock's days). */
  private void signIn(Browser b, String registrationId) {
    String account = app.query("select account_id from registration where id = $1::uuid", registrationId)
      .iterator().next().getUUID(0).toString();
    var issued = TestApp.await(app.main().services().platform().sessions().create(new SessionStore.NewSession(
      Principal.Kind.CANDIDATE, account, null, null, null, "candidate")));
    b.go("/health/live");
    b.driver.manage().deleteCookieNamed("ncre_sid");
    b.cookie("ncre_sid", issued.sessionId());
  }
}
