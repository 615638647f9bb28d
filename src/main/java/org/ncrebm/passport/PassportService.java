package org.ncrebm.passport;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.ncrebm.notify.Notification;
import org.ncrebm.notify.Notifier;
import org.ncrebm.passport.PassportInput.CodeRequest;
import org.ncrebm.passport.PassportInput.Login;
import org.ncrebm.passport.PassportInput.Registration;
import org.ncrebm.passport.PassportInput.Reset;
import org.ncrebm.passport.VerificationCodes.Channel;
import org.ncrebm.passport.VerificationCodes.Purpose;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Masking;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.RateLimiter.Limit;
import org.ncrebm.platform.auth.LoginGuard;
import org.ncrebm.platform.auth.PasswordHasher;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.platform.auth.SignInLimits;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;

import java.time.Duration;

/** Candidate accounts: verification codes, registration, login, logout and password recovery. */
public final class PassportService {
  /** A successful login: the account and its new session. */
  public record LoginResult(Account account, SessionStore.Issued session) {
  }

  private final Pool pool;
  private final AccountRepository accounts;
  private final VerificationCodes codes;
  private final PasswordHasher hasher;
  private final SessionStore sessions;
  private final LoginGuard guard;
  private final RateLimiter limiter;
  private final Notifier notifier;
  private final I18n i18n;
  private final Limit codePerIp;
  private final Limit codePerTargetMinute;
  private final Limit codePerTargetHour;
  private final Limit loginPerIp;

  public PassportService(Pool pool, AccountRepository accounts, VerificationCodes codes, PasswordHasher hasher,
                         SessionStore sessions, LoginGuard guard, RateLimiter limiter, Notifier notifier, I18n i18n,
                         SignInLimits limits) {
    this.pool = pool;
    this.accounts = accounts;
    this.codes = codes;
    this.hasher = hasher;
    this.sessions = sessions;
    this.guard = guard;
    this.limiter = limiter;
    this.notifier = notifier;
    this.i18n = i18n;
    this.codePerIp = new Limit("code-ip", limits.codePerIpHour(), Duration.ofHours(1));
    this.codePerTargetMinute = new Limit("code-target-m", limits.codePerTargetMinute(), Duration.ofMinutes(1));
    this.codePerTargetHour = new Limit("code-target-h", limits.codePerTargetHour(), Duration.ofHours(1));
    this.loginPerIp = new Limit("login-ip", limits.loginPerIpHour(), Duration.ofHours(1));
  }

  /**
   * Sends a code to an e-mail address or mobile number. Limited per IP and per target ({@code RATE_LIMITED}).
   * A reset code for an address no account uses is silently not sent, so the answer never reveals who is registered.
   */
  public Future<Void> requestCode(CodeRequest r, String ip, Lang lang) {
    return limiter.hit(codePerIp, ip)
      .compose(v -> limiter.hit(codePerTargetMinute, r.target()))
      .compose(v -> limiter.hit(codePerTargetHour, r.target()))
      .compose(v -> r.purpose() == Purpose.RESET ? accounts.findByLogin(r.target())
        .map(a -> a != null && a.active() ? a.lang() : null) : Future.succeededFuture(lang))
      // A reset code speaks the account's language; a sign-up code, the language of the page asking for it.
      .compose(to -> to != null ? codes.issue(r.purpose(), r.channel(), r.target())
        .compose(code -> notifier.send(message(r, code, to))) : Future.succeededFuture());
  }

  private Notification message(CodeRequest r, String code, Lang lang) {
    String purpose = i18n.t(lang, "code.purpose." + r.purpose().name());
    long minutes = VerificationCodes.LIFETIME.toMinutes();
    return r.channel() == Channel.EMAIL
      ? Notification.email(r.target(), i18n.t(lang, "code.email.subject", purpose),
        i18n.t(lang, "code.email.body", code, purpose, minutes))
      : Notification.sms(r.target(), i18n.t(lang, "code.sms.body", code, purpose, minutes));
  }

