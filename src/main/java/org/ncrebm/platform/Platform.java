package org.ncrebm.platform;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.PasswordHasher;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Templates;

import java.time.Clock;

/** The shared infrastructure every bounded context is built from; created once at boot, thread-safe. */
public record Platform(
  Vertx vertx,
  AppConfig config,
  Clock clock,
  Pool pool,
  Redis redis,
  RedisScripts scripts,
  BoundedWorker worker,
  I18n i18n,
  Templates templates,
  Csrf csrf,
  Pages pages,
  SessionStore sessions,
  Authenticator auth,
  PasswordHasher hasher,
  RateLimiter limiter,
  Readiness readiness,
  Metrics metrics) {
}
