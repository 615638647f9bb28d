package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.ncrebm.platform.web.Web;

import java.util.concurrent.TimeUnit;

import static org.ncrebm.platform.web.Web.op;

/** Liveness (the process answers) and readiness (accepting traffic, Postgres and Redis answer within a second). */
public final class HealthRoutes {
  private final Platform platform;

  public HealthRoutes(Platform platform) {
    this.platform = platform;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(op(this::live));
    router.get("/health/ready").handler(op(this::ready));
  }

  private Future<Void> live(RoutingContext ctx) {
    return Web.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  private Future<Void> ready(RoutingContext ctx) {
    Future<String> pg = platform.pool().query("select 1").execute().map("UP")
      .timeout(1, TimeUnit.SECONDS).otherwise(err -> "DOWN: " + err.getMessage());
    Future<String> redis = platform.redis().send(Request.cmd(Command.PING)).map("UP")
      .timeout(1, TimeUnit.SECONDS).otherwise(err -> "DOWN: " + err.getMessage());
    return Future.join(pg, redis).transform(ar -> {
      boolean accepting = platform.readiness().accepting();
      boolean up = accepting && "UP".equals(pg.result()) && "UP".equals(redis.result());
      JsonObject body = new JsonObject()
        .put("status", up ? "UP" : "DOWN")
        .put("accepting", accepting)
        .put("postgres", pg.result())
        .put("redis", redis.result());
      return Web.json(ctx, up ? 200 : 503, body);
    });
  }
}
