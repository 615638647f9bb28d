package org.ncrebm.payment;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A candidate pays through the simulator's pay page in a real browser and sees the payment confirmed")
class PaymentBrowserTest {
  @RegisterExtension
  static final TestApp app = PaymentFixture.app();

  @Test
  @DisplayName("overview, choose WeChat Pay, confirm the information, pay on the gateway's page, back to the timeline")
  void paysInTheBrowser() {
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    long center = staff.createCenter(admin, sid, "11", "110001", false, false, new JsonObject().put("24", 5));
    String[] c = Candidates.uniqueContact();
    Candidates candidates = new Candidates(app);
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    String token = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
    Journey journey = new Journey(app);
    String id = journey.ready(token, sid, center, "24");
    journey.submit(token, id);
    assertThat(TestIds.resident()).isNotBlank();

    try (Browser b = Browser.open(app)) {
      b.go("/passport/login?next=/bm/r/" + id);
      b.type("#f-login", c[0]);
      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      assertThat(b.text()).contains("待缴费");
      b.press("#f-gateway-wechat");
      b.click("#pay");
      assertThat(b.text()).contains("请先勾选确认");
      b.press("#f-gateway-wechat");
      b.press("#f-confirm");
      b.click("#pay");
      assertThat(b.path()).startsWith("/sim/wechat/checkout/");
      assertThat(b.text()).contains("90.00");
      b.screenshot("payment-gateway-page");
      b.click("#sim-pay");
      assertThat(b.path()).isEqualTo("/bm/r/" + id + "/payment");
      for (int i = 0; i < 40 && !b.text().contains("已支付"); i++) {
        assertThat(b.text()).doesNotContain("失败");
        b.go("/bm/r/" + id + "/payment?" + b.driver.getCurrentUrl().split("\\?")[1]);
      }
      assertThat(b.find("#pay-status").getText()).isEqualTo("已支付");
      assertThat(b.find("#timeline").getText()).contains("订单已创建").contains("支付平台确认已付款");
      b.screenshot("payment-confirmed");
      b.click("a[href='/bm/r/" + id + "']");
      assertThat(b.text()).contains("已缴费");
    }
    assertThat(app.count("select count(*) from registration where status = 'PAID'")).isEqualTo(1);
  }
}
