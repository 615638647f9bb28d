package org.ncrebm.payment.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Alipay-style gateway (OpenAPI v2 shape): every request is a form POST to one gateway URL naming a
 * {@code method}, with the business fields as JSON in {@code biz_content}, RSA2-signed with the merchant key; every
 * answer is verified with the gateway key. The pay page comes from {@code alipay.trade.precreate} (so the trade exists
 * at the gateway before the buyer arrives and can be queried and closed), its {@code qr_code} URL opened in the
 * browser. Notifies are form POSTs verified over the sorted parameters without {@code sign} and {@code sign_type}.
 */
public final class AlipayGateway implements PaymentGateway {
  /** What the merchant side knows: its app id and private key, the gateway's public key and URL. */
  public record Settings(String appId, PrivateKey merchantKey, PublicKey gatewayKey, String gatewayUrl) {
  }

  private final WebClient client;
  private final Settings settings;
  private final Clock clock;

  public AlipayGateway(WebClient client, Settings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public GatewayKind kind() {
    return GatewayKind.ALIPAY;
  }

  @Override
  public Future<String> createPayment(PaymentRequest r) {
    JsonObject biz = new JsonObject().put("out_trade_no", r.merchantOrderNo()).put("total_amount", AlipayCodec.yuan(r.amountFen()))
      .put("subject", r.subject()).put("time_expire", AlipayCodec.time(r.expiresAt()));
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("notify_url", r.notifyUrl());
    extra.put("return_url", r.returnUrl());
    return call("alipay.trade.precreate", biz, extra).map(res -> {
      String url = res.getString("qr_code");
      if (url == null || url.isBlank()) throw new IllegalArgumentException("precreate answered no qr_code");
      return url;
    });
  }

  @Override
  public Future<Trade> query(String merchantOrderNo) {
    return call("alipay.trade.query", new JsonObject().put("out_trade_no", merchantOrderNo), Map.of())
      .map(res -> {
        String status = res.getString("trade_status");
        java.time.Instant paidAt = AlipayCodec.time(res.getString("send_pay_date"));
        TradeState state = AlipayCodec.state(status, paidAt != null);
        long amount = AlipayCodec.fen(res.getString("total_amount"));
        return new Trade(kind(), merchantOrderNo, state, res.getString("trade_no"), amount,
          state == TradeState.PAID || state == TradeState.REFUNDED ? paidAt : null, status);
      })
      .recover(err -> isCode(err, "ACQ.TRADE_NOT_EXIST")
        ? Future.succeededFuture(Trade.unknown(kind(), merchantOrderNo)) : Future.failedFuture(err));
  }

  @Override
  public Future<CloseOutcome> close(String merchantOrderNo) {
    return call("alipay.trade.close", new JsonObject().put("out_trade_no", merchantOrderNo), Map.of())
      .map(res -> CloseOutcome.CLOSED)
      .recover(err -> {
        if (isCode(err, "ACQ.TRADE_NOT_EXIST")) return Future.succeededFuture(CloseOutcome.UNKNOWN_ORDER);
        // Alipay answers the same error for "already paid" and "already closed": the trade's state decides.
        if (isCode(err, "ACQ.TRADE_STATUS_ERROR")) {
          return query(merchantOrderNo).map(t -> t.state() == TradeState.PAID || t.state() == TradeState.REFUNDED
            ? CloseOutcome.ALREADY_PAID : CloseOutcome.CLOSED);
        }
        return Future.failedFuture(err);
      });
  }

  @Override
  public Future<RefundResult> refund(String merchantOrderNo, String refundNo, long amountFen, String reason) {
    JsonObject biz = new JsonObject().put("out_trade_no", merchantOrderNo).put("refund_amount", AlipayCodec.yuan(amountFen))
      .put("out_request_no", refundNo).put("refund_reason", reason == null ? "" : reason);
    return call("alipay.trade.refund", biz, Map.of()).map(res -> new RefundResult(kind(), merchantOrderNo, refundNo,
      res.getString("trade_no"), amountFen, true, AlipayCodec.time(res.getString("gmt_refund_pay"))));
  }

  @Override
  public Future<List<StatementRow>> statement(LocalDate date) {
    JsonObject biz = new JsonObject().put("bill_type", "trade").put("bill_date", date.toString());
    return call("alipay.data.dataservice.bill.downloadurl.query", biz, Map.of())
      .compose(res -> GatewayCalls.read(kind(),
        () -> client.getAbs(res.getString("bill_download_url")).timeout(GatewayCalls.TIMEOUT_MS)
          .connectTimeout(GatewayCalls.CONNECT_TIMEOUT_MS).send(),
        resp -> {
          if (resp.statusCode() != 200) {
            throw new GatewayException(kind(), "BILL_DOWNLOAD", "HTTP " + resp.statusCode(), resp.statusCode() >= 500);
          }
          return Future.succeededFuture(StatementCsv.parseAlipay(resp.bodyAsString("UTF-8")));
        }));
  }

  @Override
  public NotifyEvent verifyNotify(NotifyRequest request) {
    Map<String, String> p;
    try {
      p = AlipayCodec.parseForm(request.body());
    } catch (IllegalArgumentException e) {
      // a stray '%' or a broken escape: unreadable, so refused like a bad signature (the gateway sends it again)
      throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, "unreadable form: " + e.getMessage());
    }
    if (!AlipayCodec.verify(settings.gatewayKey(), p, true)) {
      throw new NotifyRejected(NotifyRejected.Reason.BAD_SIGNATURE, "RSA2 signature does not verify");
    }
    if (!settings.appId().equals(p.get("app_id"))) {
      throw new NotifyRejected(NotifyRejected.Reason.APP_MISMATCH, "app_id " + p.get("app_id"));
    }
    for (String required : List.of("notify_id", "out_trade_no", "trade_no", "trade_status", "total_amount")) {
      if (p.getOrDefault(required, "").isBlank()) {
        throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, required + " is missing");
      }
    }
    try {
      long refunded = p.getOrDefault("refund_fee", "").isBlank() ? 0 : AlipayCodec.fen(p.get("refund_fee"));
      java.time.Instant paidAt = AlipayCodec.time(p.get("gmt_payment"));
      TradeState state = AlipayCodec.state(p.get("trade_status"), paidAt != null || refunded > 0);
      return new NotifyEvent(kind(), p.get("notify_id"), p.get("out_trade_no"), p.get("trade_no"), state,
        AlipayCodec.fen(p.get("total_amount")), refunded, emptyToNull(p.get("out_biz_no")), paidAt, p.get("trade_status"));
    } catch (IllegalArgumentException e) {
      throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, e.getMessage());
    }
  }

  @Override
  public NotifyReply acknowledgement() {
    return new NotifyReply(200, "text/plain; charset=utf-8", "success");
  }

  @Override
  public NotifyReply rejection(String why) {
    return new NotifyReply(400, "text/plain; charset=utf-8", "failure");
  }

  /** One signed OpenAPI call; the future carries the verified response object when {@code code} is 10000. */
  private Future<JsonObject> call(String method, JsonObject biz, Map<String, String> extra) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("app_id", settings.appId());
    params.put("method", method);
    params.put("format", "JSON");
    params.put("charset", "utf-8");
    params.put("timestamp", AlipayCodec.time(clock.instant()));
    params.put("version", "1.0");
    params.putAll(extra);
    params.put("biz_content", biz.encode());
    String body = AlipayCodec.form(AlipayCodec.signRequest(settings.merchantKey(), params));
    return GatewayCalls.read(kind(), () -> client.postAbs(settings.gatewayUrl())
        .timeout(GatewayCalls.TIMEOUT_MS).connectTimeout(GatewayCalls.CONNECT_TIMEOUT_MS)
        .putHeader("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
        .sendBuffer(Buffer.buffer(body, "UTF-8")),
      resp -> Future.succeededFuture(answer(method, resp)));
  }

  private JsonObject answer(String method, HttpResponse<Buffer> resp) {
    if (resp.statusCode() != 200) {
      throw new GatewayException(kind(), "HTTP_" + resp.statusCode(), "gateway answered HTTP " + resp.statusCode(),
        resp.statusCode() >= 500);
    }
    String text = resp.body() == null ? "" : resp.body().toString(StandardCharsets.UTF_8);
    String raw = AlipayCodec.rawObject(text, AlipayCodec.responseKey(method));
    if (raw == null) throw new IllegalArgumentException("no " + AlipayCodec.responseKey(method) + " in the answer");
    JsonObject res = new JsonObject(raw);
    String sign = new JsonObject(text).getString("sign");
    // Only a refusal of our own request's signature (40002) may come unsigned; every other answer must verify,
    // or a forged "no such trade" could pass for the truth.
    if (!RsaKeys.verify(settings.gatewayKey(), raw, sign) && !"40002".equals(res.getString("code"))) {
      throw new GatewayException(kind(), "BAD_SIGNATURE", "the answer's signature does not verify", false);
    }
    if (!AlipayCodec.SUCCESS_CODE.equals(res.getString("code"))) {
      String code = res.getString("sub_code", res.getString("code", "UNKNOWN"));
      boolean busy = "20000".equals(res.getString("code")) || code.endsWith("SYSTEM_ERROR");
      throw new GatewayException(kind(), code, res.getString("sub_msg", res.getString("msg", "")), busy);
    }
    return res;
  }

  private static boolean isCode(Throwable err, String code) {
    return err instanceof GatewayException g && code.equals(g.code());
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
