package org.ncrebm.app;

import org.ncrebm.platform.JobsVerticle;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import org.ncrebm.notify.HttpSmsGateway;
import org.ncrebm.notify.MailSender;
import org.ncrebm.notify.NotificationRepository;
import org.ncrebm.notify.Notifier;
import org.ncrebm.notify.OutboxDelivery;
import org.ncrebm.notify.SmsGateway;
import org.ncrebm.seats.SeatRepair;

import java.util.ArrayList;
import java.util.List;

/**
 * The service's background jobs, each with its period from {@code jobs.*} (0 switches a job off in this instance):
 * the notification outbox, hold expiry, the payment order job, seat repair, daily reconciliation, ticket PDFs, the
 * waiting rooms' admissions and,
 * in dev and test, the payment simulator's notifies. Every job is safe with many instances running it.
 */
final class ServiceJobs {
  private ServiceJobs() {
  }

  /** {@code httpPort}: this instance's port, where the dev SMS sink listens when no SMS gateway is configured. */
  static List<JobsVerticle.Job> of(Vertx vertx, ServiceConfig config, Pool pool, MailSender mail, int httpPort,
                                   Services services, SeatRepair seatRepair) {
    SmsGateway sms = config.sms().configured()
      ? new HttpSmsGateway(WebClient.create(vertx), config.sms().gatewayUrl(), config.sms().gatewayKey())
      : new HttpSmsGateway(WebClient.create(vertx), "http://127.0.0.1:" + httpPort + "/dev/sms-gateway",
        services.smsSinkKey());
    OutboxDelivery delivery = new OutboxDelivery(new NotificationRepository(pool), mail, sms);
    List<JobsVerticle.Job> jobs = new ArrayList<>();
    jobs.add(new JobsVerticle.Job("outbox", config.jobs().outboxPollMs(), Notifier.KICK_ADDRESS, delivery::runOnce));
    JobPeriods periods = config.jobs();
    if (periods.holdExpiryMs() > 0) {
      jobs.add(new JobsVerticle.Job("hold-expiry", periods.holdExpiryMs(), null, () -> services.holdExpiry().runOnce(500)));
      // waiting-list offers (feature S6) at the same period: start the offers made since, end the lapsed ones
      jobs.add(new JobsVerticle.Job("waitlist-offers", periods.holdExpiryMs(), null, services.waitlistOffers()::runOnce));
    }
    if (periods.ordersMs() > 0) {
      jobs.add(new JobsVerticle.Job("orders", periods.ordersMs(), null, () -> services.payments().jobs().runOnce()));
    }
    if (periods.seatRepairMs() > 0) {
      jobs.add(new JobsVerticle.Job("seat-repair", periods.seatRepairMs(), null, seatRepair::runOnce));
    }
    if (periods.reconciliationMs() > 0) {
      jobs.add(new JobsVerticle.Job("reconciliation", periods.reconciliationMs(), null,
        () -> services.payments().reconciliation().daily()));
    }
    if (periods.ticketPdfMs() > 0) {
      jobs.add(new JobsVerticle.Job("ticket-pdf", periods.ticketPdfMs(), null,
        () -> services.tickets().pdfs().pregenerate(org.ncrebm.ticket.Tickets.PDF_BATCH)));
    }
    if (periods.queueAdmitMs() > 0) {
      // admissions are per second of the clock: a faster period only catches a tick sooner, never admits twice
      jobs.add(new JobsVerticle.Job("queue-admit", periods.queueAdmitMs(), null, () -> services.queue().admitOnce()));
    }
    if (services.simulator() != null) {
      jobs.add(services.simulator().job());
    }
    return jobs;
  }
}
