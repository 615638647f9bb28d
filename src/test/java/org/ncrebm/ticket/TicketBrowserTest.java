package org.ncrebm.ticket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.TestApp;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("In a real browser: the candidate opens the ticket page from the registration; staff check its QR text")
class TicketBrowserTest {
  @RegisterExtension
  static final TestApp app = TicketFlowFixture.app();
  private final TicketFlowFixture fx = new TicketFlowFixture(app);

  @Test
  @DisplayName("before the print window the page gives the dates; inside it shows room, seat, QR and the PDF link; the scan page says valid")
  void ticketPage() {
    fx.setUp();
    fx.savePlan();
    String id = fx.paidThroughApi()[1];
    String email = app.query("select a.email from account a join registration r on r.account_id = a.id "
      + "where r.id = $1::uuid", id).iterator().next().getString(0);
    fx.closeWindow();
    assertThat(fx.arrange().getString("status")).isEqualTo("DONE");
    app.clock.set(fx.opened.plus(Duration.ofDays(20)));

    try (Browser b = Browser.open(app)) {
      login(b, email, id);
      b.click("#ticket-link");
      assertThat(b.path()).isEqualTo("/bm/r/" + id + "/ticket");
      assertThat(b.find("#ticket-unavailable").getText()).contains("准考证打印时间为");

      // Days later the session has ended: log in again.
      fx.printWindow();
      login(b, email, id);
      b.click("#ticket-link");
      ApiResponse json = app.get("/api/v1/registrations/" + id + "/ticket", fx.candidateToken(id));
      String number = json.json().getString("ticketNumber");
      assertThat(b.find("#ticket-name").getText()).isEqualTo("张三");
      assertThat(b.text()).contains(number);
      assertThat(b.find("#ticket-24 .ticket-when").getText()).startsWith("2026-12-19 09:00 – 11:00");
      assertThat(b.driver.findElements(org.openqa.selenium.By.cssSelector("img.qr"))).hasSize(2);
      assertThat(b.find("#pdf-24").getAttribute("href")).endsWith("/api/v1/registrations/" + id + "/ticket.pdf?subject=24");
      b.screenshot("ticket-page");
    }

    String token = app.get("/api/v1/registrations/" + id + "/ticket", fx.candidateToken(id)).json()
      .getJsonArray("tickets").getJsonObject(0).getString("qrToken");
    try (Browser b = Browser.open(app)) {
      b.go("/staff/login");
      b.type("#f-username", "admin");
      b.type("#f-password", TestApp.ADMIN_PASSWORD);
      b.click("#staff-login-submit");
      b.go("/staff/tickets/scan");
      b.type("#f-examSessionId", Long.toString(fx.sid));
      b.type("#f-token", token);
      b.click("#scan-submit");
      assertThat(b.find("#scan-status").getText()).isEqualTo("准考证有效");
      b.type("#f-token", token.substring(0, token.length() - 4) + "AAAA");
      b.click("#scan-submit");
      assertThat(b.find("#scan-status").getText()).startsWith("无效");
    }
  }

  private static void login(Browser b, String email, String registrationId) {
    b.go("/passport/login?next=/bm/r/" + registrationId);
    b.type("#f-login", email);
    b.type("#f-password", Candidates.PASSWORD);
    b.click("#login-submit");
    assertThat(b.path()).isEqualTo("/bm/r/" + registrationId);
  }
}
