package org.ncrebm.payment.sim;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncrebm.payment.gateway.AlipayCodec;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.RsaKeys;
import org.ncrebm.payment.gateway.TradeState;
import org.ncrebm.support.Browser;
import org.ncrebm.support.TestApp;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ncrebm.support.TestApp.await;

@DisplayName("The simulator's pay page: shows the order in Chinese or English, pays or cancels through CSRF forms")
class SimPagesTest {
  @RegisterExtension
  static final TestApp app = SimTesting.app();
  private static final String CSRF = "c".repeat(43);
  private final SimTesting sim = new SimTesting(app);

  private static String pathOf(String url) {
    URI u = URI.create(url);
    return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  private HttpResponse<Buffer> submit(String path, String action, String redirectUrl, boolean withCsrf) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("action", action).add("redirect_url", redirectUrl);
    if (withCsrf) form.add("_csrf", CSRF);
    return await(app.client().post(path).putHeader("Cookie", "ncre_csrf=" + CSRF).sendForm(form));
  }

  @ParameterizedTest
  @EnumSource(GatewayKind.class)
  @DisplayName("the page shows merchant, order number and amount; Pay sends the buyer back and the notify out")
  void payThroughThePage(GatewayKind kind) {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(kind))) {
      String no = SimTesting.orderNo();
      String page = pathOf(sim.create(kind, no, 8000, receiver));
      HttpResponse<Buffer> zh = await(app.client().get(page).send());
      assertThat(zh.statusCode()).isEqualTo(200);
      assertThat(zh.bodyAsString()).contains(no, "¥80.00", SimTesting.SUBJECT, "确认付款", "待支付");
      HttpResponse<Buffer> en = await(app.client().get(page).putHeader("Accept-Language", "en").send());
      assertThat(en.bodyAsString()).contains("Pay", "Waiting for payment", no);

      String redirect = kind == GatewayKind.WECHAT ? sim.returnUrl() : "";
      assertThat(submit("/sim/" + kind.id() + "/checkout/" + no, "pay", redirect, false).statusCode())
        .as("no CSRF token").isEqualTo(403);
      HttpResponse<Buffer> paid = submit("/sim/" + kind.id() + "/checkout/" + no, "pay", redirect, true);
      assertThat(paid.statusCode()).isEqualTo(303);
      String back = paid.getHeader("Location");
      assertThat(back).startsWith(sim.returnUrl());
      if (kind == GatewayKind.ALIPAY) {
        Map<String, String> p = AlipayCodec.parseForm(URI.create(back).getRawQuery());
        assertThat(p).containsEntry("out_trade_no", no).containsEntry("total_amount", "80.00");
        var gatewayKey = RsaKeys.publicKey(app.main().serviceConfig().payment().alipay().gatewayPublicKey());
        assertThat(AlipayCodec.verify(gatewayKey, p, true)).as("the return is signed by the gateway").isTrue();
      }
      assertThat(receiver.await(no, 1).get(0).event().state()).isEqualTo(TradeState.PAID);
      assertThat(await(app.client().get(page).send()).bodyAsString()).contains("已支付").doesNotContain("确认付款");
      assertThat(submit("/sim/" + kind.id() + "/checkout/" + no, "pay", redirect, true).statusCode())
        .as("paying again").isEqualTo(409);
    }
  }

  @Test
  @DisplayName("Cancel leaves the order payable and goes back; an unknown order's page is 404")
  void cancel() {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(GatewayKind.ALIPAY))) {
      String no = SimTesting.orderNo();
      sim.create(GatewayKind.ALIPAY, no, 2000, receiver);
      HttpResponse<Buffer> r = submit("/sim/alipay/checkout/" + no, "cancel", "", true);
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.getHeader("Location")).isEqualTo(sim.returnUrl());
      assertThat(await(sim.gateway(GatewayKind.ALIPAY).query(no)).state()).isEqualTo(TradeState.NOT_PAID);
      assertThat(await(app.client().get("/sim/alipay/checkout/" + SimTesting.orderNo()).send()).statusCode()).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("in a real browser, a buyer opens the WeChat pay page, pays, and lands on the merchant's return URL")
  void browser() {
    try (NotifyReceiver receiver = new NotifyReceiver(app.vertx(), sim.gateway(GatewayKind.WECHAT));
         Browser b = Browser.open(app)) {
      String no = SimTesting.orderNo();
      String page = pathOf(sim.create(GatewayKind.WECHAT, no, 8000, receiver));
      b.go(page);
      assertThat(b.find("#sim-order-no").getText()).isEqualTo(no);
      assertThat(b.find("#sim-amount").getText()).isEqualTo("¥80.00");
      b.screenshot("sim-wechat-checkout");
      b.click("#sim-pay");
      assertThat(b.path()).isEqualTo("/registrations/back");
      assertThat(receiver.await(no, 1).get(0).event().state()).isEqualTo(TradeState.PAID);
    }
  }
}
