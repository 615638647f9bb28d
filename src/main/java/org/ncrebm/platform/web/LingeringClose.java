package org.ncrebm.platform.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.concurrent.TimeUnit;

/**
 * A lingering close (RFC 9112 §9.6) for a connection the server gives up on mid-request: an unreadable request line
 * or header block. Vert.x answers and closes at once; if the client is still sending its body, the kernel then resets
 * the connection and throws away the answer it had not yet delivered, so the client sees a dropped connection
 * instead of our 414 or 431. Here the close becomes a half close: the answer and a FIN go out, the rest of the
 * request is read and discarded (Netty's decoder skips everything after a bad message) until the client closes its
 * side or {@link #LINGER_MS} passes.
 */
public final class LingeringClose extends ChannelOutboundHandlerAdapter {
  static final long LINGER_MS = 2_000;
  private static final String NAME = "ncre-lingering-close";
  private boolean lingering;

  /** Arms the lingering close on the request's connection; a no-op where the connection is not a TCP channel. */
  public static void arm(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    // Vert.x 5 exposes no public hook for this: its connections are ConnectionBase, which gives the Netty channel.
    if (connection instanceof ConnectionBase base && base.channel() instanceof DuplexChannel channel
      && channel.pipeline().get(NAME) == null) {
      channel.pipeline().addFirst(NAME, new LingeringClose());
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    Channel channel = ctx.channel();
    if (lingering || !(channel instanceof DuplexChannel duplex) || duplex.isOutputShutdown() || !channel.isActive()) {
      ctx.close(promise);
      return;
    }
    lingering = true;
    duplex.shutdownOutput().addListener(shut -> {
      if (!shut.isSuccess()) {
        ctx.close(promise);
        return;
      }
      var timer = ctx.executor().schedule(() -> ctx.close(promise), LINGER_MS, TimeUnit.MILLISECONDS);
      channel.closeFuture().addListener(closed -> {
        timer.cancel(false);
        promise.trySuccess();
      });
    });
  }
}
