package org.ncrebm.platform;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
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

  /**
   * The service's client: for one server, commands sent from an event loop are pipelined on a connection of that
   * loop's own ({@link PinnedRedis}), the rest go through the pool; Sentinel and Cluster use the pool only.
   */
  public static Redis client(Vertx vertx, AppConfig config) {
    RedisOptions options = options(config);
    Redis pooled = Redis.createClient(vertx, options);
    if (options.getType() != RedisClientType.STANDALONE) return pooled;
    // one held connection per event loop (Vert.x's default number of them), and as many again to replace broken
    // ones while they are evicted
    RedisOptions pinning = new RedisOptions(options).setPoolName("ncre-redis-pinned")
      .setMaxPoolSize(2 * VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)
      .setMaxPoolWaiting(64)
      .setNetClientOptions(new NetClientOptions(options.getNetClientOptions()).setMetricsName("ncre-redis-pinned"));
    return new PinnedRedis(pooled, Redis.createClient(vertx, pinning));
  }

  /**
   * The Redis backlog beyond what the pool would have had in flight (its size): commands waiting on the held
   * connections of {@link PinnedRedis} that the pool would have kept waiting for a connection; 0 for a pooled client.
   */
  public static java.util.function.IntSupplier pipelinedBeyondPool(Redis redis, int poolSize) {
    Redis inner = redis instanceof BoundedRedis b ? b.delegate() : redis;
    if (!(inner instanceof PinnedRedis pinned)) return () -> 0;
    return () -> Math.max(0, pinned.inFlight() - poolSize);
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
