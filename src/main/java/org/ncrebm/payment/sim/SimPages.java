package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.payment.gateway.AlipayCodec;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Web;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The simulated gateways' pay page for people: merchant, order number, item and amount, with Pay and Cancel (forms
 * with CSRF, no JavaScript). Afterwards the browser goes back to the merchant: Alipay to the {@code return_url} of the
 * trade with the signed return parameters, WeChat to the {@code redirect_url} the merchant appended to the page URL.
 */
final class SimPages {
  private final Simulator sim;
  private final Pages pages;
  private final Csrf csrf;

  SimPages(Simulator sim, Pages pages, Csrf csrf) {
    this.sim = sim;
    this.pages = pages;
    this.csrf = csrf;
  }

  void mount(Router router) {
    router.get("/sim/:gateway/checkout/:no").handler(op(this::checkoutPage));
    router.post("/sim/:gateway/checkout/:no").handler(BodyLimits.form()).handler(csrf).handler(op(this::checkout));
  }

  private Future<Void> checkoutPage(RoutingContext ctx) {
    GatewayKind g = SimulatorRoutes.gateway(ctx);
    return trade(g, ctx.pathParam("no"))
      .compose(t -> render(ctx, t, ctx.request().getParam("redirect_url", ""), null, 200));
  }

  private Future<Void> checkout(RoutingContext ctx) {
    GatewayKind g = SimulatorRoutes.gateway(ctx);
    String no = ctx.pathParam("no");
    String redirect = ctx.request().getFormAttribute("redirect_url");
    boolean pay = "pay".equals(ctx.request().getFormAttribute("action"));
    Future<SimTrade> done = pay ? sim.pay(g, no) : trade(g, no);
    return done.compose(t -> {
      String back = returnTarget(t, redirect, pay);
      return back == null ? render(ctx, t, redirect, pay ? "sim.notice.paid" : "sim.notice.cancelled", 200)
        : Web.redirect(ctx, back);
    }, err -> {
      if (!(err instanceof SimException)) return Future.failedFuture(err);
      AppException shown = (AppException) SimulatorRoutes.asAppException(err).cause();
      return trade(g, no).compose(t -> {
        Map<String, Object> model = model(ctx, t, redirect);
        model.put("formError", pages.t(ctx, shown.messageKey()));
        return pages.render(ctx, 409, "sim/checkout", model);
      });
    });
  }

  private Future<SimTrade> trade(GatewayKind g, String no) {
    return sim.find(g, no).map(t -> {
      if (t == null) throw AppException.notFound();
      return t;
    });
  }

  private Future<Void> render(RoutingContext ctx, SimTrade t, String redirect, String notice, int status) {
    Map<String, Object> model = model(ctx, t, redirect);
    model.put("notice", notice == null ? "" : notice);
    return pages.render(ctx, status, "sim/checkout", model);
  }

  private Map<String, Object> model(RoutingContext ctx, SimTrade t, String redirect) {
    Map<String, Object> model = pages.model(ctx);
    boolean alipay = t.gateway() == GatewayKind.ALIPAY;
    Map<String, Object> order = new LinkedHashMap<>();
    order.put("gateway", t.gateway().id());
    order.put("merchantId", alipay ? t.appId() : sim.settings().wechatMchId());
    order.put("no", t.merchantOrderNo());
    order.put("subject", t.subject());
    order.put("amount", AlipayCodec.yuan(t.amountFen()));
    order.put("status", t.paid() ? "paid" : t.payable() ? "payable" : "closed");
    order.put("refunded", t.refundedFen() > 0);
    order.put("txn", t.paid() ? t.gatewayTxnId() : "");
    order.put("expiresAt", Times.display(t.expiresAt()));
    model.put("order", order);
    model.put("redirectUrl", redirect == null ? "" : redirect);
    String back = returnTarget(t, redirect, false);
    model.put("backUrl", back == null ? "" : back);
    return model;
  }

  /** Where the browser goes back to, or null when the merchant gave no (http or https) address. */
  private String returnTarget(SimTrade t, String redirect, boolean paid) {
    String url = t.gateway() == GatewayKind.ALIPAY ? t.returnUrl() : redirect;
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) return null;
    if (t.gateway() == GatewayKind.WECHAT || !paid) return url;
    // Alipay appends the signed synchronous return; the merchant must still wait for the notify or query.
    Map<String, String> p = new LinkedHashMap<>();
    p.put("method", "alipay.trade.page.pay.return");
    p.put("app_id", t.appId());
    p.put("auth_app_id", t.appId());
    p.put("charset", "utf-8");
    p.put("version", "1.0");
    p.put("timestamp", AlipayCodec.time(sim.clock().instant()));
    p.put("out_trade_no", t.merchantOrderNo());
    p.put("trade_no", t.gatewayTxnId());
    p.put("total_amount", AlipayCodec.yuan(t.amountFen()));
    p.put("seller_id", sim.settings().alipaySellerId());
    return url + (url.contains("?") ? "&" : "?") + AlipayCodec.form(AlipayCodec.signNotify(sim.settings().alipayGatewayKey(), p));
  }
}
