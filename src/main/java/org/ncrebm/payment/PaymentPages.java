package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.ncrebm.platform.web.Web.op;

/**
 * Paying from the registration: choose a gateway, go to its pay page, come back to a page that shows the payment's
 * timeline and, while the gateway's answer is pending (never "failed" before it), a link to look again and a
 * rate-limited "check with the gateway now" (no timed refresh: WCAG 2.2.1 leaves the timing to the candidate).
 */
public final class PaymentPages {
  private final PaymentService payments;
  private final PaymentRoutes routes;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;

  public PaymentPages(PaymentService payments, PaymentRoutes routes, Authenticator auth, Pages pages, Csrf csrf) {
    this.payments = payments;
    this.routes = routes;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
  }

  public void mount(Router router) {
    router.post("/bm/r/:id/pay").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
      .handler(op(this::pay));
    router.get("/bm/r/:id/payment").handler(auth.required(Kind.CANDIDATE)).handler(op(this::status));
    router.post("/bm/r/:id/payment/check").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE))
      .handler(csrf).handler(op(this::check));
  }

  private Future<Void> pay(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    GatewayKind kind = GatewayKind.byId(ctx.request().getFormAttribute("gateway"));
    if (kind == null) {
      return Web.redirect(ctx, "/bm/r/" + id + "?notice=notice.chooseGateway");
    }
    if (!"yes".equals(ctx.request().getFormAttribute("confirm"))) {
      return Web.redirect(ctx, "/bm/r/" + id + "?notice=notice.confirmInfo");
    }
    return payments.createOrder(Web.principal(ctx), Actor.of(ctx), id, kind)
      .compose(o -> Web.redirect(ctx, o.payUrl()));
  }

  private Future<Void> status(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    UUID orderId = orderParam(ctx.request().getParam("order"));
    return render(ctx, id, orderId, null);
  }

  private Future<Void> render(RoutingContext ctx, UUID id, UUID orderId, String notice) {
    return payments.registrationOf(Web.principal(ctx), id).compose(r -> routes.ordersJson(id)).compose(orders -> {
      JsonObject order = null;
      for (Object o : orders) {
        if (((JsonObject) o).getString("orderId").equals(orderId.toString())) order = (JsonObject) o;
      }
      if (order == null) return Future.failedFuture(AppException.notFound());
      Map<String, Object> model = pages.model(ctx);
      model.put("registrationId", id.toString());
      model.put("order", order.getMap());
      List<Object> timeline = new ArrayList<>();
      order.getJsonArray("timeline").forEach(e -> timeline.add(((JsonObject) e).getMap()));
      model.put("timeline", timeline);
      model.put("pending", order.getString("status").equals("CREATED") || order.getString("status").equals("AT_GATEWAY"));
      model.put("yuan", String.format("%.2f", order.getInteger("amountFen") / 100.0));
      if (notice != null) model.put("notice", notice);
      return pages.render(ctx, 200, "registration/payment", model);
    });
  }

  private Future<Void> check(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    UUID orderId = orderParam(ctx.request().getFormAttribute("order"));
    return payments.check(Web.principal(ctx), id, orderId)
      .compose(o -> Web.redirect(ctx, "/bm/r/" + id + "/payment?order=" + orderId))
      .recover(err -> err instanceof AppException e && e.code() == ErrorCode.RATE_LIMITED
        ? render(ctx, id, orderId, "notice.checkLater") : Future.failedFuture(err));
  }

  private static UUID orderParam(String value) {
    try {
      return UUID.fromString(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw AppException.notFound();
    }
  }

}
