package org.ncrebm.payment;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.NotifyRequest;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.Set;
import java.util.UUID;

import static org.ncrebm.platform.web.Web.op;

/** Orders in the JSON API, and the gateways' callbacks (no session: the signature is the credential). */
public final class PaymentRoutes {
  private static final int NOTIFY_LIMIT = 64 * 1024;
  private static final String NOTIFY_PREFIX = "/pay/notify/";
  private final PaymentService payments;
  private final Authenticator auth;

  public PaymentRoutes(PaymentService payments, Authenticator auth) {
    this.payments = payments;
    this.auth = auth;
  }

  /**
   * The gateways' own failure replies for their notify route; mounted before the router's general one. It matches
   * the path itself: matching a path with a parameter decodes the query string, and a failure route that threw on a
   * stray % in it (the very failure it was asked to answer) left the request to vertx-web's bare 400 and an ERROR.
   */
  public void mountFailureHandlers(Router router) {
    router.route().failureHandler(this::unreadableNotify);
  }

  public void mount(Router router) {
    router.post("/pay/notify/:gateway").handler(BodyLimits.bytes(NOTIFY_LIMIT)).handler(op(this::notify));
    String base = "/api/v1/registrations/:id/orders";
    router.post(base).handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE)).handler(op(this::create));
    router.get(base).handler(auth.required(Kind.CANDIDATE)).handler(op(this::list));
    router.post(base + "/:orderId/check").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::check));
  }

  private Future<Void> notify(RoutingContext ctx) {
    GatewayKind kind = GatewayKind.byId(ctx.pathParam("gateway"));
    if (kind == null) throw org.ncrebm.platform.AppException.notFound();
    return payments.handleNotify(kind, NotifyRequest.of(ctx)).compose(reply -> reply.send(ctx.response()));
  }

  /**
   * A notify the body handler could not decode (a broken form, over the size limit): the gateway gets its own
   * failure reply, as for any notify we do not believe, so a genuine one garbled on the way is sent again. Failures
   * of ours (a database gone) still go to the common failure handler.
   */
  private void unreadableNotify(RoutingContext ctx) {
    // Every failed request passes here (the spike's sold-out answers among them): the method first, cheapest
    String path = ctx.request().method() == HttpMethod.POST ? org.ncrebm.platform.web.Web.path(ctx) : null;
    if (path == null || !path.startsWith(NOTIFY_PREFIX)) {
      ctx.next();
      return;
    }
    String gateway = path.substring(NOTIFY_PREFIX.length());
    GatewayKind kind = gateway.indexOf('/') >= 0 ? null : GatewayKind.byId(gateway);
    var classified = org.ncrebm.platform.web.FailureHandler.classify(ctx.failure(), ctx.statusCode());
    int status = classified.code().status();
    if (kind == null || ctx.response().ended() || status >= 500 || status == 404) {
      ctx.next();
      return;
    }
    payments.unreadableNotify(kind, classified.code().name()).send(ctx.response());
  }

  private Future<Void> create(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    String gateway = in.oneOf("gateway", Set.of("alipay", "wechat"));
    in.done();
    return payments.createOrder(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"), GatewayKind.byId(gateway))
      .compose(o -> Web.json(ctx, 201, new JsonObject().put("orderId", o.id().toString())
        .put("merchantOrderNo", o.merchantOrderNo()).put("amountFen", o.amountFen())
        .put("expiresAt", Times.iso(o.expiresAt())).put("payUrl", o.payUrl()).put("gateway", o.gateway())
        .put("status", o.status().name())));
  }

  private Future<Void> list(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return payments.registrationOf(Web.principal(ctx), id).compose(r -> ordersJson(id))
      .compose(arr -> Web.json(ctx, 200, arr));
  }

  private Future<Void> check(RoutingContext ctx) {
    return payments.check(Web.principal(ctx), Params.uuid(ctx, "id"), Params.uuid(ctx, "orderId"))
      .compose(o -> orderJson(o)).compose(json -> Web.json(ctx, 200, json));
  }

  /** The orders of a registration with their timelines, for the API and the registration's own JSON. */
  public Future<JsonArray> ordersJson(UUID registrationId) {
    return payments.ordersOf(registrationId).compose(list -> Future.all(list.stream().map(this::orderJson).toList())
      .map(all -> new JsonArray(all.list())));
  }

  private Future<JsonObject> orderJson(PaymentOrder o) {
    return payments.orders().timeline(o.id()).map(entries -> {
      JsonArray timeline = new JsonArray();
      entries.forEach(e -> timeline.add(new JsonObject().put("at", Times.iso(e.at())).put("event", e.event())));
      return new JsonObject().put("orderId", o.id().toString()).put("merchantOrderNo", o.merchantOrderNo())
        .put("gateway", o.gateway()).put("amountFen", o.amountFen()).put("status", o.status().name())
        .put("expiresAt", Times.iso(o.expiresAt())).put("payUrl", o.status().live() ? o.payUrl() : null)
        .put("paidAt", Times.iso(o.paidAt())).put("timeline", timeline);
    });
  }

}
