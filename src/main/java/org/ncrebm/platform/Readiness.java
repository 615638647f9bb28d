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

  /** Stops accepting; true for the call that changed it (so shutdown logs it once). */
  public boolean close() {
    return accepting.getAndSet(false);
  }
}
