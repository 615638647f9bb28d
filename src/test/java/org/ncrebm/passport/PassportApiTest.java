package org.ncrebm.passport;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.TestApp;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Passport API: codes, accounts, sessions and password recovery")
class PassportApiTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Candidates candidates = new Candidates(app);

  private JsonObject account(String email, String mobile, String password, String emailCode, String smsCode) {
    return new JsonObject().put("email", email).put("mobile", mobile).put("password", password)
      .put("emailCode", emailCode).put("smsCode", smsCode);
  }

  @Nested
  @DisplayName("verification codes")
  class Codes {
    @Test
    @DisplayName("are sent by e-mail over SMTP and by SMS, six digits, and answered 202")
    void sent() {
      String[] c = Candidates.uniqueContact();
      ApiResponse r = candidates.requestCode("email", c[0], "register");
      assertThat(r.status()).isEqualTo(202);
      assertThat(r.json().getLong("expiresInSeconds")).isEqualTo(600);
      assertThat(candidates.latestCode(c[0])).matches("[0-9]{6}");
      assertThat(candidates.requestCode("sms", c[1], "register").status()).isEqualTo(202);
      assertThat(candidates.latestCode(c[1])).matches("[0-9]{6}");
    }

    @Test
    @DisplayName("are limited per target: a second request within a minute is 429 with Retry-After")
    void limitedPerTarget() {
      String[] c = Candidates.uniqueContact();
      assertThat(candidates.requestCode("email", c[0], "register").status()).isEqualTo(202);
      ApiResponse again = candidates.requestCode("email", c[0], "register");
      assertThat(again.status()).isEqualTo(429);
      assertThat(again.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 60L);
      app.clock.advance(Duration.ofSeconds(61));
      assertThat(candidates.requestCode("email", c[0], "register").status()).isEqualTo(202);
    }

    @Test
    @DisplayName("are limited to ten an hour per target")
    void hourlyLimit() {
      String[] c = Candidates.uniqueContact();
      for (int i = 0; i < 10; i++) {
        assertThat(candidates.requestCode("sms", c[1], "register").status()).isEqualTo(202);
        app.clock.advance(Duration.ofSeconds(61));
      }
      assertThat(candidates.requestCode("sms", c[1], "register").errorCode()).isEqualTo("RATE_LIMITED");
    }

    @Test
    @DisplayName("for a password reset of an unknown login answer 202 and send nothing")
    void resetForUnknown() {
      String[] c = Candidates.uniqueContact();
      assertThat(candidates.requestCode("email", c[0], "reset").status()).isEqualTo(202);
      assertThat(candidates.outboxSize(c[0])).isZero();
    }

    @Test
    @DisplayName("reject a bad channel, purpose or target with field errors")
    void badInput() {
      ApiResponse r = app.post("/api/v1/passport/codes", new JsonObject().put("channel", "fax").put("purpose", "x")
        .put("target", "nobody"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
      assertThat(r.fieldErrors().fieldNames()).contains("channel", "purpose");
      ApiResponse badMobile = candidates.requestCode("sms", "12345", "register");
      assertThat(badMobile.fieldErrors().getString("target")).contains("11");
    }
  }

  @Nested
  @DisplayName("account registration")
  class Registration {
    @Test
    @DisplayName("creates an account when both codes are right, stores an argon2id hash and audits it")
    void creates() {
      String[] c = Candidates.uniqueContact();
      String id = candidates.register(c[0], c[1], Candidates.PASSWORD);
      var row = app.query("select email, mobile, password_hash from account where id = $1::uuid", id).iterator().next();
      assertThat(row.getString("email")).isEqualTo(c[0]);
      assertThat(row.getString("password_hash")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
      assertThat(app.count("select count(*) from audit_log where action = 'passport.register' and target_id = $1", id))
        .isEqualTo(1);
    }

    @Test
    @DisplayName("refuses a wrong code with CODE_INVALID naming the field, and writes nothing")
    void wrongCode() {
      String[] c = Candidates.uniqueContact();
      candidates.requestCode("email", c[0], "register");
      candidates.requestCode("sms", c[1], "register");
      String emailCode = candidates.latestCode(c[0]);
      String smsCode = candidates.latestCode(c[1]);
      String wrong = emailCode.equals("000000") ? "111111" : "000000";
      ApiResponse r = app.post("/api/v1/passport/accounts", account(c[0], c[1], Candidates.PASSWORD, emailCode, wrong));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("CODE_INVALID");
      assertThat(r.fieldErrors().fieldNames()).containsExactly("smsCode");
      assertThat(app.count("select count(*) from account")).isZero();
      assertThat(smsCode).isNotEqualTo(wrong);
    }

    @Test
    @DisplayName("refuses a code used once already (codes are single use)")
    void codeReuse() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      String emailCode = candidates.latestCode(c[0]);
      String smsCode = candidates.latestCode(c[1]);
      String[] other = Candidates.uniqueContact();
      ApiResponse r = app.post("/api/v1/passport/accounts", account(c[0], other[1], Candidates.PASSWORD, emailCode, smsCode));
      assertThat(r.errorCode()).isEqualTo("CODE_INVALID");
    }

    @Test
    @DisplayName("refuses a code older than ten minutes")
    void codeExpiry() {
      String[] c = Candidates.uniqueContact();
      candidates.requestCode("email", c[0], "register");
      candidates.requestCode("sms", c[1], "register");
      String emailCode = candidates.latestCode(c[0]);
      String smsCode = candidates.latestCode(c[1]);
      app.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
      ApiResponse r = app.post("/api/v1/passport/accounts", account(c[0], c[1], Candidates.PASSWORD, emailCode, smsCode));
      assertThat(r.errorCode()).isEqualTo("CODE_INVALID");
      assertThat(r.fieldErrors().fieldNames()).containsExactlyInAnyOrder("emailCode", "smsCode");
    }

    @Test
    @DisplayName("burns a code after five wrong guesses")
    void codeGuessing() {
      String[] c = Candidates.uniqueContact();
      candidates.requestCode("email", c[0], "register");
      candidates.requestCode("sms", c[1], "register");
      String emailCode = candidates.latestCode(c[0]);
      String smsCode = candidates.latestCode(c[1]);
      String wrong = emailCode.equals("000000") ? "111111" : "000000";
      for (int i = 0; i < 5; i++) {
        app.post("/api/v1/passport/accounts", account(c[0], c[1], Candidates.PASSWORD, wrong, smsCode));
      }
      ApiResponse r = app.post("/api/v1/passport/accounts", account(c[0], c[1], Candidates.PASSWORD, emailCode, smsCode));
      assertThat(r.errorCode()).isEqualTo("CODE_INVALID");
    }

    @Test
    @DisplayName("answers EMAIL_TAKEN (whatever the case) and MOBILE_TAKEN with 409")
    void duplicates() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      String[] other = Candidates.uniqueContact();
      app.clock.advance(Duration.ofMinutes(2));
      // The outbox already holds the first registration code for this address: wait for the new one.
      int known = candidates.outboxSize(c[0]);
      candidates.requestCode("email", c[0].toUpperCase(), "register");
      candidates.requestCode("sms", other[1], "register");
      ApiResponse sameEmail = app.post("/api/v1/passport/accounts", account(c[0].toUpperCase(), other[1],
        Candidates.PASSWORD, candidates.nextCode(c[0], known), candidates.latestCode(other[1])));
      assertThat(sameEmail.status()).isEqualTo(409);
      assertThat(sameEmail.errorCode()).isEqualTo("EMAIL_TAKEN");

      int knownSms = candidates.outboxSize(c[1]);
      candidates.requestCode("email", other[0], "register");
      candidates.requestCode("sms", c[1], "register");
      ApiResponse sameMobile = app.post("/api/v1/passport/accounts", account(other[0], c[1], Candidates.PASSWORD,
        candidates.latestCode(other[0]), candidates.nextCode(c[1], knownSms)));
      assertThat(sameMobile.status()).isEqualTo(409);
      assertThat(sameMobile.errorCode()).isEqualTo("MOBILE_TAKEN");
      assertThat(app.count("select count(*) from account")).isEqualTo(1);
    }

    @Test
    @DisplayName("enforces the password policy with a field error")
    void passwordPolicy() {
      String[] c = Candidates.uniqueContact();
      for (String weak : new String[]{"short1!", "lettersonly!", "12345678!", "Letters123"}) {
        ApiResponse r = app.post("/api/v1/passport/accounts", account(c[0], c[1], weak, "123456", "123456"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.fieldErrors().fieldNames()).contains("password");
      }
    }
  }

  @Nested
  @DisplayName("sessions")
  class Sessions {
    @Test
    @DisplayName("log in by e-mail or mobile and get a bearer token that works on /me, masked")
    void login() {
      String[] c = Candidates.uniqueContact();
      String id = candidates.register(c[0], c[1], Candidates.PASSWORD);
      for (String login : new String[]{c[0], c[1], c[0].toUpperCase()}) {
        ApiResponse r = candidates.login(login, Candidates.PASSWORD);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().getString("expiresAt")).endsWith("+08:00");
        ApiResponse me = app.get("/api/v1/passport/me", r.json().getString("token"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().getString("accountId")).isEqualTo(id);
        assertThat(me.json().getString("email")).contains("***").doesNotContain(c[0].substring(2, c[0].indexOf('@')));
        assertThat(me.json().getString("mobile")).isEqualTo(c[1].substring(0, 3) + "****" + c[1].substring(7));
      }
    }

    @Test
    @DisplayName("answer BAD_CREDENTIALS for a wrong password or an unknown login alike")
    void badCredentials() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      assertThat(candidates.login(c[0], "Wrong#pass1").errorCode()).isEqualTo("BAD_CREDENTIALS");
      assertThat(candidates.login("nobody@example.com", "Wrong#pass1").errorCode()).isEqualTo("BAD_CREDENTIALS");
      assertThat(candidates.login(c[0], "Wrong#pass1").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("lock the account after five failures (423, even with the right password) and unlock after 15 minutes")
    void lockout() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      for (int i = 0; i < 5; i++) {
        assertThat(candidates.login(c[1], "Wrong#pass1").errorCode()).isEqualTo("BAD_CREDENTIALS");
      }
      ApiResponse locked = candidates.login(c[0], Candidates.PASSWORD);
      assertThat(locked.status()).isEqualTo(423);
      assertThat(locked.errorCode()).isEqualTo("ACCOUNT_LOCKED");
      assertThat(locked.header("Retry-After")).isNotNull();
      app.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
      assertThat(candidates.login(c[0], Candidates.PASSWORD).status()).isEqualTo(201);
    }

    @Test
    @DisplayName("also lock a login name that matches no account, so lockout reveals nothing")
    void lockoutUnknown() {
      for (int i = 0; i < 5; i++) {
        candidates.login("ghost@example.com", "Wrong#pass1");
      }
      assertThat(candidates.login("ghost@example.com", "Wrong#pass1").errorCode()).isEqualTo("ACCOUNT_LOCKED");
    }

    @Test
    @DisplayName("end at once on logout: the token stops working")
    void logout() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      String token = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
      String other = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
      assertThat(app.delete("/api/v1/passport/sessions/current", token).status()).isEqualTo(204);
      ApiResponse after = app.get("/api/v1/passport/me", token);
      assertThat(after.status()).isEqualTo(401);
      assertThat(after.errorCode()).isEqualTo("UNAUTHENTICATED");
      assertThat(app.get("/api/v1/passport/me", other).status()).as("other sessions live on").isEqualTo(200);
    }

    @Test
    @DisplayName("expire after 30 idle minutes and after 12 hours in any case")
    void lifetimes() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      String idle = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
      app.clock.advance(Duration.ofMinutes(29));
      assertThat(app.get("/api/v1/passport/me", idle).status()).isEqualTo(200);
      app.clock.advance(Duration.ofMinutes(31));
      assertThat(app.get("/api/v1/passport/me", idle).status()).isEqualTo(401);

      String busy = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
      for (int i = 0; i < 12 * 3; i++) {
        app.clock.advance(Duration.ofMinutes(20));
        int status = app.get("/api/v1/passport/me", busy).status();
        if (i < 12 * 3 - 1) {
          assertThat(status).as("after %d minutes", (i + 1) * 20).isEqualTo(200);
        } else {
          assertThat(status).as("past the absolute limit").isEqualTo(401);
        }
      }
    }

    @Test
    @DisplayName("reject a forged, tampered or missing token with 401")
    void badTokens() {
      assertThat(app.get("/api/v1/passport/me", null).status()).isEqualTo(401);
      assertThat(app.get("/api/v1/passport/me", "not.a.jwt").status()).isEqualTo(401);
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      String token = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
      String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
      assertThat(app.get("/api/v1/passport/me", tampered).status()).isEqualTo(401);
    }
  }

  @Nested
  @DisplayName("password recovery")
  class Recovery {
    @Test
    @DisplayName("by e-mail code sets the new password and ends every session")
    void byEmail() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      String token = candidates.login(c[1], Candidates.PASSWORD).json().getString("token");
      app.clock.advance(Duration.ofMinutes(2));
      int known = candidates.outboxSize(c[0]);
      assertThat(candidates.requestCode("email", c[0], "reset").status()).isEqualTo(202);
      String code = candidates.nextCode(c[0], known);
      ApiResponse r = app.post("/api/v1/passport/password-resets", new JsonObject().put("login", c[0]).put("code", code)
        .put("newPassword", "New#pass2026"));
      assertThat(r.status()).as(r.toString()).isEqualTo(204);
      assertThat(app.get("/api/v1/passport/me", token).status()).isEqualTo(401);
      assertThat(candidates.login(c[0], Candidates.PASSWORD).errorCode()).isEqualTo("BAD_CREDENTIALS");
      assertThat(candidates.login(c[0], "New#pass2026").status()).isEqualTo(201);
    }

    @Test
    @DisplayName("by SMS code works too, and the code cannot be used twice")
    void bySms() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      app.clock.advance(Duration.ofMinutes(2));
      int known = candidates.outboxSize(c[1]);
      candidates.requestCode("sms", c[1], "reset");
      String code = candidates.nextCode(c[1], known);
      JsonObject body = new JsonObject().put("login", c[1]).put("code", code).put("newPassword", "New#pass2026");
      assertThat(app.post("/api/v1/passport/password-resets", body).status()).isEqualTo(204);
      ApiResponse again = app.post("/api/v1/passport/password-resets", body.copy().put("newPassword", "Other#pass2026"));
      assertThat(again.errorCode()).isEqualTo("CODE_INVALID");
      assertThat(candidates.login(c[1], "New#pass2026").status()).isEqualTo(201);
    }

    @Test
    @DisplayName("with a wrong code changes nothing")
    void wrongCode() {
      String[] c = Candidates.uniqueContact();
      candidates.register(c[0], c[1], Candidates.PASSWORD);
      ApiResponse r = app.post("/api/v1/passport/password-resets", new JsonObject().put("login", c[0]).put("code", "123456")
        .put("newPassword", "New#pass2026"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("CODE_INVALID");
      assertThat(candidates.login(c[0], Candidates.PASSWORD).status()).isEqualTo(201);
    }
  }

  @Test
  @DisplayName("messages follow Accept-Language: Chinese by default, English on request")
  void languages() {
    ApiResponse zh = app.get("/api/v1/passport/me", null);
    assertThat(zh.json().getJsonObject("error").getString("message")).isEqualTo("请先登录。");
    ApiResponse en = app.send(app.client().get("/api/v1/passport/me").putHeader("Accept-Language", "en-US,en;q=0.9"), null);
    assertThat(en.json().getJsonObject("error").getString("message")).isEqualTo("Please log in first.");
  }
}
