package org.ncrebm.platform;

import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Fixed-window rate limits in Redis, judged by the service clock; over the limit is {@code 429} + Retry-After. */
public final class RateLimiter {
  /** A named limit: at most {@code max} hits per {@code window} for one subject. */
  public record Limit(String name, int max, Duration window) {
  }

  private final RedisScripts scripts;
  private final Clock clock;

  public RateLimiter(RedisScripts scripts, Clock clock) {
    this.scripts = scripts;
    this.clock = clock;
  }

  /** Counts a hit; fails with {@code RATE_LIMITED} (and the seconds to wait) when the subject is over the limit. */
  public Future<Void> hit(Limit limit, String subject) {
    return scripts.eval("rate_limit", List.of(key(limit, subject)),
        List.of(Long.toString(clock.millis()), Long.toString(limit.window().toMillis()), Integer.toString(limit.max()), "1"))
      .compose(r -> r.get(0).toInteger() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(AppException.retryLater(ErrorCode.RATE_LIMITED, seconds(r.get(1).toLong()))));
  }

  static String key(Limit limit, String subject) {
    return "rl:" + limit.name() + ":{" + subject.toLowerCase(Locale.ROOT) + "}";
  }

  static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
