package org.ncrebm.passport;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.ncrebm.platform.RedisScripts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Six-digit codes that prove an e-mail address or a mobile number: 10 minutes of life, single use, five wrong tries
 * at most, stored in Redis only as an HMAC so a Redis dump reveals nothing usable. A new code replaces the old one.
 */
public final class VerificationCodes {
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  static final int MAX_WRONG_TRIES = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  public enum Purpose { REGISTER, RESET }

  public enum Channel { EMAIL, SMS }

  private final Redis redis;
  private final RedisScripts scripts;
  private final Clock clock;
  private final byte[] secret;

  public VerificationCodes(Redis redis, RedisScripts scripts, Clock clock, String secret) {
    this.redis = redis;
    this.scripts = scripts;
    this.clock = clock;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** Creates and stores a fresh code; the caller sends it. */
  public Future<String> issue(Purpose purpose, Channel channel, String target) {
    String code = String.format("%06d", RANDOM.nextInt(1_000_000));
    String key = key(purpose, channel, target);
    long expiresAt = clock.millis() + LIFETIME.toMillis();
    return redis.batch(List.of(
        Request.cmd(Command.DEL).arg(key),
        Request.cmd(Command.HSET).arg(key).arg("h").arg(digest(key, code)).arg("exp").arg(expiresAt).arg("tries").arg(0),
        Request.cmd(Command.PEXPIRE).arg(key).arg(LIFETIME.toMillis() + 60_000)))
      .map(code);
  }

  /** True when {@code code} is the live code for the target; a wrong guess counts against the code. */
  public Future<Boolean> check(Purpose purpose, Channel channel, String target, String code) {
    return run(purpose, channel, target, code, false);
  }

  /** Like {@link #check} and, when it matches, uses the code up. */
  public Future<Boolean> consume(Purpose purpose, Channel channel, String target, String code) {
    return run(purpose, channel, target, code, true);
  }

  /** Uses the code up after the action it guarded succeeded. */
  public Future<Void> discard(Purpose purpose, Channel channel, String target) {
    return redis.send(Request.cmd(Command.DEL).arg(key(purpose, channel, target))).mapEmpty();
  }

  private Future<Boolean> run(Purpose purpose, Channel channel, String target, String code, boolean consume) {
    if (code == null || !code.matches("[0-9]{6}")) {
      return Future.succeededFuture(false);
    }
    String key = key(purpose, channel, target);
    return scripts.eval("code_check", List.of(key), List.of(digest(key, code), Long.toString(clock.millis()),
        Integer.toString(MAX_WRONG_TRIES), consume ? "1" : "0"))
      .map(r -> r.toInteger() == 1);
  }

  private String digest(String key, String code) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((key + "|" + code).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String key(Purpose purpose, Channel channel, String target) {
    return "vcode:" + purpose.name().toLowerCase(Locale.ROOT) + ":" + channel.name().toLowerCase(Locale.ROOT) + ":{"
      + target.trim().toLowerCase(Locale.ROOT) + "}";
  }
}
