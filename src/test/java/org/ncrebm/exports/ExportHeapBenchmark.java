package org.ncrebm.exports;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.SeededRegistrations;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a unit test (the name matches no Surefire include): {@code mvn -B verify -Pexport-bench} runs it alone, in a
 * JVM limited to a 256 MB heap. It seeds 10,000 then 100,000 PAID registrations straight into Postgres
 * ({@code generate_series}) and exports each session's CSV through real HTTP, reading the response as it comes and
 * keeping none of it, while a sampler reads the heap in-process (JMX) every 20 ms. At a quarter, a half and three
 * quarters of the rows it forces a full collection and reads what is still live: the export's own footprint. The
 * figures go to stdout and {@code target/export-bench.txt}.
 */
@DisplayName("Benchmark: a 100,000-registration CSV export with the heap held flat")
class ExportHeapBenchmark {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final long MB = 1024 * 1024;

  private record Run(int rows, long lines, long bytes, long millis, long baselineLive, long peakUsed,
                     List<Long> liveDuring, long liveAfter) {
    String row() {
      return String.format("| %,d | %,d | %.1f | %.1f | %d | %d | %s | %d | %d |", rows, lines - 1, bytes / (double) MB,
        millis / 1000.0, baselineLive / MB, peakUsed / MB, liveDuring.stream().map(v -> Long.toString(v / MB))
          .reduce((a, b) -> a + " / " + b).orElse("-"), liveAfter / MB,
        liveDuring.stream().mapToLong(v -> v - baselineLive).max().orElse(0) / MB);
    }
  }

  @Test
  @DisplayName("10,000 and 100,000 rows: the live heap during the export does not grow with the rows")
  void export() throws Exception {
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    List<String> report = new ArrayList<>();
    report.add("| rows | CSV lines | MB sent | seconds | live before (MB) | peak used (MB) | live at 1/4 / 1/2 / 3/4 (MB) "
      + "| live after (MB) | growth (MB) |");
    report.add("|---:|---:|---:|---:|---:|---:|---|---:|---:|");
    for (int rows : new int[]{10_000, 100_000}) {
      long sid = staff.createSession(admin, "bench " + rows);
      long center = staff.createCenter(admin, sid, "11", "11" + rows, false, false,
        new JsonObject().put("24", 100_000));
      long t0 = System.nanoTime();
      SeededRegistrations.seed(app, sid, center, "11", rows);
      System.out.printf("seeded %,d registrations in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
      TestApp.await(app.db().query("analyze registration").execute());
      Run run = measure(admin, sid, rows);
      report.add(run.row());
      assertThat(run.lines() - 1).isEqualTo(rows);
    }
    String text = String.join("\n", report) + "\n\nheap max " + MEMORY.getHeapMemoryUsage().getMax() / MB + " MB, "
      + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
      + System.getProperty("java.version") + "\n";
    System.out.println(text);
    Files.writeString(Path.of("target/export-bench.txt"), text);
  }

  private Run measure(String token, long sid, int rows) throws Exception {
    long baseline = liveHeap();
    AtomicLong peak = new AtomicLong(MEMORY.getHeapMemoryUsage().getUsed());
    AtomicLong lines = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Long> during = new ArrayList<>();
    Thread sampler = new Thread(() -> {
      int next = 1;
      while (running.get()) {
        peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
        if (next <= 3 && lines.get() >= (long) rows * next / 4) {
          during.add(liveHeap());
          next++;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    HttpClient client = app.vertx().createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(app.port()));
    long t0 = System.nanoTime();
    sampler.start();
    try {
      Future<Void> done = client.request(new RequestOptions().setMethod(HttpMethod.GET)
          .setURI("/api/v1/staff/exam-sessions/" + sid + "/registrations.csv").putHeader("Authorization", "Bearer " + token))
        .compose(req -> req.send()).compose(resp -> {
          assertThat(resp.statusCode()).isEqualTo(200);
          resp.handler(chunk -> {
            bytes.addAndGet(chunk.length());
            for (int i = 0; i < chunk.length(); i++) if (chunk.getByte(i) == '\n') lines.incrementAndGet();
          });
          return resp.end();
        });
      TestApp.await(done);
    } finally {
      running.set(false);
      sampler.join();
      TestApp.await(client.close());
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    return new Run(rows, lines.get(), bytes.get(), millis, baseline, peak.get(), during, liveHeap());
  }

  /** Heap still in use after a full collection: what is live, garbage excluded. */
  private static long liveHeap() {
    for (int i = 0; i < 2; i++) System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
