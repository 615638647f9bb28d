package org.ncrebm.app;

import org.ncrebm.platform.ConfigReader;
import org.ncrebm.platform.Profile;

/**
 * Periods of the background jobs {@link ServiceJobs} wires, in milliseconds ({@code jobs.*}); 0 turns a job off in
 * this instance (tests drive jobs themselves). The notification outbox ({@code outbox.poll-ms}) always runs.
 */
public record JobPeriods(long outboxPollMs, long holdExpiryMs, long ordersMs, long seatRepairMs, long reconciliationMs,
                         long ticketPdfMs, long queueAdmitMs) {
  public static JobPeriods read(ConfigReader r, Profile profile) {
    JobPeriods jobs = new JobPeriods(r.integer("outbox.poll-ms", 50, 600_000),
      r.integer("jobs.hold-expiry-ms", 0, 3_600_000), r.integer("jobs.orders-ms", 0, 3_600_000),
      r.integer("jobs.seat-repair-ms", 0, 3_600_000), r.integer("jobs.reconciliation-ms", 0, 86_400_000),
      r.integer("jobs.ticket-pdf-ms", 0, 3_600_000), r.integer("jobs.queue-admit-ms", 0, 60_000));
    if (profile == Profile.PROD && (jobs.holdExpiryMs == 0 || jobs.ordersMs == 0)) {
      r.problem("prod needs jobs.hold-expiry-ms and jobs.orders-ms: without them seats and money are never settled");
    }
    return jobs;
  }
}
