package org.ncrebm.platform;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Platform plumbing over real HTTP")
class PlatformHttpTest {
  @RegisterExtension
  static final TestApp app = new TestApp();

  private HttpResponse<Buffer> get(String path, String... headers) {
    var request = app.client().get(path);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    return TestApp.await(request.send());
  }

  @Test
  @DisplayName("health: live answers UP, ready checks Postgres and Redis")
  void health() {
    ApiResponse live = app.get("/health/live", null);
    assertThat(live.status()).isEqualTo(200);
    ApiResponse ready = app.get("/health/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("postgres")).isEqualTo("UP");
    assertThat(ready.json().getString("redis")).isEqualTo("UP");
    assertThat(ready.json().getBoolean("accepting")).isTrue();
  }

  @Test
  @DisplayName("every response carries a request id; a well-formed one from the caller is kept")
  void requestId() {
    assertThat(get("/health/live").getHeader("X-Request-Id")).matches("[a-z0-9]{16}");
    assertThat(get("/health/live", "X-Request-Id", "trace-1234567890").getHeader("X-Request-Id"))
      .isEqualTo("trace-1234567890");
    assertThat(get("/health/live", "X-Request-Id", "bad id <script>").getHeader("X-Request-Id")).matches("[a-z0-9]{16}");
  }

  @Test
  @DisplayName("gzip for pages that gain from it; answers under 1 KiB (a sold-out answer) go uncompressed")
  void compression() {
    HttpResponse<Buffer> page = TestApp.await(app.client().get("/passport/login").putHeader("Accept-Encoding", "gzip")
      .send());
    assertThat(page.getHeader("Content-Encoding")).isEqualTo("gzip");
    HttpResponse<Buffer> small = TestApp.await(app.client().get("/health/live").putHeader("Accept-Encoding", "gzip")
      .send());
    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(small.getHeader("Content-Encoding")).isNull();
    assertThat(small.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("security headers: CSP without inline code, no framing, nosniff; no HSTS outside production")
  void securityHeaders() {
    MultiMap h = get("/").headers();
    assertThat(h.get("Content-Security-Policy")).contains("frame-ancestors 'none'").contains("script-src 'self'")
      .doesNotContain("unsafe-inline");
    assertThat(h.get("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(h.get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(h.get("Strict-Transport-Security")).isNull();
  }

  @Test
  @DisplayName("pages are Chinese by default, English by Accept-Language or by the language switch")
  void languageSwitch() {
    assertThat(get("/passport/login").bodyAsString()).contains("<html lang=\"zh-CN\">").contains("登录");
    assertThat(get("/passport/login", "Accept-Language", "en").bodyAsString()).contains("<html lang=\"en\">")
      .contains("Log in");
    HttpResponse<Buffer> sw = get("/lang/en?back=/passport/login");
    assertThat(sw.statusCode()).isEqualTo(303);
    assertThat(sw.getHeader("Location")).isEqualTo("/passport/login");
    String cookie = sw.cookies().stream().filter(c -> c.startsWith("ncre_lang=")).findFirst().orElseThrow();
    assertThat(get("/passport/login", "Cookie", cookie.split(";")[0], "Accept-Language", "zh-CN").bodyAsString())
      .contains("<html lang=\"en\">");
    assertThat(get("/lang/en?back=https://evil.example/").getHeader("Location")).isEqualTo("/");
    assertThat(get("/lang/en?back=//evil.example/").getHeader("Location")).isEqualTo("/");
  }

  @Test
  @DisplayName("unknown pages get an HTML error page in the user's language, never a stack trace")
  void htmlErrors() {
    HttpResponse<Buffer> r = get("/no/such/page", "Accept", "text/html", "Accept-Language", "en");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).startsWith("text/html");
    assertThat(r.bodyAsString()).contains("does not exist").contains(r.getHeader("X-Request-Id"))
      .doesNotContain("Exception");
  }

  @Test
  @DisplayName("a form posted without its CSRF token is refused with 403 and changes nothing")
  void csrf() {
    HttpResponse<Buffer> r = TestApp.await(app.client().post("/passport/login")
      .sendForm(MultiMap.caseInsensitiveMultiMap().add("login", "a@b.cn").add("password", "x")));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsString()).contains("页面已过期");
    HttpResponse<Buffer> crossSite = TestApp.await(app.client().post("/passport/login")
      .putHeader("Origin", "https://evil.example")
      .putHeader("Cookie", "ncre_csrf=" + "t".repeat(43))
      .sendForm(MultiMap.caseInsensitiveMultiMap().add("_csrf", "t".repeat(43)).add("login", "a@b.cn")));
    assertThat(crossSite.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName("the dev outbox exists outside production and needs a recipient")
  void devOutbox() {
    ApiResponse r = app.get("/dev/outbox", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fieldErrors().fieldNames()).contains("to");
    assertThat(app.get("/dev/outbox?to=nobody@example.com", null).json().getJsonArray("messages")).isEmpty();
  }

  @Test
  @DisplayName("the SMS sink refuses messages without the gateway signature")
  void smsSinkSignature() {
    HttpResponse<Buffer> r = TestApp.await(app.client().post("/dev/sms-gateway")
      .putHeader("Content-Type", "application/json")
      .putHeader("X-Timestamp", "1").putHeader("X-Nonce", "n").putHeader("X-Signature", "forged")
      .sendBuffer(Buffer.buffer("{\"mobile\":\"13800000000\",\"text\":\"123456\"}")));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(app.get("/dev/outbox?to=13800000000", null).json().getJsonArray("messages")).isEmpty();
  }

  @Test
  @DisplayName("the API's OpenAPI document is served and names every path of api.md (full paths, servers \"/\")")
  void openApi() {
    HttpResponse<Buffer> r = get("/api/v1/openapi.yaml");
    assertThat(r.statusCode()).isEqualTo(200);
    String doc = r.bodyAsString();
    for (String path : new String[]{"/passport/codes:", "/passport/accounts:", "/passport/sessions:",
      "/passport/sessions/current:", "/passport/password-resets:", "/passport/me:", "/exam-sessions:",
      "/exam-sessions/{sid}/provinces:", "/exam-sessions/{sid}/provinces/{code}/centers:", "/registrations:",
      "/registrations/{id}:", "/registrations/{id}/profile:", "/registrations/{id}/photo:",
      "/registrations/{id}/subjects:", "/registrations/{id}/submission:", "/registrations/{id}/cancellation:",
      "/registrations/{id}/orders:", "/staff/sessions:", "/staff/accounts:", "/staff/exam-sessions:",
      "/staff/exam-sessions/{sid}/provinces/{code}:", "/staff/exam-sessions/{sid}/centers:",
      "/staff/centers/{cid}/registrations:", "/staff/registrations/{id}/review:",
      "/staff/exam-sessions/{sid}/centers/{cid}/arrangement:"}) {
      assertThat(doc).as(path).contains("\n  /api/v1" + path);
    }
    assertThat(doc).contains("\n  /pay/notify/{gateway}:", "\nservers:\n  - url: /\n");
  }
}
