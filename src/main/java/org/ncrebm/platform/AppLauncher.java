package org.ncrebm.platform;

import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import org.ncrebm.platform.logging.LogFormat;

/**
 * The jar's entry point: Vert.x's application launcher (signals, deployment, exit codes) with our main verticle.
 * Extra arguments are passed to {@link VertxApplication} unchanged. On SIGTERM the launcher closes Vert.x, which
 * undeploys the verticles: HTTP drains first, then pools close (see {@link HttpVerticle#stop()}).
 */
public final class AppLauncher implements VertxApplicationHooks {

  public static void main(String[] args) {
    // Before the first logger exists: logback.xml picks the text or JSON appender from this choice.
    LogFormat.select(System.getenv());
    int code = new VertxApplication(args, new AppLauncher()).launch();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Vert.x with Micrometer metrics into a Prometheus registry, served at {@code /metrics}. */
  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    return MetricsSetup.vertxBuilder(options);
  }

  @Override
  public java.util.function.Supplier<io.vertx.core.Deployable> verticleSupplier() {
    return MainVerticle::new;
  }
}
