package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Background jobs, one deployment per process. Each job runs on its own period and never overlaps itself; a kick on
 * the event bus runs it at once. Jobs are written to be safe when several processes run them (SKIP LOCKED or leases).
 * Every run is counted by outcome with its duration ({@code ncre_jobs_runs_total}, {@code ncre_jobs_duration_seconds}).
 */
public final class JobsVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobsVerticle.class);

  /** A named job with its period and an optional event-bus address that triggers it immediately. */
  public record Job(String name, long periodMs, String kickAddress, Supplier<Future<?>> run) {
  }

  private final List<Job> jobs;
  private final Metrics metrics;
  private final List<Long> timers = new ArrayList<>();

  public JobsVerticle(List<Job> jobs, Metrics metrics) {
    this.jobs = jobs;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    for (Job job : jobs) {
      Runner runner = new Runner(job, metrics);
      timers.add(vertx.setPeriodic(job.periodMs(), id -> runner.trigger()));
      if (job.kickAddress() != null) {
        vertx.eventBus().<Void>consumer(job.kickAddress(), m -> runner.trigger());
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    return Future.succeededFuture();
  }

  /** Runs a job, coalescing triggers that arrive while it runs into one more run. */
  private static final class Runner {
    private final Job job;
    private final Metrics metrics;
    private boolean running;
    private boolean again;

    Runner(Job job, Metrics metrics) {
      this.job = job;
      this.metrics = metrics;
    }

    void trigger() {
      if (running) {
        again = true;
        return;
      }
      running = true;
      long started = System.nanoTime();
      Future<?> f;
      try {
        f = job.run().get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        metrics.jobRun(job.name(), ar.succeeded(), Duration.ofNanos(System.nanoTime() - started));
        if (ar.failed()) {
          LOG.warn("job {} failed: {}", job.name(), ar.cause().toString());
        }
        running = false;
        if (again) {
          again = false;
          trigger();
        }
      });
    }
  }
}
