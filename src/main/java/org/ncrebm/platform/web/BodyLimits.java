package org.ncrebm.platform.web;

import io.vertx.ext.web.handler.BodyHandler;

/**
 * Route-scoped body handlers with explicit limits (the default is 10 MB and uploads left on disk). A body over the
 * limit is answered {@code 413 PAYLOAD_TOO_LARGE} before any business code runs.
 */
public final class BodyLimits {
  public static final int JSON = 16 * 1024;
  public static final int FORM = 16 * 1024;

  private BodyLimits() {
  }

  public static BodyHandler json() {
    return BodyHandler.create(false).setBodyLimit(JSON);
  }

  public static BodyHandler form() {
    return BodyHandler.create(false).setBodyLimit(FORM).setMergeFormAttributes(true);
  }

  public static BodyHandler bytes(int limit) {
    return BodyHandler.create(false).setBodyLimit(limit);
  }
}
