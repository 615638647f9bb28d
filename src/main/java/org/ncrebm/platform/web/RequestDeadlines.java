package org.ncrebm.platform.web;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayDeque;

/**
 * The longest a request may run, for one event loop's requests: past its deadline an unanswered request fails with
 * 503 (answered {@code OVERLOADED} by the failure handler), as vertx-web's {@code TimeoutHandler} does. That handler
 * arms a timer per request and cancels it at the end (a scheduled task and the timers' map, twice per request; with
 * the Redis answer's own bound, timers were 2 % of the sold-out answer's CPU, issue 15). Here every request of one
 * class gets the same timeout, so deadlines come in arrival order: each class is a queue, a request joins its tail,
 * and one sweep per {@link #SWEEP_MILLIS} takes from the head what ended or passed its deadline. A request therefore
 * fails at most {@link #SWEEP_MILLIS} after its deadline. A slow request at a queue's head keeps the ended ones
 * behind it queued until it ends or expires: a small entry each (their contexts are already let go), at most a
 * timeout's worth of arrivals. Not thread-safe: one instance per event loop (per HTTP verticle), used from that loop
 * only.
 */
public final class RequestDeadlines {
  public static final long SWEEP_MILLIS = 250;

  /** One request under watch; {@link #ended()} clears {@code ctx}, so a finished one holds nothing. */
  public static final class Watched {
    private RoutingContext ctx;
    private final long deadline;

    private Watched(RoutingContext ctx, long deadline) {
      this.ctx = ctx;
      this.deadline = deadline;
    }

    /** The request ended (answered or its connection closed): its deadline no longer applies. */
    public void ended() {
      ctx = null;
    }
  }

  private final long ordinaryMillis;
  private final long longMillis;
  private final ArrayDeque<Watched> ordinary = new ArrayDeque<>();
  private final ArrayDeque<Watched> longRunning = new ArrayDeque<>();
  private long timer = -1;

  /**
   * @param ordinaryMillis the timeout of most requests
   * @param longMillis     the timeout of the long-running ones (streamed exports)
   */
  public RequestDeadlines(long ordinaryMillis, long longMillis) {
    this.ordinaryMillis = ordinaryMillis;
    this.longMillis = longMillis;
  }

  /** Starts the sweep on the caller's event loop. */
  public void start(Vertx vertx) {
    timer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep(System.nanoTime() / 1_000_000));
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
  }

  /**
   * Watches the request from now on: it fails with 503 if it has not ended by its class's timeout. The caller calls
   * {@link Watched#ended()} from the request's end handler (on end or on a closed connection alike, as
   * TimeoutHandler cancels its timer).
   */
  public Watched watch(RoutingContext ctx, boolean longRunning) {
    long now = System.nanoTime() / 1_000_000;
    Watched w = new Watched(ctx, now + (longRunning ? longMillis : ordinaryMillis));
    (longRunning ? this.longRunning : ordinary).addLast(w);
    return w;
  }

  /** Takes what ended or expired off both queues' heads; expired requests fail with 503. */
  void sweep(long nowMillis) {
    sweep(ordinary, nowMillis);
    sweep(longRunning, nowMillis);
  }

  private static void sweep(ArrayDeque<Watched> queue, long nowMillis) {
    Watched head;
    while ((head = queue.peekFirst()) != null && (head.ctx == null || head.deadline <= nowMillis)) {
      queue.pollFirst();
      RoutingContext ctx = head.ctx;
      head.ctx = null;
      if (ctx != null && !ctx.response().ended()) ctx.fail(503);
    }
  }

  /** Requests under watch (ended ones not yet swept included), for tests. */
  int watched() {
    return ordinary.size() + longRunning.size();
  }
}
