package org.ncrebm.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Timestamps as the API and pages show them: ISO-8601 with the China Standard Time offset. */
public final class Times {
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Times() {
  }

  public static String iso(Instant instant) {
    // Always with seconds: OffsetDateTime.toString() drops ":00", which RFC 3339 (JSON Schema's date-time) refuses.
    return instant == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
      OffsetDateTime.ofInstant(instant, ZONE));
  }

  public static String iso(OffsetDateTime time) {
    return time == null ? null : iso(time.toInstant());
  }

  /** For pages: {@code 2026-11-25 16:00:00} in Beijing time. */
  public static String display(Instant instant) {
    return instant == null ? "" : DISPLAY.format(instant.atZone(ZONE));
  }
}
