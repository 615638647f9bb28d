package org.ncrebm.notify;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The outbox job: claims due messages (safe with several instances), sends each through its channel and records
 * the outcome. Failures are retried with backoff, up to {@link #MAX_ATTEMPTS}; then the row is marked failed.
 */
public final class OutboxDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
  static final int MAX_ATTEMPTS = 8;
  private static final int[] BACKOFF_SECONDS = {5, 30, 120, 600, 1800, 3600, 3600, 3600};
  private final NotificationRepository repository;
  private final MailSender mail;
  private final SmsGateway sms;

  public OutboxDelivery(NotificationRepository repository, MailSender mail, SmsGateway sms) {
    this.repository = repository;
    this.mail = mail;
    this.sms = sms;
  }

  /** Delivers one batch; the future carries how many were sent. */
  public Future<Integer> runOnce() {
    return repository.claim(50).compose(batch -> {
      List<Future<Boolean>> sends = new ArrayList<>();
      for (NotificationRepository.Claimed c : batch) {
        sends.add(deliver(c.notification())
          .compose(v -> repository.markSent(c.id()).map(true))
          .recover(err -> {
            LOG.warn("notification {} ({}) attempt {} failed: {}", c.id(), c.notification().channel(), c.attempts(),
              err.toString());
            int delay = BACKOFF_SECONDS[Math.min(c.attempts(), BACKOFF_SECONDS.length) - 1];
            return repository.markFailed(c.id(), err.toString(), delay, MAX_ATTEMPTS).map(false);
          }));
      }
      return Future.join(sends).map(cf -> (int) sends.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Void> deliver(Notification n) {
    if (n.body() == null) {
      return Future.succeededFuture();
    }
    return switch (n.channel()) {
      case EMAIL -> mail.send(n.recipient(), n.subject(), n.body());
      case SMS -> sms.send(n.recipient(), n.body());
    };
  }
}
