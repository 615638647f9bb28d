package org.ncrebm.platform;


import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.time.Duration;
import java.util.EnumSet;

/**
 * Creates Vert.x with Micrometer metrics reporting into a Prometheus registry: HTTP server requests labelled by the
 * matched route (never the raw path, whose ids would make every request its own series), method and status, with
 * latency buckets; the Pg pool, the worker pool and clients as pool gauges; JVM memory, GC and threads. The jar's
 * launcher and the tests both build Vert.x here, and the main verticle finds the registry again by its default name.
 */
public final class MetricsSetup {
  /** Latency bucket bounds: from a cache hit to the 30 s request timeout. */
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

  private MetricsSetup() {
  }

  /** A Vert.x builder with metrics enabled, for {@code VertxApplicationHooks.createVertxBuilder} and for tests. */
  public static VertxBuilder vertxBuilder(VertxOptions options) {
    options.setMetricsOptions(options());
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(newRegistry()));
  }

  static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(false))
      .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE, Label.POOL_NAME,
        Label.CLIENT_NAME, Label.NAMESPACE));
  }

  /** A Prometheus registry whose timers (HTTP latency, job durations) publish histogram buckets. */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        boolean latency = id.getType() == Meter.Type.TIMER
          && (id.getName().startsWith("vertx.http.server") || id.getName().startsWith("ncre."));
        if (!latency) return config;
        double[] bounds = new double[LATENCY_BUCKETS.length];
        for (int i = 0; i < bounds.length; i++) bounds[i] = LATENCY_BUCKETS[i].toNanos();
        return DistributionStatisticConfig.builder().serviceLevelObjectives(bounds).build().merge(config);
      }
    });
    return registry;
  }

  /** The registry Vert.x reports into, or null when Vert.x was created without {@link #vertxBuilder}. */
  static PrometheusMeterRegistry vertxRegistry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry instanceof PrometheusMeterRegistry p ? p : null;
  }
}
