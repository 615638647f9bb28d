package org.ncrebm.queue;

import org.ncrebm.platform.web.JsonInput;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The staff's set-up of a waiting room, parsed alike for the API and the staff page. */
public final class QueueInput {
  private QueueInput() {
  }

  /**
   * {@code {enabled, opensAt?, admitPerSecond?, admissionMinutes?}}: an absent or empty {@code opensAt} means the
   * default (the window's opening minus 15 minutes), absent numbers their defaults. Throws {@code VALIDATION_FAILED}.
   */
  public static WaitingRoom.Settings settings(JsonInput in) {
    Boolean enabled = in.bool("enabled", true);
    String opens = in.optionalString("opensAt", 40);
    Instant opensAt = null;
    if (opens != null && !opens.isBlank()) {
      try {
        opensAt = OffsetDateTime.parse(opens).toInstant();
      } catch (DateTimeParseException e) {
        in.reject("opensAt", "validation.datetime");
      }
    }
    Integer rate = in.integer("admitPerSecond", 1, 10_000, false);
    Integer minutes = in.integer("admissionMinutes", 1, 1440, false);
    in.done();
    return new WaitingRoom.Settings(enabled, opensAt, rate == null ? WaitingRoom.DEFAULT_ADMIT_PER_SECOND : rate,
      minutes == null ? WaitingRoom.DEFAULT_ADMISSION_MINUTES : minutes);
  }
}
