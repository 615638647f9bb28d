package org.ncrebm.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;

/**
 * Queues notifications in the outbox table and nudges the delivery job, so a request never waits for SMTP or an SMS
 * gateway and a message survives a crash between request and delivery.
 */
public final class Notifier {
  public static final String KICK_ADDRESS = "notify.outbox.kick";
  private final Vertx vertx;
  private final Pool pool;
  private final NotificationRepository repository;

  public Notifier(Vertx vertx, Pool pool, NotificationRepository repository) {
    this.vertx = vertx;
    this.pool = pool;
    this.repository = repository;
  }

  /** Queues outside any transaction. */
  public Future<Void> send(Notification n) {
    return repository.insert(pool, n).onSuccess(v -> kick());
  }

  /** Queues inside the caller's transaction; call {@link #kick()} after it commits. */
  public Future<Void> sendWithin(SqlClient tx, Notification n) {
    return repository.insert(tx, n);
  }

  public void kick() {
    vertx.eventBus().send(KICK_ADDRESS, null);
  }
}
