package org.ncrebm.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's own metrics, next to what Vert.x reports (requests, pools): seat holds and releases, payment callbacks
 * by outcome, background job runs, and gauges for our queues. Any bounded context calls it through
 * {@code Platform.metrics()}; all methods are cheap and thread-safe. Tag values must come from a small fixed set
 * (gateway names, outcomes, job names), never from user input.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry;

  public Metrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  /** The registry Vert.x reports into, or a registry of our own when Vert.x runs without metrics. */
  public static Metrics forVertx() {
    PrometheusMeterRegistry registry = MetricsSetup.vertxRegistry();
    return new Metrics(registry != null ? registry : MetricsSetup.newRegistry());
  }

  /** Seats taken by a hold (one per subject). */
  public void seatHeld(int seats) {
    if (seats > 0) registry.counter("ncre.seats.held").increment(seats);
  }

  /** Seats given back (hold expired, subject dropped, registration cancelled). */
  public void seatReleased(int seats) {
    if (seats > 0) registry.counter("ncre.seats.released").increment(seats);
  }

  /** How many subject choices one seat transaction carried (group commit, {@code seats.SeatWriter}). */
  public void seatWriteBatch(int changes) {
    io.micrometer.core.instrument.DistributionSummary.builder("ncre.seats.write.batch")
      .description("Subject choices written per seat transaction").publishPercentiles(0.5, 0.99)
      .register(registry).record(changes);
  }

  /** A payment gateway callback: {@code gateway} alipay|wechat, {@code outcome} e.g. applied|duplicate|rejected. */
  public void callback(String gateway, String outcome) {
    registry.counter("ncre.callbacks", "gateway", gateway, "outcome", outcome).increment();
  }

  /** One run of a background job, counted by outcome. */
  public void jobRun(String job, boolean ok) {
    registry.counter("ncre.jobs.runs", "job", job, "outcome", ok ? "ok" : "failed").increment();
  }

  /** One run of a background job with its duration. */
  public void jobRun(String job, boolean ok, Duration took) {
    jobRun(job, ok);
    Timer.builder("ncre.jobs.duration").tag("job", job).register(registry).record(took);
  }

  /** A gauge read at scrape time, for queue and pool depths. */
  public void gauge(String name, String description, Supplier<Number> value, String... tags) {
    Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
