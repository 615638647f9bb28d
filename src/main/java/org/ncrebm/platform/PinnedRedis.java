package org.ncrebm.platform;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A single Redis server's client with one connection per event loop for what that loop sends: its commands are
 * pipelined on a connection that lives on the same thread, in the order they were sent. Through the pool every
 * command took a connection and gave it back (the pool's lease, its waiting queue, its metrics) and often crossed to
 * the event loop that owned that connection and back (a task and a wake-up each way): 10-15 % of the CPU of the
 * sold-out answer, whose whole Redis work is one script (issue 15).
 *
 * <p>Everything else goes through the pool as before: commands sent from worker threads and other non-event-loop
 * threads, commands sent while the loop's connection is being made or after it broke, and everything when its
 * pipeline is full. A broken connection fails the commands in flight on it (as a pooled one does) and is replaced on
 * the next command, at most one attempt a second. What a loop sends in one turn goes out in one write
 * ({@link RedisFlushes}). Only for {@code standalone}: a Sentinel master can change under a
 * held connection, and a Cluster client routes by slot over connections of its own ({@link RedisClients#client}).
 */
public final class PinnedRedis implements Redis {
  /** After a failed attempt, the pool serves this loop for this long before the next one. */
  static final long RETRY_MILLIS = 1_000;

  private final Redis pooled;
  private final Redis pinning;
  private final Set<RedisConnection> held = ConcurrentHashMap.newKeySet();
  private final Set<Slot> slotsMade = ConcurrentHashMap.newKeySet();
  private final FastThreadLocal<Slot> slots = new FastThreadLocal<>() {
    @Override
    protected Slot initialValue() {
      Slot slot = new Slot();
      slotsMade.add(slot);
      return slot;
    }
  };
  private volatile boolean closed;

  /** One event loop's connection; only its own thread changes it (the backlog gauge reads {@code inFlight}). */
  private static final class Slot {
    RedisConnection connection;
    boolean connecting;
    long retryAt;
    volatile int inFlight;
  }

  /**
   * @param pooled  the client for everything not pinned
   * @param pinning a client of its own (one connection per event loop is taken from it and held)
   */
  public PinnedRedis(Redis pooled, Redis pinning) {
    this.pooled = pooled;
    this.pinning = pinning;
  }

  @Override
  public Future<Response> send(Request command) {
    Slot slot = pinnedHere();
    if (slot == null) return pooled.send(command);
    slot.inFlight++;
    return slot.connection.send(command).andThen(ar -> slot.inFlight--);
  }

  @Override
  public Future<List<Response>> batch(List<Request> commands) {
    Slot slot = pinnedHere();
    if (slot == null) return pooled.batch(commands);
    slot.inFlight++;
    return slot.connection.batch(commands).andThen(ar -> slot.inFlight--);
  }

  /** A connection of the caller's own (subscriptions, transactions): always from the pool. */
  @Override
  public Future<RedisConnection> connect() {
    return pooled.connect();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    held.forEach(RedisConnection::close);
    held.clear();
    return Future.join(pinning.close(), pooled.close()).mapEmpty();
  }

  /** The connections held now (tests). */
  Set<RedisConnection> heldConnections() {
    return Set.copyOf(held);
  }

  /** How many event loops hold a connection now. */
  int pinnedConnections() {
    return held.size();
  }

  /**
   * Commands (and batches) sent on the held connections and not answered yet: the Redis backlog the pool showed as
   * connections in use plus requests waiting for one.
   */
  public int inFlight() {
    int n = 0;
    for (Slot s : slotsMade) n += s.inFlight;
    return n;
  }

  /** This event loop's slot when its connection is up and has room in its pipeline, else null (the pool serves). */
  private Slot pinnedHere() {
    if (closed || !Context.isOnEventLoopThread()) return null;
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) return null;
    Slot slot = slots.get();
    RedisConnection c = slot.connection;
    if (c != null) return c.pendingQueueFull() ? null : slot;
    if (!slot.connecting && System.currentTimeMillis() >= slot.retryAt) connect(slot);
    return null;
  }

  /** Made from the event loop's own context, so the connection's I/O and answers stay on this thread. */
  private void connect(Slot slot) {
    slot.connecting = true;
    pinning.connect().onComplete(ar -> {
      slot.connecting = false;
      if (ar.failed()) {
        slot.retryAt = System.currentTimeMillis() + RETRY_MILLIS;
        return;
      }
      RedisConnection c = ar.result();
      if (closed) {
        c.close();
        return;
      }
      RedisFlushes.coalesce(c);
      c.endHandler(v -> drop(slot, c));
      c.exceptionHandler(err -> drop(slot, c));
      held.add(c);
      slot.connection = c;
    });
  }

  private void drop(Slot slot, RedisConnection c) {
    held.remove(c);
    if (slot.connection == c) slot.connection = null;
    c.close();
  }
}
