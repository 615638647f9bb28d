package org.ncrebm.passport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every passport endpoint answers bad input with the 4xx of api.md and writes nothing")
class PassportBadInputTest {
  @RegisterExtension
  static final TestApp app = new TestApp();

  private ApiResponse post(String path, String contentType, String body) {
    var request = app.client().post(path).putHeader("Accept-Language", "en");
    if (contentType != null) request.putHeader("Content-Type", contentType);
    return new ApiResponse(TestApp.await(request.sendBuffer(Buffer.buffer(body))));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api/v1/passport/codes", "/api/v1/passport/accounts", "/api/v1/passport/sessions",
    "/api/v1/passport/password-resets"})
  @DisplayName("malformed JSON is 400, a JSON array or scalar is 400, no body is 400")
  void malformed(String path) {
    for (String body : new String[]{"{\"email\":", "[1,2]", "42", "", "null"}) {
      ApiResponse r = post(path, "application/json", body);
      assertThat(r.status()).as(path + " " + body).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }
    assertThat(app.count("select count(*) from account")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/api/v1/passport/codes", "/api/v1/passport/accounts", "/api/v1/passport/sessions",
    "/api/v1/passport/password-resets"})
  @DisplayName("a wrong content type is 415 and an oversized body is 413")
  void mediaTypeAndSize(String path) {
    ApiResponse form = post(path, "application/x-www-form-urlencoded", "email=a%40b.cn");
    assertThat(form.status()).isEqualTo(415);
    assertThat(form.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    ApiResponse none = post(path, null, "{}");
    assertThat(none.status()).isEqualTo(415);
    String huge = "{\"email\":\"" + "a".repeat(40_000) + "\"}";
    ApiResponse big = post(path, "application/json", huge);
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  @DisplayName("wrong types, missing and extra-long fields get field-level messages in the caller's language")
  void fieldErrors() {
    ApiResponse r = post("/api/v1/passport/accounts", "application/json", new JsonObject()
      .put("email", 12).put("mobile", true).put("password", "x".repeat(500)).put("emailCode", "abc").encode());
    assertThat(r.status()).isEqualTo(400);
    JsonObject fields = r.fieldErrors();
    assertThat(fields.getString("email")).isEqualTo("This must be text.");
    assertThat(fields.getString("mobile")).isEqualTo("This must be text.");
    assertThat(fields.getString("password")).isEqualTo("At most 128 characters.");
    assertThat(fields.getString("emailCode")).isEqualTo("The code has 6 digits.");
    assertThat(fields.getString("smsCode")).isEqualTo("This is required.");

    ApiResponse longEmail = post("/api/v1/passport/codes", "application/json", new JsonObject()
      .put("channel", "email").put("purpose", "register").put("target", "a".repeat(300) + "@x.cn").encode());
    assertThat(longEmail.fieldErrors().getString("target")).isEqualTo("At most 254 characters.");

    ApiResponse control = post("/api/v1/passport/sessions", "application/json", new JsonObject()
      .put("login", "a\u0000b@example.com").put("password", "x").encode());
    assertThat(control.fieldErrors().getString("login")).contains("not allowed");
    assertThat(app.count("select count(*) from account")).isZero();
  }

  @Test
  @DisplayName("unknown paths are 404 and wrong methods 405, both as JSON problems on the API")
  void unknownRoutes() {
    ApiResponse missing = app.get("/api/v1/passport/nothing-here", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("NOT_FOUND");
    ApiResponse method = new ApiResponse(TestApp.await(app.client().put("/api/v1/passport/codes").send()));
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
  }
}
