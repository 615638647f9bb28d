package org.ncrebm.app;

import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import org.ncrebm.platform.AppConfig;
import org.ncrebm.platform.Metrics;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.RedisScripts;
import org.ncrebm.queue.AdmissionRate;
import org.ncrebm.queue.AdmissionTokens;
import org.ncrebm.queue.QueueService;
import org.ncrebm.registration.RegistrationService;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The composition root's waiting-room part (issue 14, S5): the queue service, its load signals and its gauges. */
final class WaitingRooms {
  private WaitingRooms() {
  }

  /**
   * The waiting rooms in front of starting a registration and choosing subjects. Admissions are signed with a key
   * derived from {@code security.jwt-secret} (every instance shares it); the admission rate reads this instance's
   * Postgres and Redis wait queues and seat-write backlog.
   */
  static QueueService wire(Pool pool, Redis redis, RedisScripts scripts, AppConfig config, RateLimiter limiter,
                           Clock clock, Metrics metrics, RegistrationService registrations) {
    var queue = new QueueService(pool, redis, scripts, new AdmissionTokens(config.jwtSecret()),
      new AdmissionRate(AdmissionRate.Marks.DEFAULT), limiter, clock);
    // Redis: requests waiting for a pooled connection, plus what waits on the event loops' own connections beyond
    // what the pool would have had in flight (RedisClients.client)
    var pipelined = org.ncrebm.platform.RedisClients.pipelinedBeyondPool(redis, config.redisPoolSize());
    queue.useSignals(() -> new AdmissionRate.Signals(poolPending(metrics, "ncre-pg"),
      poolPending(metrics, "ncre-redis") + pipelined.getAsInt(), registrations.front().seatWritesWaiting()));
    Set<String> gauged = ConcurrentHashMap.newKeySet();
    Map<String, QueueService.Stats> latest = new ConcurrentHashMap<>();
    queue.observeStats((room, stats) -> {
      latest.put(room, stats);
      if (gauged.add(room)) {
        String[] tags = {"session", room.substring(0, room.indexOf(':')), "province", room.substring(room.indexOf(':') + 1)};
        metrics.gauge("ncre.queue.waiting", "Entries waiting in a waiting room", () -> latest.get(room).waiting(), tags);
        metrics.gauge("ncre.queue.admitted", "Entries a waiting room has admitted", () -> latest.get(room).admitted(), tags);
        metrics.gauge("ncre.queue.rate", "A waiting room's admissions per second now (adaptive)",
          () -> latest.get(room).rate(), tags);
      }
    });
    registrations.front().useQueue(queue);
    return queue;
  }

  /** Requests waiting for a connection of the named pool (Vert.x's pool metrics), 0 when not measured. */
  private static double poolPending(Metrics metrics, String pool) {
    return metrics.registry().find("vertx.pool.queue.pending").tag("pool_name", pool).gauges().stream()
      .mapToDouble(io.micrometer.core.instrument.Gauge::value).sum();
  }
}
