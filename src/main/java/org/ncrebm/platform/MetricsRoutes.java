package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.ncrebm.platform.web.Web.op;

/**
 * {@code GET /metrics} in the Prometheus text format. With {@code metrics.token} set (required in prod) the scraper
 * must send {@code Authorization: Bearer <token>}; the Kubernetes ServiceMonitor reads it from the same Secret.
 */
public final class MetricsRoutes {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final Metrics metrics;
  private final byte[] expected;

  public MetricsRoutes(Metrics metrics, OpsConfig ops) {
    this.metrics = metrics;
    this.expected = ops.metricsProtected() ? ("Bearer " + ops.metricsToken()).getBytes(StandardCharsets.UTF_8) : null;
  }

  public void mount(Router router) {
    router.get("/metrics").handler(op(this::scrape));
  }

  private Future<Void> scrape(RoutingContext ctx) {
    if (expected != null) {
      String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
        return Future.failedFuture(AppException.of(ErrorCode.UNAUTHENTICATED));
      }
    }
    return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(metrics.scrape());
  }
}
