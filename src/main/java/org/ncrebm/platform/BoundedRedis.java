package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis client with a bound on every answer. The Vert.x client has no request timeout: a command waits for as
 * long as its connection or the client's slot cache (Redis Cluster) keeps it waiting, and a caller waiting inside a
 * request holds whatever it holds. Here an answer that takes longer than {@code timeoutMillis} fails (a
 * {@code NoStackTraceTimeoutException}, answered 503 {@code OVERLOADED} with Retry-After like any unavailable
 * server), so a stalled Redis costs the spike clean errors, not a queue of requests that never end. A command that
 * timed out may still run later: every seat-gate change is idempotent per registration and the repair job compares
 * the gate with Postgres, which stays the truth.
 */
public final class BoundedRedis implements Redis {
  private final Redis redis;
  private final long timeoutMillis;

  public BoundedRedis(Redis redis, long timeoutMillis) {
    this.redis = redis;
    this.timeoutMillis = timeoutMillis;
  }

  Redis delegate() {
    return redis;
  }

  @Override
  public Future<RedisConnection> connect() {
    return redis.connect().timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }

  @Override
  public Future<Response> send(Request command) {
    return redis.send(command).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    return redis.batch(commands).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
