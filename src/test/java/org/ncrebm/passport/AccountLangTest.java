package org.ncrebm.passport;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Polling;
import org.ncrebm.support.TestApp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The account's language: taken from the sign-up, changed with PATCH /api/v1/passport/me, validated")
class AccountLangTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Candidates candidates = new Candidates(app);

  /** Signs up through the API with these request headers (and body extras); returns [accountId, token]. */
  private String[] signUp(String header, String value, JsonObject extra) {
    String[] c = Candidates.uniqueContact();
    assertThat(candidates.requestCode("email", c[0], "register").status()).isEqualTo(202);
    assertThat(candidates.requestCode("sms", c[1], "register").status()).isEqualTo(202);
    JsonObject body = new JsonObject().put("email", c[0]).put("mobile", c[1]).put("password", Candidates.PASSWORD)
      .put("emailCode", candidates.latestCode(c[0])).put("smsCode", candidates.latestCode(c[1])).mergeIn(extra);
    var request = app.request(HttpMethod.POST, "/api/v1/passport/accounts");
    if (header != null) request.putHeader(header, value);
    ApiResponse created = app.send(request, body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    ApiResponse login = candidates.login(c[0], Candidates.PASSWORD);
    assertThat(login.status()).as(login.toString()).isEqualTo(201);
    return new String[]{created.json().getString("accountId"), login.json().getString("token")};
  }

  private String langOf(String token) {
    ApiResponse me = app.get("/api/v1/passport/me", token);
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    return me.json().getString("lang");
  }

  private ApiResponse patch(String token, Object body) {
    var request = app.request(HttpMethod.PATCH, "/api/v1/passport/me");
    if (token != null) request.bearerTokenAuthentication(token);
    if (body instanceof JsonObject json) return app.send(request, json);
    return new ApiResponse(TestApp.await(request.putHeader("Content-Type", "application/json")
      .sendBuffer(io.vertx.core.buffer.Buffer.buffer(String.valueOf(body)))));
  }

  @Test
  @DisplayName("sign-up remembers the language in use: Chinese by default, English from Accept-Language or the switch's cookie, or as asked")
  void fromSignUp() {
    assertThat(langOf(signUp(null, null, new JsonObject())[1])).isEqualTo("zh");
    assertThat(langOf(signUp("Accept-Language", "en-GB,en;q=0.9,zh;q=0.5", new JsonObject())[1])).isEqualTo("en");
    assertThat(langOf(signUp("Cookie", "ncre_lang=en", new JsonObject())[1])).isEqualTo("en");
    assertThat(langOf(signUp("Accept-Language", "zh-CN", new JsonObject().put("lang", "en"))[1])).isEqualTo("en");
    assertThat(langOf(signUp("Cookie", "ncre_lang=en", new JsonObject().put("lang", "zh"))[1])).isEqualTo("zh");
  }

  @Test
  @DisplayName("a bad lang at sign-up is 400 VALIDATION_FAILED naming the field, and no account is made")
  void badLangAtSignUp() {
    String[] c = Candidates.uniqueContact();
    JsonObject body = new JsonObject().put("email", c[0]).put("mobile", c[1]).put("password", Candidates.PASSWORD)
      .put("emailCode", "123456").put("smsCode", "123456").put("lang", "fr");
    ApiResponse r = app.post("/api/v1/passport/accounts", body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
    assertThat(r.fieldErrors().fieldNames()).containsExactly("lang");
    assertThat(app.count("select count(*) from account")).isZero();
  }

  @Test
  @DisplayName("PATCH /api/v1/passport/me {lang} changes it for good, answers the account, and is audited once per change")
  void change() {
    String[] a = signUp(null, null, new JsonObject());
    ApiResponse r = patch(a[1], new JsonObject().put("lang", "en"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getString("lang")).isEqualTo("en");
    assertThat(r.json().getString("accountId")).isEqualTo(a[0]);
    assertThat(r.json().getString("email")).contains("*");
    assertThat(langOf(a[1])).isEqualTo("en");
    assertThat(app.count("select count(*) from account where id = $1::uuid and lang = 'en'", a[0])).isEqualTo(1);
    // A new session sees it too: it is the account's, not the session's.
    assertThat(patch(a[1], new JsonObject().put("lang", "en")).status()).isEqualTo(200);
    assertThat(patch(a[1], new JsonObject().put("lang", "zh")).json().getString("lang")).isEqualTo("zh");
    assertThat(app.count("select count(*) from audit_log where action = 'passport.lang' and target_id = $1", a[0]))
      .as("two changes, one no-op").isEqualTo(2);
  }

  @Test
  @DisplayName("bad input is 400 VALIDATION_FAILED with a field error for lang; no token is 401; not JSON is 415; nothing changes")
  void badInput() {
    String[] a = signUp(null, null, new JsonObject());
    for (JsonObject bad : new JsonObject[]{new JsonObject(), new JsonObject().put("lang", "fr"),
      new JsonObject().put("lang", "EN"), new JsonObject().put("lang", 1), new JsonObject().put("lang", ""),
      new JsonObject().put("lang", new JsonArray().add("en")), new JsonObject().putNull("lang")}) {
      ApiResponse r = patch(a[1], bad);
      assertThat(r.status()).as(bad.encode()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.fieldErrors().fieldNames()).as(bad.encode()).containsExactly("lang");
    }
    ApiResponse malformed = patch(a[1], "{\"lang\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("VALIDATION_FAILED");
    ApiResponse english = app.send(app.request(HttpMethod.PATCH, "/api/v1/passport/me").bearerTokenAuthentication(a[1])
      .putHeader("Accept-Language", "en"), new JsonObject().put("lang", "fr"));
    assertThat(english.fieldErrors().getString("lang")).as("the message in the caller's language").contains("en", "zh");
    assertThat(patch(null, new JsonObject().put("lang", "en")).status()).isEqualTo(401);
    ApiResponse form = new ApiResponse(TestApp.await(app.request(HttpMethod.PATCH, "/api/v1/passport/me")
      .bearerTokenAuthentication(a[1]).putHeader("Content-Type", "text/plain")
      .sendBuffer(io.vertx.core.buffer.Buffer.buffer("lang=en"))));
    assertThat(form.status()).isEqualTo(415);
    assertThat(langOf(a[1])).isEqualTo("zh");
    assertThat(app.count("select count(*) from audit_log where action = 'passport.lang'")).isZero();
  }

  @Test
  @DisplayName("a password-reset code speaks the account's language, whatever the page asking for it shows")
  void resetCodeInAccountLanguage() {
    String[] c = Candidates.uniqueContact();
    app.query("insert into account (email, mobile, password_hash, lang) values ($1, $2, 'x', 'en')", c[0], c[1]);
    ApiResponse r = app.send(app.request(HttpMethod.POST, "/api/v1/passport/codes").putHeader("Accept-Language", "zh-CN"),
      new JsonObject().put("channel", "email").put("target", c[0]).put("purpose", "reset"));
    assertThat(r.status()).isEqualTo(202);
    JsonObject mail = awaitMessage(c[0]);
    assertThat(mail.getString("subject")).isEqualTo("NCRE registration: your code to reset your password");
    assertThat(mail.getString("body")).contains("Your code to reset your password is");
    ApiResponse sms = app.send(app.request(HttpMethod.POST, "/api/v1/passport/codes").putHeader("Accept-Language", "zh-CN"),
      new JsonObject().put("channel", "sms").put("target", c[1]).put("purpose", "reset"));
    assertThat(sms.status()).isEqualTo(202);
    assertThat(awaitMessage(c[1]).getString("body")).startsWith("[NCRE] Your code to reset your password");
  }

  @Test
  @DisplayName("in a real browser the account page shows the language and its form changes it, without JavaScript tricks")
  void accountPage() {
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    try (Browser b = Browser.open(app)) {
      b.go("/passport/login?next=/passport/account");
      b.type("#f-login", c[0]);
      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      assertThat(b.path()).isEqualTo("/passport/account");
      var select = new org.openqa.selenium.support.ui.Select(b.find("#f-lang"));
      assertThat(select.getFirstSelectedOption().getAttribute("value")).isEqualTo("zh");
      select.selectByValue("en");
      b.click("#lang-submit");
      assertThat(b.path()).isEqualTo("/passport/account");
      assertThat(b.text()).contains("语言已保存");
      assertThat(new org.openqa.selenium.support.ui.Select(b.find("#f-lang")).getFirstSelectedOption()
        .getAttribute("value")).isEqualTo("en");
    }
    assertThat(app.count("select count(*) from account where lower(email) = lower($1) and lang = 'en'", c[0]))
      .isEqualTo(1);
  }

  private JsonObject awaitMessage(String to) {
    for (int i = 0; i < 200; i++) {
      JsonArray messages = app.get("/dev/outbox?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null).json()
        .getJsonArray("messages");
      if (!messages.isEmpty()) return messages.getJsonObject(0);
      Polling.pause(50);
    }
    throw new AssertionError("nothing arrived for " + to);
  }
}
