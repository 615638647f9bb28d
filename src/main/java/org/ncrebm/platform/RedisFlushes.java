package org.ncrebm.platform;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.PooledRedisConnection;
import io.vertx.redis.client.impl.RedisStandaloneConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * One write for what an event loop sends on its held Redis connection in one turn (issue 15). The client flushes
 * every command to the socket at once, so the requests of one batch of HTTP reads, each sending its script, made one
 * {@code write} system call each: 11 % of the sold-out answer's CPU, and as many reads in Redis. Netty's
 * {@link FlushConsolidationHandler}, put in front of the connection's socket, turns those flushes into one that runs
 * after the loop's current turn (or at once after {@link #MOST_HELD} of them); a command is thus sent a few
 * microseconds later and never waits for another.
 *
 * <p>The client does not expose its connection's channel, so it is read from the standalone connection's field by
 * reflection; on any other connection, or if a later client renames the field, nothing changes (one INFO line says
 * so) and every command is written as before.
 */
final class RedisFlushes {
  private static final Logger LOG = LoggerFactory.getLogger(RedisFlushes.class);
  /** A turn's flushes held back at most: a loop that sends more writes every this many. */
  static final int MOST_HELD = 64;
  static final String HANDLER = "ncre-flush-coalescing";
  private static final Field SOCKET = socketField();
  private static volatile boolean said;

  private RedisFlushes() {
  }

  private static Field socketField() {
    try {
      Field f = RedisStandaloneConnection.class.getDeclaredField("netSocket");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Coalesces the connection's flushes; where it cannot, its commands are written one by one as before. */
  static void coalesce(RedisConnection connection) {
    ChannelPipeline pipeline = pipeline(connection);
    if (pipeline == null) {
      if (!said) {
        said = true;
        LOG.info("Redis writes are not coalesced: this client's connection does not show its channel");
      }
      return;
    }
    if (pipeline.get(HANDLER) == null) pipeline.addFirst(HANDLER, new FlushConsolidationHandler(MOST_HELD, true));
  }

  /** The Netty pipeline under a (pooled) standalone connection, or null. */
  static ChannelPipeline pipeline(RedisConnection connection) {
    Object actual = connection instanceof PooledRedisConnection p ? p.actual() : connection;
    if (SOCKET == null || !(actual instanceof RedisStandaloneConnection)) return null;
    try {
      return SOCKET.get(actual) instanceof NetSocketInternal socket ? socket.channelHandlerContext().pipeline() : null;
    } catch (IllegalAccessException | RuntimeException e) {
      return null;
    }
  }
}
