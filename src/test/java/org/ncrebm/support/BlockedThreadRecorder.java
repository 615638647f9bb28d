package org.ncrebm.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A logback appender (see logback-test.xml) that remembers every Vert.x blocked-thread warning of the run. */
public final class BlockedThreadRecorder extends AppenderBase<ILoggingEvent> {
  private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLoggerName().contains("BlockedThreadChecker")) {
      WARNINGS.add(event.getThreadName() + ": " + event.getFormattedMessage());
    }
  }

  /** The warnings since the last call, which clears them. */
  static List<String> drain() {
    List<String> copy = List.copyOf(WARNINGS);
    WARNINGS.clear();
    return copy;
  }
}
