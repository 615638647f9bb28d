package org.ncrebm.queue;

import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.Times;

import java.time.Instant;

/**
 * A candidate's place in a waiting room, as the API answers it: {@code position} counts from 1, {@code ahead} is
 * the number before them, and an admitted entry carries its signed admission.
 */
public record QueueEntry(State state, Integer position, Integer ahead, Long etaSeconds, String token,
                         Instant expiresAt) {
  public enum State { WAITING, ADMITTED, CLOSED }

  static QueueEntry closed() {
    return new QueueEntry(State.CLOSED, null, null, null, null, null);
  }

  public boolean admitted() {
    return state == State.ADMITTED;
  }

  public JsonObject json() {
    return new JsonObject().put("state", state.name()).put("position", position).put("ahead", ahead)
      .put("etaSeconds", etaSeconds)
      .put("admission", token == null ? null
        : new JsonObject().put("token", token).put("expiresAt", Times.iso(expiresAt)));
  }
}
