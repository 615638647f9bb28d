package org.ncrebm.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AppException.Message;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plan form of the staff page as text: one room a line ({@code number,size,location}) and one slot a line
 * ({@code slot,startsAt,endsAt,subjects}). It turns the text into the JSON the API's PUT takes, naming the first bad
 * line of each field; the service then validates that JSON exactly as for the API.
 */
final class TicketPlanForm {
  private static final Pattern NUMBER = Pattern.compile("^[0-9]{1,3}$");
  private static final Pattern SUBJECT = Pattern.compile("^[0-9]{2}$");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmXXX");
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

  private TicketPlanForm() {
  }

  /** The form's values for a stored plan (times in Beijing time). */
  static Map<String, String> values(TicketPlan plan) {
    StringBuilder rooms = new StringBuilder();
    plan.rooms().forEach(r -> rooms.append(r.number()).append(',').append(r.size()).append(',')
      .append(r.location()).append('\n'));
    StringBuilder slots = new StringBuilder();
    plan.slots().forEach(s -> slots.append(s.slot()).append(',')
      .append(SHOWN.format(s.startsAt().atOffset(BEIJING))).append(',')
      .append(SHOWN.format(s.endsAt().atOffset(BEIJING))).append(',')
      .append(String.join(" ", s.subjects())).append('\n'));
    return Map.of("centerNo", plan.centerNo(), "rooms", rooms.toString(), "slots", slots.toString());
  }

  /**
   * The API's plan JSON for the typed text; {@code VALIDATION_FAILED} with {@code rooms}/{@code slots} errors naming
   * the line when a line cannot be read. {@code subjects} are the session's subject codes.
   */
  static JsonObject parse(String centerNo, String rooms, String slots, Set<String> subjects) {
    Map<String, Message> errors = new LinkedHashMap<>();
    JsonArray roomArray = new JsonArray();
    JsonArray slotArray = new JsonArray();
    String[] roomLines = lines(rooms);
    Set<Integer> seenRooms = new HashSet<>();
    for (int i = 0; i < roomLines.length && !errors.containsKey("rooms"); i++) {
      if (roomLines[i].isBlank()) continue;
      JsonObject room = room(roomLines[i]);
      if (room == null || !seenRooms.add(room.getInteger("number"))) {
        errors.put("rooms", Message.of("ticket.staff.roomLine", i + 1));
      } else {
        roomArray.add(room);
      }
    }
    String[] slotLines = lines(slots);
    Set<Integer> seenSlots = new HashSet<>();
    for (int i = 0; i < slotLines.length && !errors.containsKey("slots"); i++) {
      if (slotLines[i].isBlank()) continue;
      JsonObject slot = slot(slotLines[i], subjects);
      if (slot == null || !seenSlots.add(slot.getInteger("slot"))) {
        errors.put("slots", Message.of("ticket.staff.slotLine", i + 1));
      } else {
        slotArray.add(slot);
      }
    }
    if (!errors.isEmpty()) throw AppException.validation(errors);
    return new JsonObject().put("centerNo", centerNo == null ? "" : centerNo.strip()).put("rooms", roomArray)
      .put("slots", slotArray);
  }

  private static String[] lines(String text) {
    return text == null ? new String[0] : text.split("\r?\n", -1);
  }

  private static JsonObject room(String line) {
    String[] parts = line.split(",", 3);
    if (parts.length < 2) return null;
    Integer number = number(parts[0], 1, 999);
    Integer size = number(parts[1], 1, 99);
    String location = parts.length == 3 ? parts[2].strip() : "";
    if (number == null || size == null || location.length() > 60) return null;
    return new JsonObject().put("number", number).put("size", size).put("location", location);
  }

  private static JsonObject slot(String line, Set<String> subjects) {
    String[] parts = line.split(",", 4);
    if (parts.length < 4) return null;
    Integer number = number(parts[0], 1, 99);
    OffsetDateTime starts = time(parts[1]);
    OffsetDateTime ends = time(parts[2]);
    if (number == null || starts == null || ends == null || !ends.isAfter(starts)) return null;
    JsonArray codes = new JsonArray();
    for (String code : parts[3].strip().split("[\\s,]+")) {
      if (!SUBJECT.matcher(code).matches() || !subjects.contains(code) || codes.contains(code)) return null;
      codes.add(code);
    }
    if (codes.isEmpty() || codes.size() > 20) return null;
    return new JsonObject().put("slot", number).put("startsAt", parts[1].strip()).put("endsAt", parts[2].strip())
      .put("subjects", codes);
  }

  private static Integer number(String text, int min, int max) {
    String s = text.strip();
    if (!NUMBER.matcher(s).matches()) return null;
    int n = Integer.parseInt(s);
    return n < min || n > max ? null : n;
  }

  private static OffsetDateTime time(String text) {
    String s = text.strip();
    if (s.length() > 40) return null;
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
