package org.ncrebm.platform;

import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * Counts a hit and, when allowed, reads {@code fields} of the hash {@code key} in the same script: one round trip
   * instead of two. The hash must share the limit's hash slot (its name contains {@link #slot}{@code (subject)}), so
   * the script runs on Redis Cluster. Answers the fields' values (null where missing).
   */
  public Future<List<String>> hitAndRead(Limit limit, String subject, String key, List<String> fields) {
    List<String> args = new ArrayList<>(4 + fields.size());
    args.add(Long.toString(clock.millis()));
    args.add(Long.toString(limit.window().toMillis()));
    args.add(Integer.toString(limit.max()));
    args.add("1");
    args.addAll(fields);
    return scripts.eval("rate_limit", List.of(key(limit, subject), key), args).compose(r -> {
      if (r.get(0).toInteger() != 1) {
        return Future.failedFuture(AppException.retryLater(ErrorCode.RATE_LIMITED, seconds(r.get(1).toLong())));
      }
      List<String> values = new ArrayList<>(fields.size());
      for (int i = 2; i < r.size(); i++) values.add(r.get(i) == null ? null : r.get(i).toString());
      return Future.succeededFuture(values);
    });
  }

  /** The hash tag of a subject's limits: a key holding it lives in the same Redis Cluster slot as they do. */
  public static String slot(String subject) {
    return "{" + subject.toLowerCase(Locale.ROOT) + "}";
  }

  static String key(Limit limit, String subject) {
    return "rl:" + limit.name() + ":" + slot(subject);
  }

  static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
