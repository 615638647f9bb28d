package org.ncrebm.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;

import java.io.Flushable;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands log events from the event loops to one writing thread without a lock or a wake-up per event, and writes
 * them in batches. Logback's {@code AsyncAppender} takes a lock and signals its worker for each event, and the worker
 * parks again as soon as it has written the one line: at the spike's rate that futex pair was two thirds of the
 * access log's cost (issue 15, profile BH: 8.8 % of the sold-out path's CPU). Here an event is a lock-free offer, the
 * worker wakes every {@code drainMillis} (or at once when the queue is half full), writes whatever came, and flushes
 * the attached appenders once per batch ({@link StdoutAppender} buffers until then).
 *
 * <p>Never blocks the caller: with {@code queueSize} events waiting everything is dropped, from 80 % on INFO and
 * below (WARN and ERROR kept until full), as the {@code AsyncAppender} it replaces with {@code neverBlock}; each drop
 * is counted and the next batch says how many lines were lost. Stopping writes out what is still queued.
 */
public final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
  implements AppenderAttachable<ILoggingEvent> {
  private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
  private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final boolean worker;
  private int queueSize = 8192;
  private long drainMillis = 20;
  private volatile boolean running;
  private Thread thread;
  private long droppedReported;

  public BatchingAppender() {
    this(true);
  }

  /** Without a worker (tests): the batches are written by {@link #drain()} only. */
  BatchingAppender(boolean worker) {
    this.worker = worker;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setDrainMillis(long drainMillis) {
    this.drainMillis = drainMillis;
  }

  /** Events dropped because the queue was full (INFO and below from 80 %). */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void start() {
    if (queueSize < 1) {
      addError("queueSize must be at least 1");
      return;
    }
    running = true;
    super.start();
    if (worker) {
      thread = new Thread(this::run, "logback-batching");
      thread.setDaemon(true);
      thread.start();
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) return;
    super.stop();
    running = false;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    drain();
    appenders.detachAndStopAllAppenders();
  }

  @Override
  protected void append(ILoggingEvent event) {
    int n = queued.get();
    if (n >= queueSize || (n >= queueSize * 4L / 5 && event.getLevel().toInt() <= Level.INFO_INT)) {
      dropped.incrementAndGet();
      return;
    }
    // As AsyncAppender: the message, thread name and MDC are fixed now, in the caller's thread.
    event.prepareForDeferredProcessing();
    queue.offer(event);
    if (queued.incrementAndGet() == queueSize / 2 && thread != null) LockSupport.unpark(thread);
  }

  private void run() {
    while (running) {
      drain();
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(drainMillis));
    }
  }

  /** Writes every queued event to the attached appenders, then flushes them; the number of events written. */
  int drain() {
    int written = 0;
    for (ILoggingEvent e; (e = queue.poll()) != null; written++) {
      queued.decrementAndGet();
      appenders.appendLoopOnAppenders(e);
    }
    long lost = dropped.get();
    if (lost != droppedReported) {
      appenders.appendLoopOnAppenders(droppedLines(lost - droppedReported));
      droppedReported = lost;
      written++;
    }
    if (written > 0) flush();
    return written;
  }

  private ILoggingEvent droppedLines(long n) {
    var logger = ((LoggerContext) getContext()).getLogger(BatchingAppender.class);
    return new LoggingEvent(BatchingAppender.class.getName(), logger, Level.WARN,
      "{} log lines dropped: the log queue was full", null, new Object[]{n});
  }

  private void flush() {
    for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof Flushable f) {
        try {
          f.flush();
        } catch (IOException e) {
          addError("flushing the log output failed", e);
        }
      }
    }
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    appenders.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return appenders.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return appenders.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return appenders.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    appenders.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return appenders.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return appenders.detachAppender(name);
  }
}
