package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.payment.gateway.RsaKeys;
import org.ncrebm.payment.gateway.WechatCodec;
import org.ncrebm.platform.web.BodyLimits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;

import static org.ncrebm.platform.web.Web.op;

/**
 * The simulated WeChat Pay API v3: checks each request's {@code Authorization} (merchant id, certificate serial,
 * timestamp within five minutes, signature with the merchant key), answers JSON signed with the platform key in the
 * {@code Wechatpay-*} headers, and refuses with WeChat's {@code {code, message}} bodies and status codes.
 */
final class WechatSimRoutes {
  private static final GatewayKind G = GatewayKind.WECHAT;
  private static final String BASE = "/sim/wechat/v3";
  private final Simulator sim;
  private final SimSettings s;

  WechatSimRoutes(Simulator sim) {
    this.sim = sim;
    this.s = sim.settings();
  }

  void mount(Router router) {
    // Body handlers only where the protocol has a body: one on a GET that says multipart throws inside Vert.x (a 500)
    router.post(BASE + "/pay/transactions/h5").handler(BodyLimits.json())
      .handler(op(ctx -> authorized(ctx, this::create)));
    router.get(BASE + "/pay/transactions/out-trade-no/:no").handler(op(ctx -> authorized(ctx, this::query)));
    router.post(BASE + "/pay/transactions/out-trade-no/:no/close").handler(BodyLimits.json())
      .handler(op(ctx -> authorized(ctx, this::close)));
    router.post(BASE + "/refund/domestic/refunds").handler(BodyLimits.json())
      .handler(op(ctx -> authorized(ctx, this::refund)));
    router.get(BASE + "/bill/tradebill").handler(op(ctx -> authorized(ctx, this::tradeBill)));
    router.get(BASE + "/billdownload/file").handler(op(ctx -> authorized(ctx, this::downloadBill)));
  }

  /** What an operation answers: a status and a JSON body (null for 204), or a raw file. */
  private record Reply(int status, JsonObject json, String file) {
    static Reply ok(JsonObject json) {
      return new Reply(200, json, null);
    }

    static Reply error(int status, String code, String message) {
      return new Reply(status, new JsonObject().put("code", code).put("message", message), null);
    }
  }

