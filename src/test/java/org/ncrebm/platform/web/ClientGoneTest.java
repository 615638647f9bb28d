package org.ncrebm.platform.web;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.TestApp;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A client that leaves before its answer is not an error of ours (seen as ERROR lines when wrk stopped, issue 6). */
@DisplayName("A client that closes its connection before the answer is logged at INFO, not as a failure")
class ClientGoneTest {
  private final Vertx vertx = Vertx.vertx();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FailureHandler.class);
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();

  @AfterEach
  void close() {
    logger.detachAppender(events);
    TestApp.await(vertx.close());
  }

  @Test
  @DisplayName("the route fails after the client left: one INFO line naming the route, no ERROR, no answer attempted")
  void clientGone() throws Exception {
    events.start();
    logger.addAppender(events);
    Promise<Void> failed = Promise.promise();
    FailureHandler handler = new FailureHandler(I18n.load(), null);
    Router router = Router.router(vertx);
    router.route().failureHandler(ctx -> {
      handler.handle(ctx);
      failed.complete();
    });
    router.get("/api/v1/slow").handler(ctx -> ctx.request().connection().closeHandler(v ->
      ctx.fail(new VertxException("Connection was closed"))));
    HttpServer server = TestApp.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    NetSocket socket = TestApp.await(vertx.createNetClient().connect(server.actualPort(), "127.0.0.1"));
    TestApp.await(socket.write("GET /api/v1/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
    vertx.setTimer(50, t -> socket.close());
    TestApp.await(failed.future());
    assertThat(events.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    assertThat(events.list).anySatisfy(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getFormattedMessage()).contains("/api/v1/slow").contains("client closed the connection");
    });
  }
}
