package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.platform.web.FailureHandlerAccess;
import org.ncrebm.support.TestApp;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A Redis that accepts connections and then never answers (a stalled server, a deadlocked client pool). */
@DisplayName("Bounded Redis: a server that stops answering costs a bounded wait and a 503-class error, never a hang")
class BoundedRedisTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    TestApp.await(vertx.close());
  }

  @Test
  @DisplayName("send and batch to a silent server fail after the bound, as 'unavailable'")
  void silentServer() {
    NetServer silent = TestApp.await(vertx.createNetServer().connectHandler(socket -> socket.handler(bytes -> { }))
      .listen(0, "127.0.0.1"));
    Redis redis = new BoundedRedis(Redis.createClient(vertx, "redis://127.0.0.1:" + silent.actualPort()), 300);
    Future<?> send = redis.send(Request.cmd(Command.PING));
    Future<?> batch = redis.batch(List.of(Request.cmd(Command.PING), Request.cmd(Command.PING)));
    // without the bound neither would ever complete, and this await would fail after its own minute
    TestApp.await(Future.join(send, batch).otherwiseEmpty());
    assertThat(send.failed()).isTrue();
    assertThat(batch.failed()).isTrue();
    assertThat(FailureHandlerAccess.unavailable(send.cause())).as(send.cause().toString()).isTrue();
    assertThat(FailureHandlerAccess.unavailable(batch.cause())).isTrue();
  }
}