  private Future<Void> authorized(RoutingContext ctx, Function<RoutingContext, Future<Reply>> operation) {
    // WeChat Pay v3 signs an empty body for a GET
    String body = ctx.request().method() != io.vertx.core.http.HttpMethod.POST || ctx.body() == null
      || ctx.body().buffer() == null ? "" : ctx.body().asString("UTF-8");
    Map<String, String> auth = WechatCodec.parseAuthorization(ctx.request().getHeader("Authorization"));
    String refused = checkAuthorization(ctx, auth, body);
    Future<Reply> reply;
    if (refused != null) {
      reply = Future.succeededFuture(Reply.error(401, "SIGN_ERROR", refused));
    } else {
      try {
        reply = operation.apply(ctx);
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
    }
    return reply.recover(this::refusal).compose(r -> send(ctx, r));
  }

  private String checkAuthorization(RoutingContext ctx, Map<String, String> a, String body) {
    if (a.isEmpty()) return "Authorization is missing or not " + WechatCodec.SCHEMA;
    if (!s.wechatMchId().equals(a.get("mchid"))) return "mchid does not match";
    if (!s.wechatMerchantSerial().equalsIgnoreCase(a.getOrDefault("serial_no", ""))) return "unknown serial_no";
    long ts;
    try {
      ts = Long.parseLong(a.getOrDefault("timestamp", ""));
    } catch (NumberFormatException e) {
      return "bad timestamp";
    }
    if (Math.abs(sim.clock().instant().getEpochSecond() - ts) > WechatCodec.MAX_SKEW.toSeconds()) return "stale timestamp";
    String message = WechatCodec.message(ctx.request().method().name(), ctx.request().uri(), a.get("timestamp"),
      a.getOrDefault("nonce_str", ""), body);
    return RsaKeys.verify(s.wechatMerchantKey(), message, a.get("signature")) ? null : "signature does not verify";
  }

  private Future<Reply> create(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    if (!s.wechatAppId().equals(b.getString("appid")) || !s.wechatMchId().equals(b.getString("mchid"))) {
      return Future.succeededFuture(Reply.error(400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配"));
    }
    JsonObject amount = b.getJsonObject("amount", new JsonObject());
    if (!"CNY".equals(amount.getString("currency", "CNY")) || amount.getLong("total", 0L) <= 0
      || b.getString("out_trade_no", "").isBlank()) {
      return Future.succeededFuture(Reply.error(400, "PARAM_ERROR", "参数错误"));
    }
    String no = b.getString("out_trade_no");
    return sim.create(G, no, amount.getLong("total"), b.getString("description", ""),
        WechatCodec.rfc3339(b.getString("time_expire")), b.getString("notify_url", ""), "", b.getString("appid"))
      .map(t -> Reply.ok(new JsonObject().put("h5_url", sim.payPageUrl(G, no))));
  }

  private Future<Reply> query(RoutingContext ctx) {
    return sim.find(G, ctx.pathParam("no")).map(t -> {
      if (t == null) return Reply.error(404, "ORDER_NOT_EXIST", "订单不存在");
      JsonObject res = new JsonObject().put("appid", t.appId()).put("mchid", s.wechatMchId())
        .put("out_trade_no", t.merchantOrderNo()).put("trade_type", "MWEB").put("trade_state", t.wechatState())
        .put("trade_state_desc", t.wechatState()).put("attach", "")
        .put("amount", new JsonObject().put("total", t.amountFen()).put("currency", "CNY"));
      if (t.paid()) {
        res.put("transaction_id", t.gatewayTxnId()).put("bank_type", "OTHERS")
          .put("success_time", WechatCodec.rfc3339(t.paidAt()))
          .put("payer", new JsonObject().put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
        res.getJsonObject("amount").put("payer_total", t.amountFen()).put("payer_currency", "CNY");
      }
      return Reply.ok(res);
    });
  }

  private Future<Reply> close(RoutingContext ctx) {
    return sim.close(G, ctx.pathParam("no")).map(t -> new Reply(204, null, null));
  }

  private Future<Reply> refund(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    String no = b.getString("out_trade_no", "");
    long amount = b.getJsonObject("amount", new JsonObject()).getLong("refund", 0L);
    if (no.isBlank() || b.getString("out_refund_no", "").isBlank() || amount <= 0) {
      return Future.succeededFuture(Reply.error(400, "PARAM_ERROR", "参数错误"));
    }
    return sim.refund(G, no, b.getString("out_refund_no"), amount, b.getString("reason", ""))
      .compose(r -> sim.find(G, no).map(t -> Reply.ok(new JsonObject().put("refund_id", r.gatewayRefundId())
        .put("out_refund_no", r.refundNo()).put("transaction_id", t.gatewayTxnId()).put("out_trade_no", no)
        .put("channel", "ORIGINAL").put("user_received_account", "支付用户零钱").put("status", "SUCCESS")
        .put("success_time", WechatCodec.rfc3339(r.refundedAt())).put("create_time", WechatCodec.rfc3339(r.refundedAt()))
        .put("funds_account", "AVAILABLE")
        .put("amount", new JsonObject().put("total", t.amountFen()).put("refund", r.amountFen())
          .put("payer_total", t.amountFen()).put("payer_refund", r.amountFen()).put("currency", "CNY")))));
  }

  private Future<Reply> tradeBill(RoutingContext ctx) {
    LocalDate date = LocalDate.parse(ctx.request().getParam("bill_date", ""));
    return sim.statement(G, date).map(csv -> Reply.ok(new JsonObject().put("hash_type", "SHA1")
      .put("hash_value", sha1(csv))
      .put("download_url", SimulatorRoutes.origin(ctx) + BASE + "/billdownload/file?token=" + date)));
  }

  private Future<Reply> downloadBill(RoutingContext ctx) {
    LocalDate date = LocalDate.parse(ctx.request().getParam("token", ""));
    return sim.statement(G, date).map(csv -> new Reply(200, null, csv));
  }

  private Future<Reply> refusal(Throwable err) {
    if (err instanceof SimException e) {
      return Future.succeededFuture(switch (e.problem()) {
        case NOT_FOUND -> Reply.error(404, "ORDER_NOT_EXIST", "订单不存在");
        case PAID -> Reply.error(400, "ORDERPAID", "该订单已支付");
        case CLOSED -> Reply.error(400, "ORDER_CLOSED", "订单已关闭");
        case NOT_PAID -> Reply.error(403, "INVALID_REQUEST", "订单未支付，不能退款");
        case MISMATCH -> Reply.error(400, "INVALID_REQUEST", "商户订单号重复，且参数不一致");
        case EXCEEDS -> Reply.error(403, "INVALID_REQUEST", "申请退款金额超过订单可退金额");
      });
    }
    if (err instanceof IllegalArgumentException || err instanceof java.time.DateTimeException
      || err instanceof io.vertx.core.json.DecodeException || err instanceof ClassCastException) {
      return Future.succeededFuture(Reply.error(400, "PARAM_ERROR", "参数错误: " + err.getMessage()));
    }
    return Future.failedFuture(err);
  }

  /** Signs every answer with the platform key, as WeChat does (the statement file itself is not signed). */
  private Future<Void> send(RoutingContext ctx, Reply r) {
    if (r.file() != null) {
      return ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(r.file());
    }
    String body = r.json() == null ? "" : r.json().encode();
    MultiMap headers = WechatCodec.signedHeaders(s.wechatPlatformKey(), s.wechatPlatformSerial(), body, sim.clock());
    ctx.response().setStatusCode(r.status()).headers().addAll(headers);
    if (r.json() == null) return ctx.response().end();
    return ctx.response().putHeader("Content-Type", "application/json").end(body);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
