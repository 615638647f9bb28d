package org.ncrebm.platform.web;

/** Lets tests of other packages ask the failure classification (package-private in the handler). */
public final class FailureHandlerAccess {
  private FailureHandlerAccess() {
  }

  public static boolean unavailable(Throwable t) {
    return FailureHandler.unavailable(t);
  }
}
