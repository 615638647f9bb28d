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
      case "cluster" -> options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
      default -> options.setType(RedisClientType.STANDALONE);
    }
    return options;
  }
}
