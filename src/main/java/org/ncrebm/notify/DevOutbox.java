package org.ncrebm.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dev and test profiles only: what the mail sink and the SMS sink received, per recipient, newest first, for
 * {@code GET /dev/outbox?to=…} and the dev mail page. Kept in Redis for a day, the last 20 per recipient.
 */
public final class DevOutbox {
  private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");
  private final Redis redis;

  public DevOutbox(Redis redis) {
    this.redis = redis;
  }

  public Future<Void> store(String channel, String recipient, String subject, String body) {
    String key = key(recipient);
    JsonObject entry = new JsonObject().put("channel", channel).put("to", recipient).put("subject", subject)
      .put("body", body).put("receivedAt", Instant.now().toString());
    Matcher m = CODE.matcher(body);
    if (m.find()) {
      entry.put("code", m.group(1));
    }
    return redis.batch(List.of(
      Request.cmd(Command.LPUSH).arg(key).arg(entry.encode()),
      Request.cmd(Command.LTRIM).arg(key).arg(0).arg(19),
      Request.cmd(Command.EXPIRE).arg(key).arg(86_400))).mapEmpty();
  }

  public Future<JsonArray> read(String recipient) {
    return redis.send(Request.cmd(Command.LRANGE).arg(key(recipient)).arg(0).arg(19)).map(r -> {
      JsonArray out = new JsonArray();
      if (r != null) {
        for (Response item : r) {
          out.add(new JsonObject(item.toString()));
        }
      }
      return out;
    });
  }

  private static String key(String recipient) {
    return "devoutbox:" + recipient.trim().toLowerCase(Locale.ROOT);
  }
}
