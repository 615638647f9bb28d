package org.ncrebm.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** The notification outbox table: enqueue inside a business transaction, claim with SKIP LOCKED, mark the outcome. */
public final class NotificationRepository {
  private static final String INSERT = """
    insert into notification_outbox (channel, recipient, subject, body) values ($1, $2, $3, $4)""";
  // A claim leases rows for a minute; SKIP LOCKED lets several instances claim different rows at once.
  private static final String CLAIM = """
    update notification_outbox set locked_until = now() + interval '1 minute', attempts = attempts + 1
    where id in (
      select id from notification_outbox
      where sent_at is null and failed_at is null and next_attempt_at <= now()
        and (locked_until is null or locked_until < now())
      order by id limit $1 for update skip locked)
    returning id, channel, recipient, subject, body, attempts""";
  private static final String SENT = """
    update notification_outbox set sent_at = now(), body = null, locked_until = null, last_error = null where id = $1""";
  private static final String RETRY = """
    update notification_outbox set locked_until = null, last_error = $2,
      next_attempt_at = now() + make_interval(secs => $3),
      failed_at = case when attempts >= $4 then now() end
    where id = $1""";

  /** A claimed row. */
  public record Claimed(long id, Notification notification, int attempts) {
  }

  private final Pool pool;

  public NotificationRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(SqlClient client, Notification n) {
    return client.preparedQuery(INSERT)
      .execute(Tuple.of(n.channel().name(), n.recipient(), n.subject(), n.body()))
      .mapEmpty();
  }

  public Future<List<Claimed>> claim(int limit) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(limit)).map(rows -> {
      List<Claimed> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Claimed(r.getLong("id"), new Notification(Notification.Channel.valueOf(r.getString("channel")),
          r.getString("recipient"), r.getString("subject"), r.getString("body")), r.getInteger("attempts")));
      }
      return out;
    });
  }

  public Future<Void> markSent(long id) {
    return pool.preparedQuery(SENT).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> markFailed(long id, String error, double retryInSeconds, int maxAttempts) {
    String e = error == null ? "unknown" : error.length() > 500 ? error.substring(0, 500) : error;
    return pool.preparedQuery(RETRY).execute(Tuple.of(id, e, retryInSeconds, maxAttempts)).mapEmpty();
  }
}
