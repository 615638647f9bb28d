package org.ncrebm.app;

import org.ncrebm.platform.MetricsSetup;

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
      flushLogs();
      System.exit(code);
    }
  }

  /** After SIGTERM's shutdown: the last lines still queued for the log (logback.xml's async appender) are written. */
  @Override
  public void afterVertxStopped(io.vertx.launcher.application.HookContext context) {
    flushLogs();
  }

  @Override
  public void afterFailureToStopVertx(io.vertx.launcher.application.HookContext context, Throwable t) {
    flushLogs();
  }

  /** Stops the logging context: its async appender writes what is queued (up to a second) and stops. */
  static void flushLogs() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.stop();
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
