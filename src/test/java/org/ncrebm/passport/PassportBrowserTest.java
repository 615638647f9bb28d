package org.ncrebm.passport;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A candidate creates a passport, logs in and out in a real browser")
class PassportBrowserTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Candidates candidates = new Candidates(app);

  @Test
  @DisplayName("register with codes from the outbox, see field errors, log in, see the account, log out")
  void journey() {
    String[] c = Candidates.uniqueContact();
    try (Browser b = Browser.open(app)) {
      b.go("/");
      b.click("a.button.secondary");
      assertThat(b.path()).isEqualTo("/passport/register");

      b.type("#f-email", c[0]);
      b.click("#send-email-code");
      assertThat(b.text()).contains("验证码已发送到您的邮箱");
      b.type("#f-emailCode", candidates.latestCode(c[0]));
      b.type("#f-mobile", c[1]);
      b.click("#send-sms-code");
      assertThat(b.text()).contains("验证码已发送到您的手机");
      assertThat(b.find("#f-email").getAttribute("value")).isEqualTo(c[0]);
      b.type("#f-smsCode", candidates.latestCode(c[1]));

      b.type("#f-password", "weak");
      b.click("#register-submit");
      assertThat(b.find("#e-password").getText()).isEqualTo("密码至少 8 个字符。");
      assertThat(b.find("#f-password").getAttribute("value")).as("passwords are never echoed").isEmpty();
      assertThat(b.find("#f-mobile").getAttribute("value")).isEqualTo(c[1]);

      b.type("#f-password", Candidates.PASSWORD);
      b.click("#register-submit");
      assertThat(b.path()).isEqualTo("/passport/login");
      assertThat(b.text()).contains("通行证注册成功");
      b.screenshot("passport-registered");

      b.type("#f-login", c[1]);
      b.type("#f-password", "Wrong#pass1");
      b.click("#login-submit");
      assertThat(b.text()).contains("账号或密码不正确");
      assertThat(b.find("#f-login").getAttribute("value")).isEqualTo(c[1]);

      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      assertThat(b.path()).isEqualTo("/passport/account");
      assertThat(b.find("#account-mobile").getText()).isEqualTo(c[1].substring(0, 3) + "****" + c[1].substring(7));
      b.screenshot("passport-account");

      b.click("form.inline button");
      assertThat(b.path()).isEqualTo("/passport/login");
      assertThat(b.text()).contains("您已安全退出");
      b.go("/passport/account");
      assertThat(b.path()).as("logged out for real").isEqualTo("/passport/login");
    }
    assertThat(app.count("select count(*) from account where email = $1", c[0])).isEqualTo(1);
  }

  @Test
  @DisplayName("recover a forgotten password through the pages, in English")
  void forgotPassword() {
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    app.clock.advance(java.time.Duration.ofMinutes(2));
    try (Browser b = Browser.open(app)) {
      b.go("/lang/en?back=/passport/forgot");
      assertThat(b.text()).contains("Recover your password");
      int known = candidates.outboxSize(c[0]);
      b.type("#f-login", c[0]);
      b.click("#send-reset-code");
      assertThat(b.text()).contains("If this login is registered");
      b.type("#f-code", candidates.nextCode(c[0], known));
      b.type("#f-newPassword", "Brand#new2026");
      b.click("#reset-submit");
      assertThat(b.path()).isEqualTo("/passport/login");
      assertThat(b.text()).contains("Your password was reset");
      b.type("#f-login", c[0]);
      b.type("#f-password", "Brand#new2026");
      b.click("#login-submit");
      assertThat(b.path()).isEqualTo("/passport/account");
    }
  }
}
