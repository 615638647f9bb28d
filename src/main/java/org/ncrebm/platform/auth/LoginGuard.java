package org.ncrebm.platform.auth;

import io.vertx.core.Future;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RedisScripts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Lockout after repeated failed logins. Each attempt is counted before the password is checked; more than
 * {@code threshold} unresolved attempts in a window lock the subject for {@code lock}, answered with
 * {@code 423 ACCOUNT_LOCKED} without hashing anything. So at most {@code threshold} guesses per lock period get
 * through (5 per 15 minutes by default: 20 an hour), whatever the concurrency.
 */
public final class LoginGuard {
  private final RedisScripts scripts;
  private final Clock clock;
  private final String realm;
  private final int threshold;
  private final Duration lock;

  public LoginGuard(RedisScripts scripts, Clock clock, String realm, int threshold, Duration lock) {
    this.scripts = scripts;
    this.clock = clock;
    this.realm = realm;
    this.threshold = threshold;
    this.lock = lock;
  }

  /** Counts an attempt for {@code subject}; fails with {@code ACCOUNT_LOCKED} when locked. */
  public Future<Void> begin(String subject) {
    return run("begin", subject).compose(r -> r.get(0).toInteger() == 1
      ? Future.failedFuture(AppException.retryLater(ErrorCode.ACCOUNT_LOCKED, Math.max(1, r.get(1).toLong() / 1000)))
      : Future.succeededFuture());
  }

  /** A correct password clears the subject's attempts. */
  public Future<Void> succeeded(String subject) {
    return run("ok", subject).mapEmpty();
  }

  private Future<io.vertx.redis.client.Response> run(String mode, String subject) {
    String tag = "{" + realm + ":" + subject.toLowerCase(Locale.ROOT) + "}";
    return scripts.eval("login_guard", List.of("login:" + tag + ":attempts", "login:" + tag + ":lock"),
      List.of(mode, Long.toString(clock.millis()), Long.toString(lock.toMillis()), Integer.toString(threshold),
        Long.toString(lock.toMillis())));
  }
}
