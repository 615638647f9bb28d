package org.ncrebm.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.Flushable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The batching log appender: no event lost below its bound, one flush per batch, drops counted and said")
class BatchingAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final Recorder out = new Recorder();

  /** What reaches the output, and how often it was flushed. */
  static final class Recorder extends AppenderBase<ILoggingEvent> implements Flushable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile int flushes;

    @Override
    protected void append(ILoggingEvent e) {
      lines.add(e.getLevel() + " " + e.getFormattedMessage());
      threads.add(e.getThreadName());
    }

    @Override
    public void flush() {
      flushes++;
    }
  }

  private BatchingAppender appender(boolean worker, int queueSize) {
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    out.setContext(context);
    out.start();
    BatchingAppender a = new BatchingAppender(worker);
    a.setContext(context);
    a.setQueueSize(queueSize);
    a.setDrainMillis(5);
    a.addAppender(out);
    a.start();
    Logger logger = context.getLogger("test");
    logger.setAdditive(false);
    logger.addAppender(a);
    return a;
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  @DisplayName("events from four threads all arrive, each thread's in order, with its name, in one flushed batch")
  void everyEventOnce() throws InterruptedException {
    BatchingAppender a = appender(false, 8192);
    Logger logger = context.getLogger("test");
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 1000; i++) logger.info("t{} n{}", id, i);
      }, "producer-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) t.join();
    assertThat(out.lines).as("nothing written before the batch").isEmpty();
    assertThat(a.drain()).isEqualTo(4000);
    assertThat(out.flushes).as("one flush for the batch").isEqualTo(1);
    assertThat(out.lines).hasSize(4000);
    for (int t = 0; t < 4; t++) {
      String prefix = "INFO t" + t + " ";
      List<String> mine = out.lines.stream().filter(l -> l.startsWith(prefix)).toList();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 1000; i++) expected.add(prefix + "n" + i);
      assertThat(mine).isEqualTo(expected);
    }
    assertThat(out.threads).allMatch(n -> n.startsWith("producer-"));
    assertThat(a.drain()).as("an empty batch flushes nothing").isZero();
    assertThat(out.flushes).isEqualTo(1);
    assertThat(a.dropped()).isZero();
  }

  @Test
  @DisplayName("a full queue never blocks: INFO dropped from 80 %, WARN kept until full, the loss said in the next batch")
  void dropsCountedAndSaid() {
    BatchingAppender a = appender(false, 10);
    Logger logger = context.getLogger("test");
    for (int i = 0; i < 12; i++) logger.info("info {}", i);   // 8 kept (80 % of 10), 4 dropped
    for (int i = 0; i < 5; i++) logger.warn("warn {}", i);    // 2 kept (to 10), 3 dropped
    assertThat(a.dropped()).isEqualTo(7);
    assertThat(a.drain()).isEqualTo(11);
    assertThat(out.lines).hasSize(11);
    assertThat(out.lines.subList(0, 8)).allMatch(l -> l.startsWith("INFO info "));
    assertThat(out.lines.subList(8, 10)).containsExactly("WARN warn 0", "WARN warn 1");
    assertThat(out.lines.get(10)).isEqualTo("WARN 7 log lines dropped: the log queue was full");
    logger.info("after");
    assertThat(a.drain()).as("room again, and the loss said once").isEqualTo(1);
    assertThat(out.lines.get(11)).isEqualTo("INFO after");
  }

  @Test
  @DisplayName("the worker writes without being asked, and stopping writes out what is still queued")
  void workerAndStop() {
    BatchingAppender a = appender(true, 8192);
    Logger logger = context.getLogger("test");
    logger.warn("first");
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (out.lines.isEmpty()) {
      assertThat(System.nanoTime()).as("written by the worker within 5 s").isLessThan(end);
      Thread.onSpinWait();
    }
    assertThat(out.lines).containsExactly("WARN first");
    for (int i = 0; i < 500; i++) logger.info("later {}", i);
    a.stop();
    assertThat(out.lines).hasSize(501);
    assertThat(out.lines.get(500)).isEqualTo("INFO later 499");
    assertThat(out.isStarted()).as("the attached appender is stopped with it").isFalse();
  }
}
