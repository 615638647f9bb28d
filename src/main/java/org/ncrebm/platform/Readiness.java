package org.ncrebm.platform;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether this instance should get traffic: false while booting and once shutdown has begun. */
public final class Readiness {
  private final AtomicBoolean accepting = new AtomicBoolean(false);

  public boolean accepting() {
    return accepting.get();
  }

  public void open() {
    accepting.set(true);
  }

  public void close() {
    accepting.set(false);
  }
}