  /**
   * Creates an account once both codes prove the e-mail and the mobile. Fails with {@code CODE_INVALID} (naming the
   * wrong code), {@code EMAIL_TAKEN} or {@code MOBILE_TAKEN}; the codes are used up only when the account exists.
   */
  public Future<String> register(Registration r, Actor actor) {
    return Future.all(
        codes.check(Purpose.REGISTER, Channel.EMAIL, r.email(), r.emailCode()),
        codes.check(Purpose.REGISTER, Channel.SMS, r.mobile(), r.smsCode()))
      .compose(checked -> {
        boolean emailOk = checked.resultAt(0);
        boolean smsOk = checked.resultAt(1);
        if (!emailOk || !smsOk) {
          return Future.failedFuture(AppException.validationCode(emailOk ? null : "emailCode", smsOk ? null : "smsCode"));
        }
        return accounts.checkAvailable(r.email(), r.mobile());
      })
      .compose(v -> hasher.hash(r.password()))
      .compose(hash -> pool.withTransaction(tx -> accounts.insert(tx, r.email(), r.mobile(), hash, r.lang())
        .compose(a -> AuditLog.record(tx, new Actor("CANDIDATE", a.id(), null, actor.requestId(), actor.ip()),
          "passport.register", "account", a.id(), null,
          new JsonObject().put("email", Masking.email(a.email())).put("mobile", Masking.mobile(a.mobile()))
            .put("lang", a.lang().code()))
          .map(a.id()))))
      .compose(id -> Future.all(
          codes.discard(Purpose.REGISTER, Channel.EMAIL, r.email()),
          codes.discard(Purpose.REGISTER, Channel.SMS, r.mobile()))
        .map(id));
  }

  /**
   * Checks the password and opens a session. {@code RATE_LIMITED} per IP, {@code ACCOUNT_LOCKED} after repeated
   * failures, {@code BAD_CREDENTIALS} otherwise, equally slow whether or not the login exists.
   */
  public Future<LoginResult> login(Login r, String ip) {
    return limiter.hit(loginPerIp, ip)
      .compose(v -> accounts.findByLogin(r.login()))
      .compose(account -> {
        String subject = account == null ? "login:" + r.login() : "acct:" + account.id();
        return guard.begin(subject)
          .compose(v -> account == null ? hasher.verifyNothing(r.password()) : hasher.verify(r.password(), account.passwordHash()))
          .compose(ok -> {
            if (!ok) return Future.failedFuture(AppException.of(ErrorCode.BAD_CREDENTIALS));
            if (!account.active()) return Future.failedFuture(AppException.of(ErrorCode.ACCOUNT_LOCKED, "passport.disabled"));
            return guard.succeeded(subject)
              .compose(v -> sessions.create(new SessionStore.NewSession(Principal.Kind.CANDIDATE, account.id(), null,
                null, null, Masking.email(account.email()))))
              .map(issued -> new LoginResult(account, issued));
          });
      });
  }

  public Future<Void> logout(Principal principal) {
    return sessions.revoke(principal);
  }

  /** Sets a new password with a code sent to the login's e-mail or mobile, and ends every session of the account. */
  public Future<Void> resetPassword(Reset r, Actor actor) {
    Channel channel = PassportInput.channelOf(r.login());
    return accounts.findByLogin(r.login()).compose(account -> {
      if (account == null) {
        return Future.failedFuture(AppException.validationCode("code", null));
      }
      return codes.check(Purpose.RESET, channel, r.login(), r.code())
        .compose(ok -> ok ? hasher.hash(r.newPassword())
          : Future.failedFuture(AppException.validationCode("code", null)))
        .compose(hash -> pool.withTransaction(tx -> accounts.updatePassword(tx, account.id(), hash)
          .compose(v -> AuditLog.record(tx, new Actor("CANDIDATE", account.id(), null, actor.requestId(), actor.ip()),
            "passport.passwordReset", "account", account.id(), null,
            new JsonObject().put("via", channel.name())))))
        .compose(v -> codes.discard(Purpose.RESET, channel, r.login()))
        .compose(v -> sessions.revokeAll(Principal.Kind.CANDIDATE, account.id()));
    });
  }

  /**
   * Sets the language the account's e-mail, SMS and ticket PDF are written in, audited ({@code passport.lang});
   * {@code UNAUTHENTICATED} when the account is gone.
   */
  public Future<Account> changeLang(Principal principal, Actor actor, Lang lang) {
    return me(principal).compose(before -> before.lang() == lang ? Future.succeededFuture(before)
      : pool.withTransaction(tx -> accounts.updateLang(tx, before.id(), lang)
        .compose(after -> AuditLog.record(tx, new Actor("CANDIDATE", before.id(), null, actor.requestId(), actor.ip()),
            "passport.lang", "account", before.id(), null, new JsonObject().put("lang", before.lang().code()),
            new JsonObject().put("lang", after.lang().code()))
          .map(after))));
  }

  public Future<Account> me(Principal principal) {
    return accounts.findById(principal.accountId())
      .compose(a -> a == null ? Future.failedFuture(AppException.of(ErrorCode.UNAUTHENTICATED)) : Future.succeededFuture(a));
  }
}
