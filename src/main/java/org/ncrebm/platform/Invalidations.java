package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The service's one Redis subscription, {@code ncre:invalidate}: other instances (and this one) publish there what
 * a process-local cache must forget, e.g. a revoked session. A cache may keep anything only while {@link #live()}:
 * when the subscription is lost every listener is told to drop everything ({@link Listener#lost()}), caching stops
 * until it is back (re-subscribed with backoff), so a message can never be missed unnoticed. Messages are
 * {@code <kind>:<value>}; listeners see the ones of their kind.
 */
public final class Invalidations {
  public static final String CHANNEL = "ncre:invalidate";
  private static final Logger LOG = LoggerFactory.getLogger(Invalidations.class);

  /** A local cache that must forget what the subscription names, or everything when it is lost. */
  public interface Listener {
    void forget(String value);

    void lost();
  }

  private record Registration(String prefix, Listener listener) {
  }

  private final Vertx vertx;
  private final Redis subscriber;
  private final List<Registration> listeners = new CopyOnWriteArrayList<>();
  /** Counts every message and every loss: a reader that saw it change while it read knows its answer may be stale. */
  private final AtomicLong generation = new AtomicLong();
  private volatile RedisConnection connection;
  private volatile boolean live;
  private volatile boolean closed;
  private long backoffMillis = 100;

  /**
   * @param subscriber a client of its own for the subscribing connection (a subscribed connection can send nothing
   *                   else, so it must not come from the pool the service's commands use)
   */
  public Invalidations(Vertx vertx, Redis subscriber) {
    this.vertx = vertx;
    this.subscriber = subscriber;
  }

  /** Subscribes; never fails (while Redis cannot be reached nothing is cached and it retries in the background). */
  public Future<Void> start() {
    return subscribe().otherwise(err -> {
      retryLater(err);
      return null;
    });
  }

  public void listen(String kind, Listener listener) {
    listeners.add(new Registration(kind + ":", listener));
  }

  /** Whether a cache may keep what it reads now: the subscription is up, so it will hear of any change. */
  public boolean live() {
    return live;
  }

  /** See {@link #generation}: read before a Redis read, compare after, cache only if unchanged. */
  public long generation() {
    return generation.get();
  }

  /** The command that tells every instance to forget {@code value} of {@code kind} (for scripts: the same text). */
  public static String message(String kind, String value) {
    return kind + ":" + value;
  }

  public Future<Void> close() {
    closed = true;
    markLost();
    RedisConnection c = connection;
    connection = null;
    return (c == null ? Future.<Void>succeededFuture() : c.close()).eventually(subscriber::close);
  }

  private Future<Void> subscribe() {
    if (closed) return Future.succeededFuture();
    return subscriber.connect().compose(conn -> {
      connection = conn;
      conn.handler(this::onPush);
      conn.exceptionHandler(err -> onLost(conn, err));
      conn.endHandler(v -> onLost(conn, null));
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).map(r -> {
        backoffMillis = 100;
        // Before the subscription answered, a change could have gone unheard: caches start from nothing.
        markLost();
        live = true;
        LOG.info("subscribed to {}", CHANNEL);
        return (Void) null;
      }).onFailure(err -> conn.close());
    });
  }

  private void onPush(Response r) {
    // RESP2 delivers ["message", channel, payload] as a multi-bulk, RESP3 as a push: the same three elements.
    if (r == null || r.size() < 3 || !"message".equals(r.get(0).toString())) return;
    String text = r.get(2).toString();
    generation.incrementAndGet();
    for (Registration reg : listeners) {
      if (text.startsWith(reg.prefix())) reg.listener().forget(text.substring(reg.prefix().length()));
    }
  }

  private void onLost(RedisConnection conn, Throwable err) {
    if (conn != connection) return;
    connection = null;
    markLost();
    retryLater(err);
  }

  private void markLost() {
    live = false;
    generation.incrementAndGet();
    listeners.forEach(reg -> reg.listener().lost());
  }

  private void retryLater(Throwable err) {
    if (closed) return;
    LOG.warn("subscription to {} lost ({}); local caches are off until it is back", CHANNEL,
      err == null ? "connection closed" : err.toString());
    long delay = backoffMillis;
    backoffMillis = Math.min(5_000, backoffMillis * 2);
    vertx.setTimer(delay, t -> subscribe().onFailure(this::retryLater));
  }
}
