package org.ncrebm.support;

/** The one pause between polls of something asynchronous; the clock under test is never involved. */
public final class Polling {
  private Polling() {
  }

  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
