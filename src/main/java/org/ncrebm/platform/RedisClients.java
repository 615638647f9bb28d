package org.ncrebm.platform;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;

/**
 * Redis client options for the configured topology: one server ({@code standalone}), a Sentinel group
 * ({@code sentinel}: {@code redis.url} lists the sentinels, comma-separated, and the client follows the master of
 * {@code redis.master-name} across failovers), or {@code cluster} ({@code redis.url} lists seed nodes). Pool and
 * waiting queue are bounded in every case.
 */
public final class RedisClients {
  /** How long an answer may take before it counts as Redis being unavailable (see {@link BoundedRedis}). */
  public static final long ANSWER_TIMEOUT_MILLIS = 5_000;
  /** Redis Cluster: how long the client keeps the slot map before it reads it again (see {@link #options}). */
  static final long SLOT_CACHE_MILLIS = 10 * 60_000;

  private RedisClients() {
  }

  public static RedisOptions options(AppConfig config) {
    RedisOptions options = new RedisOptions()
      .setPoolName("ncre-redis")
      .setMaxPoolSize(config.redisPoolSize())
      .setMaxPoolWaiting(config.redisMaxWaiting())
      .setMaxWaitingHandlers(config.redisMaxWaiting())
      .setPoolRecycleTimeout(15_000);
    // each client its own metrics name: unnamed ones share one gauge id and Micrometer warns at boot
    options.getNetClientOptions().setMetricsName("ncre-redis");
    for (String url : config.redisUrl().split(",")) {
      if (!url.isBlank()) options.addConnectionString(url.trim());
    }
    switch (config.ops().redisType()) {
      case "sentinel" -> options.setType(RedisClientType.SENTINEL).setMasterName(config.ops().redisMasterName())
        .setRole(RedisRole.MASTER);
      // The slot map is re-read when Redis answers MOVED (a failover, a resharding), not every second: with the
      // default 1 s cache the 5.0.8 client may wait for a re-read that needs a pooled connection while every pooled
      // connection waits for that re-read, a deadlock under load (vertx-redis-client #541, fixed by #548 after 5.0.8).
      case "cluster" -> options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER)
        .setHashSlotCacheTTL(SLOT_CACHE_MILLIS);
      default -> options.setType(RedisClientType.STANDALONE);
    }
    return options;
  }

  /**
   * For the one subscribing connection of {@link Invalidations}: the same server or Sentinel group; on a Cluster a
   * plain connection to the first seed node, since a message published on any node reaches every node's subscribers.
   */
  public static RedisOptions subscriberOptions(AppConfig config) {
    RedisOptions options = options(config).setPoolName("ncre-redis-subscriber").setMaxPoolSize(1);
    options.getNetClientOptions().setMetricsName("ncre-redis-subscriber");
    if (options.getType() == RedisClientType.CLUSTER) {
      String first = options.getEndpoints().get(0);
      options = new RedisOptions().setType(RedisClientType.STANDALONE).setConnectionString(first)
        .setPoolName("ncre-redis-subscriber").setMaxPoolSize(1);
      options.getNetClientOptions().setMetricsName("ncre-redis-subscriber");
    }
    return options;
  }
}
