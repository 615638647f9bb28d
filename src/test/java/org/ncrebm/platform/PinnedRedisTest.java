package org.ncrebm.platform;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestServers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Pinned Redis: an event loop's commands pipelined on a connection of its own, the pool for the rest")
class PinnedRedisTest {
  private final Vertx vertx = Vertx.vertx();
  private final String url = TestServers.get().redisUrl;
  private final Redis other = Redis.createClient(vertx, url);
  private final PinnedRedis redis = new PinnedRedis(Redis.createClient(vertx, url),
    Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(8)));
  private final String key = "test:pinned:" + UUID.randomUUID();

  @AfterEach
  void close() {
    TestApp.await(other.send(Request.cmd(Command.DEL).arg(key)));
    TestApp.await(redis.close());
    TestApp.await(vertx.close());
  }

  /** Runs {@code work} on {@code context} (an event loop) and waits for its result. */
  private static <T> T on(Context context, Supplier<Future<T>> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> work.get().onComplete(ar -> {
      if (ar.succeeded()) done.complete(ar.result());
      else done.completeExceptionally(ar.cause());
    }));
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private long clientId(Context context) {
    return on(context, () -> redis.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
  }

  /** Waits for an event (a connection made or closed on an event loop), not for a time: fails after 5 s. */
  private static void eventually(BooleanSupplier done) {
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within 5 s").isLessThan(end);
      Thread.onSpinWait();
    }
  }

  /** Sends until the loop's own connection is up and answering: its client id. */
  private long pinnedId(Context context) {
    eventually(() -> {
      clientId(context);
      return redis.pinnedConnections() == 1;
    });
    return clientId(context);
  }

  @Test
  @DisplayName("one connection answers a loop's commands, pipelined, in the order sent; other threads use the pool")
  void oneConnectionInOrder() {
    Context loop = vertx.getOrCreateContext();
    long pinned = pinnedId(loop);
    List<Long> ids = on(loop, () -> {
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) sent.add(redis.send(Request.cmd(Command.CLIENT).arg("ID")));
      return Future.all(sent).map(all -> all.<Response>list().stream().map(Response::toLong).toList());
    });
    assertThat(ids).hasSize(200).containsOnly(pinned);
    int[] inFlight = new int[2];
    var beyondPool = RedisClients.pipelinedBeyondPool(new BoundedRedis(redis, 5_000), 32);
    List<Long> counts = on(loop, () -> {
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < 200; i++) sent.add(redis.send(Request.cmd(Command.INCR).arg(key)));
      inFlight[0] = redis.inFlight(); // no answer can arrive before this loop's turn ends
      inFlight[1] = beyondPool.getAsInt();
      return Future.all(sent).map(all -> all.<Response>list().stream().map(Response::toLong).toList());
    });
    assertThat(inFlight[0]).as("all 200 pipelined at once").isEqualTo(200);
    assertThat(inFlight[1]).as("the waiting room's signal: what a pool of 32 would have kept waiting").isEqualTo(168);
    assertThat(redis.inFlight()).isZero();
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 200; i++) expected.add(i);
    assertThat(counts).as("answered in the order sent").isEqualTo(expected);
    List<Response> batch = on(loop, () -> redis.batch(List.of(Request.cmd(Command.INCR).arg(key),
      Request.cmd(Command.CLIENT).arg("ID"))));
    assertThat(batch.get(0).toLong()).isEqualTo(201);
    assertThat(batch.get(1).toLong()).as("a batch on the loop's connection too").isEqualTo(pinned);

    // the test's own thread is no event loop: the pool answers, and nothing more is held
    long fromTest = TestApp.await(redis.send(Request.cmd(Command.CLIENT).arg("ID"))).toLong();
    assertThat(fromTest).isNotEqualTo(pinned);
    assertThat(redis.pinnedConnections()).isEqualTo(1);
  }

  @Test
  @DisplayName("a connection that breaks is replaced: the pool answers meanwhile, and close lets every held one go")
  void replacedAfterBreak() {
    Context loop = vertx.getOrCreateContext();
    long first = pinnedId(loop);
    assertThat(TestApp.await(other.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(first))).toLong())
      .isEqualTo(1);
    eventually(() -> redis.pinnedConnections() == 0);
    long meanwhile = clientId(loop);
    assertThat(meanwhile).as("answered through the pool while the loop's connection is made again")
      .isNotEqualTo(first);
    long second = pinnedId(loop);
    assertThat(second).isNotEqualTo(first);
    assertThat(clientId(loop)).isEqualTo(second);

    TestApp.await(redis.close());
    assertThat(redis.pinnedConnections()).isZero();
    eventually(() -> !TestApp.await(other.send(Request.cmd(Command.CLIENT).arg("LIST"))).toString()
      .contains("id=" + second + " "));
  }

  @Test
  @DisplayName("what a loop sends in one turn goes out in one write, answered in order; a lone command is not held")
  void oneWritePerTurn() {
    Context loop = vertx.getOrCreateContext();
    pinnedId(loop);
    RedisConnection held = redis.heldConnections().iterator().next();
    ChannelPipeline pipeline = RedisFlushes.pipeline(held);
    assertThat(pipeline).as("the standalone connection's channel is reachable").isNotNull();
    assertThat(pipeline.get(RedisFlushes.HANDLER)).isNotNull();
    AtomicInteger flushes = new AtomicInteger();
    // nearest the socket: counts the flushes that reach it
    pipeline.addFirst("test-flush-count", new ChannelOutboundHandlerAdapter() {
      @Override
      public void flush(ChannelHandlerContext ctx) {
        flushes.incrementAndGet();
        ctx.flush();
      }
    });
    List<Long> counts = on(loop, () -> {
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < 50; i++) sent.add(redis.send(Request.cmd(Command.INCR).arg(key)));
      return Future.all(sent).map(all -> all.<Response>list().stream().map(Response::toLong).toList());
    });
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= 50; i++) expected.add(i);
    assertThat(counts).as("answered in the order sent").isEqualTo(expected);
    assertThat(flushes.get()).as("50 commands of one turn, one flush to the socket").isEqualTo(1);

    flushes.set(0);
    on(loop, () -> {
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < 2 * RedisFlushes.MOST_HELD; i++) sent.add(redis.send(Request.cmd(Command.INCR).arg(key)));
      return Future.all(sent);
    });
    assertThat(flushes.get()).as("a long turn writes every " + RedisFlushes.MOST_HELD + " commands").isEqualTo(2);

    flushes.set(0);
    assertThat(on(loop, () -> redis.send(Request.cmd(Command.INCR).arg(key))).toLong())
      .isEqualTo(51 + 2 * RedisFlushes.MOST_HELD);
    assertThat(flushes.get()).isEqualTo(1);
  }
}
