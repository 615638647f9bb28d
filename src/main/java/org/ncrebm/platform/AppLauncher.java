package org.ncrebm.platform;

import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;

/**
 * The jar's entry point: Vert.x's application launcher (signals, deployment, exit codes) with our main verticle.
 * Extra arguments are passed to {@link VertxApplication} unchanged.
 */
public final class AppLauncher implements VertxApplicationHooks {

  public static void main(String[] args) {
    int code = new VertxApplication(args, new AppLauncher()).launch();
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public java.util.function.Supplier<io.vertx.core.Deployable> verticleSupplier() {
    return MainVerticle::new;
  }
}
