package org.ncrebm.passport;

import org.ncrebm.passport.VerificationCodes.Channel;
import org.ncrebm.passport.VerificationCodes.Purpose;
import org.ncrebm.platform.auth.PasswordPolicy;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Lang;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The passport requests, validated once for the API and the pages alike. */
final class PassportInput {
  static final Pattern EMAIL = Pattern.compile("^[^\\s@<>()\\[\\],;:\"]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$");
  static final Pattern MOBILE = Pattern.compile("^1[3-9][0-9]{9}$");
  static final Pattern CODE = Pattern.compile("^[0-9]{6}$");
  static final Set<String> LANGS = new java.util.TreeSet<>(Set.of("zh", "en"));

  record CodeRequest(Channel channel, String target, Purpose purpose) {
  }

  /** A sign-up; {@code lang} is the one asked for, else the language the candidate is using. */
  record Registration(String email, String mobile, String password, String emailCode, String smsCode, Lang lang) {
  }

  record Login(String login, String password) {
  }

  record Reset(String login, String code, String newPassword) {
  }

  private PassportInput() {
  }

  static CodeRequest codeRequest(JsonInput in) {
    String channel = in.oneOf("channel", Set.of("email", "sms"));
    String purpose = in.oneOf("purpose", Set.of("register", "reset"));
    String target = in.string("target", 254);
    if (target != null && channel != null) {
      if (channel.equals("email") && !EMAIL.matcher(target).matches()) in.reject("target", "validation.email");
      if (channel.equals("sms") && !MOBILE.matcher(target).matches()) in.reject("target", "validation.mobile");
    }
    in.done();
    return new CodeRequest(Channel.valueOf(channel.toUpperCase(Locale.ROOT)), normalize(target),
      Purpose.valueOf(purpose.toUpperCase(Locale.ROOT)));
  }

  static Registration registration(JsonInput in, Lang using) {
    String email = in.matching("email", 254, EMAIL, "validation.email");
    String mobile = in.matching("mobile", 11, MOBILE, "validation.mobile");
    String password = password(in, "password");
    String emailCode = in.matching("emailCode", 6, CODE, "validation.code");
    String smsCode = in.matching("smsCode", 6, CODE, "validation.code");
    Lang lang = in.raw().containsKey("lang") ? lang(in) : using;
    in.done();
    return new Registration(email, mobile, password, emailCode, smsCode, lang);
  }

  /** {@code PATCH /api/v1/passport/me}: {@code {lang: "zh"|"en"}}, the one setting an account has. */
  static Lang accountChange(JsonInput in) {
    Lang lang = lang(in);
    in.done();
    return lang;
  }

  private static Lang lang(JsonInput in) {
    return Lang.fromCode(in.oneOf("lang", LANGS));
  }

  static Login login(JsonInput in) {
    String login = in.string("login", 254);
    String password = in.password("password", PasswordPolicy.MAX);
    in.done();
    return new Login(normalize(login), password);
  }

  static Reset reset(JsonInput in) {
    String login = in.string("login", 254);
    if (login != null && !EMAIL.matcher(login).matches() && !MOBILE.matcher(login).matches()) {
      in.reject("login", "validation.login");
    }
    String code = in.matching("code", 6, CODE, "validation.code");
    String newPassword = password(in, "newPassword");
    in.done();
    return new Reset(normalize(login), code, newPassword);
  }

  private static String password(JsonInput in, String field) {
    String password = in.password(field, PasswordPolicy.MAX);
    if (password != null) {
      String broken = PasswordPolicy.check(password);
      if (broken != null) {
        in.reject(field, broken);
        return null;
      }
    }
    return password;
  }

  /** E-mail addresses compare case-insensitively; the stored form keeps what the person typed. */
  static String normalize(String login) {
    return login == null ? null : login.trim();
  }

  static Channel channelOf(String login) {
    return login.contains("@") ? Channel.EMAIL : Channel.SMS;
  }
}
