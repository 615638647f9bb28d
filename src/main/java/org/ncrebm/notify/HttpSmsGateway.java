package org.ncrebm.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * An SMS provider over HTTPS: a JSON POST signed with HMAC-SHA256 over {@code timestamp\nnonce\nbody} in the
 * {@code X-Signature} header, the shape most domestic SMS APIs use. The dev SMS sink verifies the same signature.
 */
public final class HttpSmsGateway implements SmsGateway {
  private final WebClient client;
  private final String url;
  private final String key;

  public HttpSmsGateway(WebClient client, String url, String key) {
    this.client = client;
    this.url = url;
    this.key = key;
  }

  @Override
  public Future<Void> send(String mobile, String text) {
    String body = new JsonObject().put("mobile", mobile).put("text", text).encode();
    String ts = Long.toString(System.currentTimeMillis() / 1000);
    String nonce = UUID.randomUUID().toString();
    return client.postAbs(url)
      .timeout(10_000)
      .putHeader("Content-Type", "application/json; charset=utf-8")
      .putHeader("X-Timestamp", ts)
      .putHeader("X-Nonce", nonce)
      .putHeader("X-Signature", sign(key, ts, nonce, body))
      .sendBuffer(io.vertx.core.buffer.Buffer.buffer(body, "UTF-8"))
      .compose(resp -> resp.statusCode() / 100 == 2
        ? Future.<Void>succeededFuture()
        : Future.failedFuture("SMS gateway answered " + resp.statusCode()));
  }

  public static String sign(String key, String timestamp, String nonce, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((timestamp + "\n" + nonce + "\n" + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
