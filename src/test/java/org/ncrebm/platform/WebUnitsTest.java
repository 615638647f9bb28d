package org.ncrebm.platform;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.platform.auth.PasswordPolicy;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.web.Pages;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Small platform rules")
class WebUnitsTest {
  @Test
  @DisplayName("Accept-Language picks the best supported language, Chinese when nothing matches")
  void acceptLanguage() {
    assertThat(Lang.fromAcceptLanguage(null)).isEqualTo(Lang.ZH);
    assertThat(Lang.fromAcceptLanguage("fr-FR, de;q=0.8")).isEqualTo(Lang.ZH);
    assertThat(Lang.fromAcceptLanguage("en-GB,en;q=0.9,zh-CN;q=0.8")).isEqualTo(Lang.EN);
    assertThat(Lang.fromAcceptLanguage("en;q=0.5, zh-TW;q=0.9")).isEqualTo(Lang.ZH);
  }

  @Test
  @DisplayName("both message bundles have exactly the same keys")
  void bundlesComplete() throws Exception {
    I18n i18n = I18n.load();
    assertThat(i18n.keys(Lang.EN)).containsExactlyInAnyOrderElementsOf(i18n.keys(Lang.ZH));
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(i18n.has(code.messageKey())).as(code.name()).isTrue();
    }
  }

  @Test
  @DisplayName("personal data is masked: e-mail, mobile, ID number")
  void masking() {
    assertThat(Masking.email("zhangsan@example.com")).isEqualTo("zh***@example.com");
    assertThat(Masking.mobile("13812345678")).isEqualTo("138****5678");
    assertThat(Masking.idNumber("11010519491231002X")).isEqualTo("110***********002X");
  }

  @Test
  @DisplayName("the password policy wants 8+ characters with a letter, a digit and a symbol")
  void passwordPolicy() {
    assertThat(PasswordPolicy.check("Exam#2026")).isNull();
    assertThat(PasswordPolicy.check("考试密码#2026")).isNull();
    assertThat(PasswordPolicy.check("Ex#1")).isEqualTo("password.tooShort");
    assertThat(PasswordPolicy.check("Exam20261")).isEqualTo("password.weak");
    assertThat(PasswordPolicy.check("x".repeat(129) + "1#")).isEqualTo("password.tooLong");
  }

  @Test
  @DisplayName("redirect targets must be our own relative paths")
  void safeNext() {
    assertThat(Pages.safeNext("/passport/account", "/")).isEqualTo("/passport/account");
    assertThat(Pages.safeNext("https://evil.example", "/")).isEqualTo("/");
    assertThat(Pages.safeNext("//evil.example", "/")).isEqualTo("/");
    assertThat(Pages.safeNext("/\\evil.example", "/")).isEqualTo("/");
    assertThat(Pages.safeNext(null, "/x")).isEqualTo("/x");
  }
}
