package org.ncrebm.payment.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * The WeChat-Pay-v3-style gateway: JSON over REST under the gateway's base URL, each request authorized with the
 * merchant key and serial, each answer verified with the platform key (serial, fresh timestamp, signature). The pay
 * page is the H5 flow's {@code h5_url} with our {@code redirect_url} appended. Notifies are verified by their
 * {@code Wechatpay-*} headers, then their {@code resource} is decrypted with the API v3 key.
 */
public final class WechatGateway implements PaymentGateway {
  /** What the merchant side knows: ids, the API v3 key, its key and serial, the platform's key and serial, the URL. */
  public record Settings(String mchId, String appId, byte[] apiV3Key, PrivateKey merchantKey, String merchantSerial,
                         PublicKey platformKey, String platformSerial, String gatewayUrl) {
  }

  private final WebClient client;
  private final Settings settings;
  private final Clock clock;

  public WechatGateway(WebClient client, Settings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public GatewayKind kind() {
    return GatewayKind.WECHAT;
  }

  @Override
  public Future<String> createPayment(PaymentRequest r) {
    JsonObject body = new JsonObject().put("appid", settings.appId()).put("mchid", settings.mchId())
      .put("description", r.subject()).put("out_trade_no", r.merchantOrderNo())
      .put("time_expire", WechatCodec.rfc3339(r.expiresAt())).put("notify_url", r.notifyUrl())
      .put("amount", new JsonObject().put("total", r.amountFen()).put("currency", "CNY"))
      .put("scene_info", new JsonObject().put("payer_client_ip", "127.0.0.1")
        .put("h5_info", new JsonObject().put("type", "Wap")));
    return call(HttpMethod.POST, "/v3/pay/transactions/h5", body).map(a -> {
      if (a.status() != 200) throw refused(a);
      String url = a.json().getString("h5_url");
      if (url == null || url.isBlank()) throw new IllegalArgumentException("no h5_url in the answer");
      return r.returnUrl().isEmpty() ? url
        : url + (url.contains("?") ? "&" : "?") + "redirect_url=" + URLEncoder.encode(r.returnUrl(), StandardCharsets.UTF_8);
    });
  }

  @Override
  public Future<Trade> query(String merchantOrderNo) {
    String path = "/v3/pay/transactions/out-trade-no/" + enc(merchantOrderNo) + "?mchid=" + enc(settings.mchId());
    return call(HttpMethod.GET, path, null).map(a -> {
      if (a.status() == 404) return Trade.unknown(kind(), merchantOrderNo);
      if (a.status() != 200) throw refused(a);
      JsonObject t = a.json();
      TradeState state = WechatCodec.state(t.getString("trade_state"));
      return new Trade(kind(), merchantOrderNo, state, t.getString("transaction_id"),
        t.getJsonObject("amount").getLong("total"), WechatCodec.rfc3339(t.getString("success_time")),
        t.getString("trade_state"));
    });
  }

  @Override
  public Future<CloseOutcome> close(String merchantOrderNo) {
    String path = "/v3/pay/transactions/out-trade-no/" + enc(merchantOrderNo) + "/close";
    return call(HttpMethod.POST, path, new JsonObject().put("mchid", settings.mchId())).compose(a -> {
      if (a.status() == 404) return Future.succeededFuture(CloseOutcome.UNKNOWN_ORDER);
      if (a.status() == 204 || "ORDER_CLOSED".equals(a.json().getString("code"))) {
        return Future.succeededFuture(CloseOutcome.CLOSED);
      }
      // Any other refusal (the order was paid meanwhile): the trade's own state decides.
      return query(merchantOrderNo).map(t -> t.state() == TradeState.PAID || t.state() == TradeState.REFUNDED
        ? CloseOutcome.ALREADY_PAID : CloseOutcome.CLOSED);
    });
  }

  @Override
  public Future<RefundResult> refund(String merchantOrderNo, String refundNo, long amountFen, String reason) {
    JsonObject body = new JsonObject().put("out_trade_no", merchantOrderNo).put("out_refund_no", refundNo)
      .put("reason", reason == null ? "" : reason)
      .put("amount", new JsonObject().put("refund", amountFen).put("currency", "CNY"));
    return call(HttpMethod.POST, "/v3/refund/domestic/refunds", body).map(a -> {
      if (a.status() != 200) throw refused(a);
      JsonObject r = a.json();
      boolean done = "SUCCESS".equals(r.getString("status"));
      return new RefundResult(kind(), merchantOrderNo, refundNo, r.getString("refund_id"),
        r.getJsonObject("amount").getLong("refund"), done, done ? WechatCodec.rfc3339(r.getString("success_time")) : null);
    });
  }

  @Override
  public Future<List<StatementRow>> statement(LocalDate date) {
    return call(HttpMethod.GET, "/v3/bill/tradebill?bill_date=" + date + "&bill_type=ALL", null).compose(a -> {
      if (a.status() != 200) throw refused(a);
      String url = a.json().getString("download_url");
      String hash = a.json().getString("hash_value");
      String path = URI.create(url).getRawPath() + (URI.create(url).getRawQuery() == null ? "" : "?" + URI.create(url).getRawQuery());
      return GatewayCalls.read(kind(), () -> authorized(client.getAbs(url), "GET", path, "").send(), resp -> {
        if (resp.statusCode() != 200) {
          throw new GatewayException(kind(), "BILL_DOWNLOAD", "HTTP " + resp.statusCode(), resp.statusCode() >= 500);
        }
        // The file itself is not signed; the signed answer above carries its SHA-1.
        byte[] bytes = resp.body() == null ? new byte[0] : resp.body().getBytes();
        if (!sha1(bytes).equalsIgnoreCase(hash)) {
          throw new GatewayException(kind(), "BAD_SIGNATURE", "statement file does not match its hash", false);
        }
        return Future.succeededFuture(StatementCsv.parseWechat(new String(bytes, StandardCharsets.UTF_8)));
      });
    });
  }

  @Override
  public NotifyEvent verifyNotify(NotifyRequest request) {
    WechatCodec.verifySigned(settings.platformKey(), settings.platformSerial(), request.headers(), request.body(), clock);
    try {
      JsonObject notify = new JsonObject(request.body());
      JsonObject resource = notify.getJsonObject("resource");
      if (resource == null || !"AEAD_AES_256_GCM".equals(resource.getString("algorithm"))) {
        throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, "no AEAD_AES_256_GCM resource");
      }
      JsonObject plain = new JsonObject(WechatCodec.decrypt(settings.apiV3Key(), resource.getString("nonce"),
        resource.getString("associated_data", ""), resource.getString("ciphertext")));
      if (!settings.mchId().equals(plain.getString("mchid"))
        || plain.containsKey("appid") && !settings.appId().equals(plain.getString("appid"))) {
        throw new NotifyRejected(NotifyRejected.Reason.APP_MISMATCH, "mchid " + plain.getString("mchid"));
      }
      JsonObject amount = plain.getJsonObject("amount");
      String eventType = notify.getString("event_type", "");
      String id = notify.getString("id");
      if (id == null || amount == null || plain.getString("out_trade_no") == null) {
        throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, "id, out_trade_no or amount missing");
      }
      if (eventType.startsWith("REFUND.")) {
        boolean ok = "SUCCESS".equals(plain.getString("refund_status"));
        return new NotifyEvent(kind(), id, plain.getString("out_trade_no"), plain.getString("transaction_id"),
          ok ? TradeState.REFUNDED : TradeState.PAID, amount.getLong("total"), amount.getLong("refund", 0L),
          plain.getString("out_refund_no"), null, eventType);
      }
      if (amount.containsKey("currency") && !"CNY".equals(amount.getString("currency"))) {
        throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, "currency " + amount.getString("currency"));
      }
      TradeState state = WechatCodec.state(plain.getString("trade_state"));
      return new NotifyEvent(kind(), id, plain.getString("out_trade_no"), plain.getString("transaction_id"), state,
        amount.getLong("total"), 0, null, WechatCodec.rfc3339(plain.getString("success_time")),
        plain.getString("trade_state"));
    } catch (io.vertx.core.json.DecodeException | ClassCastException | DateTimeException | NullPointerException e) {
      throw new NotifyRejected(NotifyRejected.Reason.MALFORMED, "unreadable notify: " + e.getMessage());
    }
  }

  @Override
  public NotifyReply acknowledgement() {
    return new NotifyReply(204, null, "");
  }

  @Override
  public NotifyReply rejection(String why) {
    return new NotifyReply(400, "application/json; charset=utf-8",
      new JsonObject().put("code", "FAIL").put("message", why == null ? "rejected" : why).encode());
  }

  /** A verified answer: its status and body (2xx, or a 4xx business refusal; 404 is left to the caller). */
  private record Answer(int status, String body) {
    JsonObject json() {
      return body.isEmpty() ? new JsonObject() : new JsonObject(body);
    }
  }

  private Future<Answer> call(HttpMethod method, String pathAndQuery, JsonObject body) {
    String text = body == null ? "" : body.encode();
    String url = settings.gatewayUrl() + pathAndQuery;
    String signedPath = URI.create(url).getRawPath() + (URI.create(url).getRawQuery() == null ? "" : "?" + URI.create(url).getRawQuery());
    return GatewayCalls.read(kind(), () -> {
      HttpRequest<Buffer> req = authorized(client.requestAbs(method, url), method.name(), signedPath, text);
      return body == null ? req.send()
        : req.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(text, "UTF-8"));
    }, resp -> Future.succeededFuture(answer(resp)));
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> req, String method, String signedPath, String body) {
    return req.timeout(GatewayCalls.TIMEOUT_MS).connectTimeout(GatewayCalls.CONNECT_TIMEOUT_MS)
      .putHeader("Accept", "application/json")
      .putHeader("Authorization", WechatCodec.authorization(settings.mchId(), settings.merchantSerial(),
        settings.merchantKey(), method, signedPath, body, clock));
  }

  private Answer answer(HttpResponse<Buffer> resp) {
    String text = resp.body() == null ? "" : resp.body().toString(StandardCharsets.UTF_8);
    if (resp.statusCode() >= 500) {
      throw new GatewayException(kind(), "HTTP_" + resp.statusCode(), text, true);
    }
    MultiMap headers = resp.headers();
    try {
      WechatCodec.verifySigned(settings.platformKey(), settings.platformSerial(), headers, text, clock);
    } catch (NotifyRejected e) {
      throw new GatewayException(kind(), "BAD_SIGNATURE", "answer: " + e.getMessage(), false);
    }
    Answer a = new Answer(resp.statusCode(), text);
    if (resp.statusCode() / 100 == 2 || resp.statusCode() == 404 || resp.statusCode() == 400) return a;
    throw refused(a);
  }

  private GatewayException refused(Answer a) {
    JsonObject e = a.json();
    String code = e.getString("code", "HTTP_" + a.status());
    boolean busy = code.equals("SYSTEM_ERROR") || code.equals("FREQUENCY_LIMITED");
    return new GatewayException(kind(), code, e.getString("message", ""), busy);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
