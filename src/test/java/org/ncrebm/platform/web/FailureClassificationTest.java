package org.ncrebm.platform.web;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Which failures mean 'retry later' (503) rather than a bug (500)")
class FailureClassificationTest {
  @Test
  @DisplayName("connections refused, closed mid-request, reset or broken; Postgres shutting down or in conflict: 503")
  void unavailable() {
    assertThat(FailureHandler.unavailable(new ConnectException("Connection refused"))).isTrue();
    assertThat(FailureHandler.unavailable(new RuntimeException(new java.nio.channels.ClosedChannelException()))).isTrue();
    // (Netty throws its stackless subclass of ClosedChannelException)
    assertThat(FailureHandler.unavailable(new PgException("terminating", "FATAL", "57P01", null))).isTrue();
    // A query written to a Postgres connection terminated a moment before (SeatDrillsTest's killed connections)
    assertThat(FailureHandler.unavailable(new java.io.IOException("Broken pipe"))).isTrue();
    assertThat(FailureHandler.unavailable(new PgException("conflict", "ERROR", "40001", null))).isTrue();
    assertThat(FailureHandler.unavailable(new io.vertx.core.impl.NoStackTraceThrowable("Timeout"))).isTrue();
    assertThat(FailureHandler.unavailable(new io.vertx.core.VertxException("Timeout waiting for connection"))).isTrue();
    assertThat(FailureHandler.unavailable(new IllegalStateException("ERR [0] CLUSTERDOWN The cluster is down"))).isTrue();
    assertThat(FailureHandler.unavailable(new IllegalStateException("TRYAGAIN Multiple keys request during rehashing")))
      .isTrue();
  }

  @Test
  @DisplayName("programming errors and constraint violations stay 500s: retrying them would not help")
  void bugs() {
    assertThat(FailureHandler.unavailable(new NullPointerException())).isFalse();
    assertThat(FailureHandler.unavailable(new IllegalStateException("unexpected"))).isFalse();
    assertThat(FailureHandler.unavailable(new PgException("dup", "ERROR", "23505", null))).isFalse();
    assertThat(FailureHandler.unavailable(new java.io.IOException("No space left on device"))).isFalse();
  }
}
