package org.ncrebm.payment.sim;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.payment.gateway.AlipayCodec;
import org.ncrebm.payment.gateway.GatewayKind;
import org.ncrebm.platform.web.BodyLimits;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The simulated Alipay OpenAPI: one form-POST endpoint dispatching on {@code method}, verifying the merchant's RSA2
 * signature and app id, answering {@code {"<method>_response": {...}, "sign": ...}} signed with the gateway key, and
 * refusing in Alipay's words ({@code 40004} with an {@code ACQ.*} sub-code). Plus the statement download.
 */
final class AlipaySimRoutes {
  private static final GatewayKind G = GatewayKind.ALIPAY;
  private final Simulator sim;
  private final SimSettings s;

  AlipaySimRoutes(Simulator sim) {
    this.sim = sim;
    this.s = sim.settings();
  }

  void mount(Router router) {
    router.post("/sim/alipay/gateway.do").handler(BodyLimits.bytes(64 * 1024)).handler(op(this::gateway));
    router.get("/sim/alipay/bills/:date").handler(op(this::downloadBill));
  }

  private Future<Void> gateway(RoutingContext ctx) {
    Map<String, String> p = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> p.putIfAbsent(e.getKey(), e.getValue()));
    String method;
    try {
      p.putAll(AlipayCodec.parseForm(ctx.body().asString("UTF-8")));
    } catch (IllegalArgumentException e) {
      return answer(ctx, p.getOrDefault("method", ""), error("40002", "Invalid Arguments", "isv.invalid-parameter", "请求参数格式错误"));
    }
    method = p.getOrDefault("method", "");
    if (!s.alipayAppId().equals(p.get("app_id"))) {
      return answer(ctx, method, error("40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数值"));
    }
    if (!AlipayCodec.verify(s.alipayMerchantKey(), p, false)) {
      return answer(ctx, method, error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"));
    }
    JsonObject biz;
    try {
      biz = new JsonObject(p.getOrDefault("biz_content", "{}"));
    } catch (RuntimeException e) {
      return answer(ctx, method, error("40002", "Invalid Arguments", "isv.invalid-parameter", "biz_content"));
    }
    Future<JsonObject> result;
    try {
      result = dispatch(method, biz, p, SimulatorRoutes.origin(ctx));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.recover(this::refusal).compose(res -> answer(ctx, method, res));
  }

  /** {@code origin}: where the merchant reached us, so the statement download goes the same way. */
  private Future<JsonObject> dispatch(String method, JsonObject biz, Map<String, String> p, String origin) {
    String orderNo = biz.getString("out_trade_no", "");
    if (orderNo.isBlank() && method.startsWith("alipay.trade.")) {
      return Future.succeededFuture(error("40002", "Invalid Arguments", "isv.missing-parameter", "out_trade_no"));
    }
    return switch (method) {
      case "alipay.trade.precreate" -> sim.create(G, orderNo, AlipayCodec.fen(biz.getString("total_amount")),
          biz.getString("subject", ""), AlipayCodec.time(biz.getString("time_expire")), p.getOrDefault("notify_url", ""),
          p.getOrDefault("return_url", ""), s.alipayAppId())
        .map(t -> success().put("out_trade_no", t.merchantOrderNo()).put("qr_code", sim.payPageUrl(G, orderNo)));
      case "alipay.trade.query" -> sim.find(G, orderNo).map(this::queryAnswer);
      // Alipay refuses to close a paid trade with the generic "bad trade status".
      case "alipay.trade.close" -> sim.close(G, orderNo)
        .map(t -> success().put("trade_no", t.gatewayTxnId()).put("out_trade_no", orderNo))
        .recover(err -> err instanceof SimException e && e.problem() == SimException.Problem.PAID
          ? Future.succeededFuture(error("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"))
          : Future.failedFuture(err));
      // Like Alipay, a refund without out_request_no is the full refund numbered by the order itself.
      case "alipay.trade.refund" -> sim.refund(G, orderNo, biz.getString("out_request_no", orderNo),
          AlipayCodec.fen(biz.getString("refund_amount")), biz.getString("refund_reason", ""))
        .compose(r -> sim.find(G, orderNo).map(t -> success().put("trade_no", t.gatewayTxnId())
          .put("out_trade_no", orderNo).put("buyer_logon_id", "158****1562").put("fund_change", r.fresh() ? "Y" : "N")
          .put("refund_fee", AlipayCodec.yuan(t.refundedFen())).put("gmt_refund_pay", AlipayCodec.time(r.refundedAt()))));
      case "alipay.data.dataservice.bill.downloadurl.query" -> Future.succeededFuture(success()
        .put("bill_download_url", origin + "/sim/alipay/bills/" + LocalDate.parse(biz.getString("bill_date"))));
      default -> Future.succeededFuture(error("40004", "Business Failed", "isv.invalid-method", "不存在的方法名"));
    };
  }

  private JsonObject queryAnswer(SimTrade t) {
    if (t == null) return error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在");
    JsonObject res = success().put("trade_no", t.gatewayTxnId()).put("out_trade_no", t.merchantOrderNo())
      .put("buyer_logon_id", "158****1562").put("trade_status", t.alipayStatus())
      .put("total_amount", AlipayCodec.yuan(t.amountFen()));
    if (t.paidAt() != null) {
      res.put("buyer_pay_amount", AlipayCodec.yuan(t.amountFen())).put("send_pay_date", AlipayCodec.time(t.paidAt()));
    }
    return res;
  }

  private Future<JsonObject> refusal(Throwable err) {
    if (err instanceof SimException e) {
      return Future.succeededFuture(switch (e.problem()) {
        case NOT_FOUND -> error("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在");
        case PAID -> error("40004", "Business Failed", "ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
        case CLOSED -> error("40004", "Business Failed", "ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
        case NOT_PAID -> error("40004", "Business Failed", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        case MISMATCH -> error("40004", "Business Failed", "ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
        case EXCEEDS -> error("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
      });
    }
    if (err instanceof IllegalArgumentException || err instanceof DateTimeParseException) {
      return Future.succeededFuture(error("40002", "Invalid Arguments", "isv.invalid-parameter", err.getMessage()));
    }
    return Future.failedFuture(err);
  }

  private Future<Void> answer(RoutingContext ctx, String method, JsonObject res) {
    String m = method.isBlank() ? "alipay.error" : method;
    return ctx.response().putHeader("Content-Type", "application/json;charset=utf-8")
      .end(AlipayCodec.signedResponse(s.alipayGatewayKey(), m, res.encode()));
  }

  private Future<Void> downloadBill(RoutingContext ctx) {
    LocalDate date;
    try {
      date = LocalDate.parse(ctx.pathParam("date").replace(".csv", ""));
    } catch (DateTimeParseException e) {
      return ctx.response().setStatusCode(404).end();
    }
    return sim.statement(G, date).compose(csv -> ctx.response()
      .putHeader("Content-Type", "text/csv; charset=utf-8")
      .putHeader("Content-Disposition", "attachment; filename=\"" + s.alipaySellerId() + "0156_" + date + ".csv\"")
      .end(csv));
  }

  private static JsonObject success() {
    return new JsonObject().put("code", AlipayCodec.SUCCESS_CODE).put("msg", "Success");
  }

  private static JsonObject error(String code, String msg, String subCode, String subMsg) {
    return new JsonObject().put("code", code).put("msg", msg).put("sub_code", subCode).put("sub_msg", subMsg);
  }
}
