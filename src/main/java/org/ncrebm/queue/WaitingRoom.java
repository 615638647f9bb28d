package org.ncrebm.queue;

import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.Times;

import java.time.Duration;
import java.time.Instant;

/**
 * A province window's waiting room as staff set it up. {@code opensAt} is the moment entries stop being shuffled
 * and admission starts: the one staff chose, else the window's opening minus {@link #DEFAULT_LEAD}.
 * {@code closesAt} is the window's: after it the room answers {@code CLOSED}.
 */
public record WaitingRoom(long examSessionId, String provinceCode, boolean enabled, Instant chosenOpensAt,
                          Instant windowOpensAt, Instant closesAt, int admitPerSecond, int admissionMinutes) {
  public static final Duration DEFAULT_LEAD = Duration.ofMinutes(15);
  public static final int DEFAULT_ADMIT_PER_SECOND = 20;
  public static final int DEFAULT_ADMISSION_MINUTES = 30;

  /** What staff send: {@code opensAt} null means the default. */
  public record Settings(boolean enabled, Instant opensAt, int admitPerSecond, int admissionMinutes) {
  }

  /** A window without a room row: switched off, with the defaults. */
  static WaitingRoom off(long sid, String province, Instant windowOpensAt, Instant closesAt) {
    return new WaitingRoom(sid, province, false, null, windowOpensAt, closesAt, DEFAULT_ADMIT_PER_SECOND,
      DEFAULT_ADMISSION_MINUTES);
  }

  public Instant opensAt() {
    return chosenOpensAt != null ? chosenOpensAt : windowOpensAt.minus(DEFAULT_LEAD);
  }

  /** Enabled and the window not yet closed: entries are taken and admissions required. */
  public boolean active(Instant now) {
    return enabled && now.isBefore(closesAt);
  }

  /** Active and past its opening: the admission job admits. */
  public boolean admitting(Instant now) {
    return active(now) && !now.isBefore(opensAt());
  }

  public Duration admission() {
    return Duration.ofMinutes(admissionMinutes);
  }

  /** The candidate's page of the room. */
  public static String pagePath(long sid, String province) {
    return "/queue/" + sid + "/" + province;
  }

  public static String apiPath(long sid, String province) {
    return "/api/v1/exam-sessions/" + sid + "/provinces/" + province + "/queue";
  }

  public JsonObject json() {
    return new JsonObject().put("examSessionId", examSessionId).put("provinceCode", provinceCode)
      .put("enabled", enabled).put("opensAt", Times.iso(opensAt())).put("opensAtDefault", chosenOpensAt == null)
      .put("admitPerSecond", admitPerSecond).put("admissionMinutes", admissionMinutes);
  }
}
