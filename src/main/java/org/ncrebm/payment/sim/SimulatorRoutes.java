package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.payment.gateway.AlipayCodec;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Web;

import static org.ncrebm.platform.web.Web.op;

/**
 * Everything under {@code /sim/} (dev and test profiles only, never mounted in production): both gateways' APIs,
 * the pay pages, and the controls of api.md that tests, the load test and people use to play the buyer and the
 * network: pay, send a notify again (N copies at once), and set faults; plus a JSON view of an order's notifies.
 */
public final class SimulatorRoutes {
  private final Simulator sim;
  private final SimPages pages;

  public SimulatorRoutes(Simulator sim, org.ncrebm.platform.web.Pages pages, org.ncrebm.platform.web.Csrf csrf) {
    this.sim = sim;
    this.pages = new SimPages(sim, pages, csrf);
  }

  public void mount(Router router) {
    new AlipaySimRoutes(sim).mount(router);
    new WechatSimRoutes(sim).mount(router);
    pages.mount(router);
    router.post("/sim/:gateway/orders/:no/pay").handler(BodyLimits.json()).handler(op(this::pay));
    router.post("/sim/:gateway/orders/:no/notify").handler(BodyLimits.json()).handler(op(this::notifyAgain));
    router.put("/sim/:gateway/faults").handler(BodyLimits.json()).handler(op(this::setFaults));
    router.get("/sim/:gateway/orders/:no").handler(op(this::order));
  }

  /** The buyer pays; 200 {gatewayTxnId}. */
  private Future<Void> pay(RoutingContext ctx) {
    GatewayKind g = gateway(ctx);
    return sim.pay(g, ctx.pathParam("no")).recover(SimulatorRoutes::asAppException)
      .compose(t -> Web.json(ctx, 200, new JsonObject().put("gatewayTxnId", t.gatewayTxnId())));
  }

  /** The payment notify again, {@code copies} (1 to 100, default 1) copies at once; 200 {copies}. */
  private Future<Void> notifyAgain(RoutingContext ctx) {
    GatewayKind g = gateway(ctx);
    int copies;
    try {
      copies = Integer.parseInt(ctx.request().getParam("copies", "1"));
    } catch (NumberFormatException e) {
      copies = -1;
    }
    if (copies < 1 || copies > 100) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "copies", "validation.range", 1, 100);
    }
    int n = copies;
    return sim.resend(g, ctx.pathParam("no"), n).recover(SimulatorRoutes::asAppException)
      .compose(v -> Web.json(ctx, 200, new JsonObject().put("copies", n)));
  }

  /** {duplicate, reorder, dropNext, delayMs}, each optional (none = no fault); 204. */
  private Future<Void> setFaults(RoutingContext ctx) {
    GatewayKind g = gateway(ctx);
    JsonInput in = JsonInput.ofOptional(ctx);
    Integer duplicate = in.integer("duplicate", 0, 100, false);
    Boolean reorder = in.bool("reorder", false);
    Integer dropNext = in.integer("dropNext", 0, 1000, false);
    Integer delayMs = in.integer("delayMs", 0, 3_600_000, false);
    in.done();
    SimFaults f = new SimFaults(duplicate == null ? 1 : Math.max(1, duplicate), Boolean.TRUE.equals(reorder),
      dropNext == null ? 0 : dropNext, delayMs == null ? 0 : delayMs);
    return sim.setFaults(g, f).compose(v -> Web.noContent(ctx, 204));
  }

  /** The trade as the gateway sees it and the deliveries of its notifies. */
  private Future<Void> order(RoutingContext ctx) {
    GatewayKind g = gateway(ctx);
    String no = ctx.pathParam("no");
    return sim.find(g, no).compose(t -> {
      if (t == null) throw AppException.notFound();
      return sim.deliveries(g, no).compose(notifies -> Web.json(ctx, 200, new JsonObject()
        .put("gateway", g.id()).put("merchantOrderNo", no).put("gatewayTxnId", t.gatewayTxnId())
        .put("status", g == GatewayKind.ALIPAY ? t.alipayStatus() : t.wechatState())
        .put("amountFen", t.amountFen()).put("amount", AlipayCodec.yuan(t.amountFen()))
        .put("refundedFen", t.refundedFen()).put("paidAt", Times.iso(t.paidAt()))
        .put("notifies", notifies)));
    });
  }

  /** How the caller reached us ({@code http://127.0.0.1:8080}): server-to-server links go back the same way. */
  static String origin(RoutingContext ctx) {
    return ctx.request().scheme() + "://" + ctx.request().authority();
  }

  static GatewayKind gateway(RoutingContext ctx) {
    GatewayKind g = GatewayKind.byId(ctx.pathParam("gateway"));
    if (g == null) throw AppException.notFound();
    return g;
  }

  /** The simulator's refusals in the API's vocabulary: unknown order 404, wrong state 409. */
  static <T> Future<T> asAppException(Throwable err) {
    if (err instanceof SimException e) {
      return Future.failedFuture(switch (e.problem()) {
        case NOT_FOUND -> AppException.notFound();
        case PAID -> AppException.of(ErrorCode.INVALID_STATE, "sim.error.paid");
        case CLOSED -> AppException.of(ErrorCode.INVALID_STATE, "sim.error.closed");
        case NOT_PAID -> AppException.of(ErrorCode.INVALID_STATE, "sim.error.notPaid");
        default -> AppException.of(ErrorCode.INVALID_STATE);
      });
    }
    return Future.failedFuture(err);
  }
}
