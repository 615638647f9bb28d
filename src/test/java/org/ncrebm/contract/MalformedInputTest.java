package org.ncrebm.contract;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each cause of a 5xx the generated input found, pinned by a plain example: malformed input is the caller's 4xx in
 * the API's error shape, and nothing is written.
 */
@DisplayName("Malformed bodies, query strings, headers and notifies are 4xx, never 5xx, and write nothing")
class MalformedInputTest {
  @RegisterExtension
  static final TestApp app = new TestApp();

  private ApiResponse send(HttpMethod method, String uri, String contentType, String body) {
    var request = app.request(method, uri).putHeader("Accept-Language", "en");
    if (contentType != null) request.putHeader("Content-Type", contentType);
    return new ApiResponse(TestApp.await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))));
  }

  @Test
  @DisplayName("a random body sent as multipart/form-data is 400 (was 500: Netty's form decoder)")
  void brokenMultipart() {
    for (String path : new String[]{"/api/v1/passport/sessions", "/api/v1/staff/exam-sessions", "/api/v1/tickets/verify"}) {
      ApiResponse r = send(HttpMethod.POST, path, "multipart/form-data; boundary=----x",
        "------x\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n------x--\r\n");
      assertThat(r.status()).as(path + " " + r).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.body()).doesNotContain("Exception");
    }
    ApiResponse bad = send(HttpMethod.POST, "/api/v1/passport/sessions", "multipart/form-data", "%zz\r\n\u0001");
    assertThat(bad.status()).as(bad.toString()).isBetween(400, 415);
  }


  @Test
  @DisplayName("a GET that says multipart/form-data is a 4xx (was 500 on the WeChat simulator: a body handler on GET)")
  void getSayingMultipart() {
    for (String path : new String[]{"/sim/wechat/v3/bill/tradebill?bill_date=2026-12-01",
      "/sim/wechat/v3/pay/transactions/out-trade-no/x", "/api/v1/exam-sessions"}) {
      ApiResponse r = send(HttpMethod.GET, path, "multipart/form-data; boundary=----ncre", "------ncre--\r\n");
      assertThat(r.status()).as(path + " " + r).isLessThan(500);
    }
  }
  @Test
  @DisplayName("a form field over the form limit is 413 (was 500: TooLongFormFieldException)")
  void tooLongFormField() {
    ApiResponse r = send(HttpMethod.POST, "/api/v1/passport/sessions", "multipart/form-data; boundary=----x",
      "------x\r\nContent-Disposition: form-data; name=\"login\"\r\n\r\n" + "a".repeat(17_000) + "\r\n------x--\r\n");
    assertThat(r.status()).as(r.toString()).isEqualTo(413);
    assertThat(r.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    ApiResponse urlencoded = send(HttpMethod.POST, "/api/v1/passport/sessions", "application/x-www-form-urlencoded",
      "login=%zz&password=%");
    assertThat(urlencoded.status()).as(urlencoded.toString()).isEqualTo(400);
    assertThat(urlencoded.errorCode()).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  @DisplayName("a stray % in the query string is 400 on every kind of route, including one with a form body")
  void malformedQuery() {
    ApiResponse get = send(HttpMethod.GET, "/api/v1/staff/accounts?q=%zz", null, null);
    assertThat(get.status()).isEqualTo(400);
    assertThat(get.json().getJsonObject("error").getString("message")).contains("query");
    // with a form body the failure used to surface inside the body handler and hang until the 30 s timeout (503)
    ApiResponse post = send(HttpMethod.POST, "/api/v1/staff/sessions?q=%", "application/x-www-form-urlencoded", "a=b");
    assertThat(post.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("an invalid escape in the path is 400 on the API, on pages and on the gateways' notify (was 500)")
  void malformedPath() {
    for (String path : new String[]{"/api/v1/%zz", "/api/v1/registrations/%/subjects", "/%zz", "/bm/%zz/11"}) {
      ApiResponse r = send(HttpMethod.GET, path, null, null);
      assertThat(r.status()).as(path + " " + r).isEqualTo(400);
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("Internal");
    }
    ApiResponse api = send(HttpMethod.PUT, "/api/v1/registrations/%zz/subjects", "application/json", "{}");
    assertThat(api.status()).isEqualTo(400);
    assertThat(api.errorCode()).isEqualTo("VALIDATION_FAILED");
    assertThat(api.json().getJsonObject("error").getString("message")).contains("path");
    ApiResponse notify = send(HttpMethod.POST, "/pay/notify/%zz", "application/json", "{}");
    assertThat(notify.status()).as(notify.toString()).isBetween(400, 499);
  }

  @Test
  @DisplayName("a NUL byte in a search text is 400 (was 500: Postgres refuses 0x00 in text)")
  void nulInQuery() {
    String admin = new Staff(app).adminToken();
    ApiResponse r = app.get("/api/v1/staff/accounts?q=%00", admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
  }

  @Test
  @DisplayName("a header over the limit is 431 in the error shape, and the server says it closes the connection")
  void headerTooLarge() {
    var r = TestApp.await(app.client().get("/api/v1/exam-sessions").putHeader("X-Big", "a".repeat(20_000)).send());
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(r.getHeader("Connection")).isEqualToIgnoringCase("close");
    assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("VALIDATION_FAILED");
    // the client's next request on a fresh connection is served
    assertThat(app.get("/api/v1/exam-sessions", null).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an over-long request line followed by a 2 MB body still gets its 414: the server lingers, no reset")
  void overLongLineWithLargeBody() throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      String answer = rawExchange("POST /api/v1/exam-sessions?x=" + "y".repeat(12_000) + " HTTP/1.1\r\nHost: t\r\n"
        + "Content-Type: text/plain\r\nContent-Length: 2000000\r\n\r\n", 2_000_000);
      assertThat(answer).as("attempt %d", attempt).matches("(?s)HTTP/1\\.[01] 414 .*").containsIgnoringCase("connection: close")
        .contains("VALIDATION_FAILED");
    }
    Buffer body = Buffer.buffer("x".repeat(2_000_000));
    for (int attempt = 0; attempt < 5; attempt++) {
      var r = TestApp.await(app.client().post("/api/v1/exam-sessions?x=" + "y".repeat(12_000))
        .putHeader("Content-Type", "garbage/@@@").sendBuffer(body));
      assertThat(r.statusCode()).as("client attempt %d", attempt).isEqualTo(414);
    }
    assertThat(app.get("/health/ready", null).status()).isEqualTo(200);
  }

  /** Sends a head and a body on a plain socket (the body from a second thread) and reads the answer to the end. */
  private String rawExchange(String head, int bodyBytes) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[16_384];
        java.util.Arrays.fill(chunk, (byte) 'x');
        try {
          for (int sent = 0; sent < bodyBytes; sent += chunk.length) out.write(chunk, 0, Math.min(chunk.length, bodyBytes - sent));
        } catch (java.io.IOException closed) {
          // the server may close once the answer is out; the reader decides whether the answer arrived
        }
      });
      writer.start();
      var answer = new java.io.ByteArrayOutputStream();
      var in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) answer.write(buffer, 0, n);
      } catch (java.net.SocketException reset) {
        answer.write(("\n[" + reset.getMessage() + "]").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      writer.join(10_000);
      return answer.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  @DisplayName("an unreadable Alipay notify (a stray %) gets the gateway's failure reply and records nothing")
  void unreadableAlipayNotify() {
    gatewaysRefuse("/pay/notify/alipay", "notify_id=1&out_trade_no=%&sign=%zz", "/pay/notify/wechat", "{\"resource\":%}");
  }

  /**
   * Each gateway's own failure reply, the one that makes it retry: Alipay's {@code failure}, WeChat Pay's
   * {@code {"code":"FAIL"}}; and no gateway event is recorded.
   */
  private void gatewaysRefuse(String alipayPath, String alipayForm, String wechatPath, String wechatJson) {
    long before = app.count("select count(*) from gateway_event");
    ApiResponse alipay = send(HttpMethod.POST, alipayPath, "application/x-www-form-urlencoded", alipayForm);
    assertThat(alipay.status()).isEqualTo(400);
    assertThat(alipay.body()).isEqualTo("failure");
    ApiResponse wechat = send(HttpMethod.POST, wechatPath, "application/json", wechatJson);
    assertThat(wechat.status()).isEqualTo(400);
    assertThat(wechat.json().getString("code")).isEqualTo("FAIL");
    assertThat(app.count("select count(*) from gateway_event")).isEqualTo(before);
  }

  @Test
  @DisplayName("a stray % in a notify's query string gets the gateway's failure reply, records nothing, logs no error")
  void malformedNotifyQuery() {
    Logger routing = (Logger) LoggerFactory.getLogger("io.vertx.ext.web.RoutingContext");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    routing.addAppender(events);
    try {
      long before = app.count("select count(*) from gateway_event");
      gatewaysRefuse("/pay/notify/alipay?x=%zz", "notify_id=1", "/pay/notify/wechat?x=%", "{}");
      ApiResponse unknown = send(HttpMethod.POST, "/pay/notify/nobody?x=%zz", "application/json", "{}");
      assertThat(unknown.status()).as("no gateway of that name: the common answer").isEqualTo(400);
      assertThat(unknown.json().getJsonObject("error").getString("code")).isEqualTo("VALIDATION_FAILED");
      assertThat(app.count("select count(*) from gateway_event")).isEqualTo(before);
      assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
    } finally {
      routing.detachAppender(events);
    }
  }
}
