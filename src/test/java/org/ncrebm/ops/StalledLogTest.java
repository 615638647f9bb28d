package org.ncrebm.ops;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.ServiceProcess;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event loops never write to stdout themselves (logback.xml's async appender): a log collector that stops
 * reading must not stop the service, and the lines queued at a clean exit are still written.
 */
@DisplayName("Logging: a stalled stdout never stops the service; a clean exit still writes its last lines")
class StalledLogTest {
  private ServiceProcess service;

  @AfterEach
  void stop() {
    if (service != null) service.close();
  }

  @Test
  @DisplayName("stdout is a pipe nobody reads: 3,000 requests (about 1 MB of access log) are all answered")
  void stalledStdout() {
    service = ServiceProcess.startWithStalledStdout("stalled-log", Map.of());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    int answered = 0;
    for (int wave = 0; wave < 150 && answered == wave * 20; wave++) { // stop at the first wave with a miss
      List<CompletableFuture<Integer>> sends = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        sends.add(http.sendAsync(HttpRequest.newBuilder(service.uri("/health/live")).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode)
          .exceptionally(err -> -1));
      }
      for (CompletableFuture<Integer> s : sends) {
        if (s.join() == 200) answered++;
      }
    }
    assertThat(answered).as("answers with the log pipe full").isEqualTo(3000);
    assertThat(service.alive()).isTrue();
  }

  @Test
  @DisplayName("SIGTERM: the shutdown's own last line reaches the log before the process ends")
  void lastLinesAtExit() {
    service = ServiceProcess.start("log-flush", Map.of("NCRE_HTTP_DRAIN_SECONDS", "0"));
    service.sigterm();
    assertThat(service.awaitExit(Duration.ofSeconds(60))).isIn(0, 143);
    assertThat(service.logLines()).anyMatch(l -> l.contains("shutdown: complete"));
  }
}
