package org.ncrebm.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Registered for every test class (junit-platform.properties enables auto-detection): a test class during which
 * Vert.x warned about a blocked event loop or worker fails, so the build fails.
 */
public final class NoBlockedThreadsExtension implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) {
    List<String> warnings = BlockedThreadRecorder.drain();
    if (!warnings.isEmpty()) {
      throw new AssertionError("Vert.x reported blocked threads during " + context.getDisplayName() + ":\n"
        + String.join("\n", warnings));
    }
  }
}
