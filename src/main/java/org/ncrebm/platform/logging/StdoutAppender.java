package org.ncrebm.platform.logging;

import ch.qos.logback.core.OutputStreamAppender;

import java.io.BufferedOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output, buffered: lines are written when {@link BatchingAppender} flushes a batch (and at stop), so a
 * batch is one write to the pipe, not one per line (logback's {@code ConsoleAppender} flushes every event, and
 * {@code System.out} flushes every write). Only for use behind {@link BatchingAppender}: on its own nothing would
 * flush until the buffer is full.
 */
public final class StdoutAppender<E> extends OutputStreamAppender<E> implements Flushable {
  private static final int BUFFER_BYTES = 64 * 1024;

  @Override
  public void start() {
    PrintStream out = System.out; // as at start: a test that captured System.out reads what was written
    setOutputStream(new BufferedOutputStream(new OutputStream() {
      @Override
      public void write(int b) {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        out.write(b, off, len);
      }

      @Override
      public void flush() {
        out.flush();
      }
    }, BUFFER_BYTES));
    setImmediateFlush(false);
    super.start();
  }

  @Override
  public void flush() throws IOException {
    streamWriteLock.lock();
    try {
      OutputStream out = getOutputStream();
      if (out != null) out.flush();
    } finally {
      streamWriteLock.unlock();
    }
  }

  /** Writes out the buffer; System.out itself stays open. */
  @Override
  protected void closeOutputStream() {
    try {
      flush();
    } catch (IOException e) {
      addError("flushing standard output failed", e);
    }
  }
}
