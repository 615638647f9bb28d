package org.ncrebm.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.web.JsonInput;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A center's exam arrangement as staff configure it: its 3-digit number in ticket numbers, its rooms and its exam
 * slots, each slot with its start, end and the subjects sat in it.
 */
public record TicketPlan(String centerNo, List<PlanRoom> rooms, List<PlanSlot> slots) {
  private static final Pattern CENTER_NO = Pattern.compile("^[0-9]{3}$");
  private static final Pattern SUBJECT = Pattern.compile("^[0-9]{2}$");

  public record PlanRoom(int number, int size, String location) {
  }

  public record PlanSlot(int slot, Instant startsAt, Instant endsAt, List<String> subjects) {
  }

  /** The rooms as the planner sees them. */
  public List<Room> plannerRooms() {
    return rooms.stream().map(r -> new Room(r.number(), r.size())).toList();
  }

  /** The slots in which a subject is sat. */
  public List<Integer> slotsOf(String subjectCode) {
    return slots.stream().filter(s -> s.subjects().contains(subjectCode)).map(PlanSlot::slot).toList();
  }

  public PlanSlot slot(int slot) {
    return slots.stream().filter(s -> s.slot() == slot).findFirst().orElse(null);
  }

  public PlanRoom room(int number) {
    return rooms.stream().filter(r -> r.number() == number).findFirst().orElse(null);
  }

  /**
   * Reads {@code {centerNo, rooms: [{number, size, location}], slots: [{slot, startsAt, endsAt, subjects: [..]}]}};
   * every problem is a field error ({@code VALIDATION_FAILED}).
   */
  public static TicketPlan from(JsonInput in, Set<String> sessionSubjects) {
    String centerNo = in.matching("centerNo", 3, CENTER_NO, "ticket.plan.centerNo");
    JsonArray roomArray = in.array("rooms", 200, true);
    JsonArray slotArray = in.array("slots", 99, true);
    List<PlanRoom> rooms = new ArrayList<>();
    List<PlanSlot> slots = new ArrayList<>();
    if (roomArray != null) readRooms(in, roomArray, rooms);
    if (slotArray != null) readSlots(in, slotArray, sessionSubjects, slots);
    if (roomArray != null && roomArray.isEmpty()) in.reject("rooms", "ticket.plan.rooms");
    if (slotArray != null && slotArray.isEmpty()) in.reject("slots", "ticket.plan.slots");
    in.done();
    return new TicketPlan(centerNo, List.copyOf(rooms), List.copyOf(slots));
  }

  private static void readRooms(JsonInput in, JsonArray array, List<PlanRoom> rooms) {
    Set<Integer> seen = new HashSet<>();
    for (Object o : array) {
      if (!(o instanceof JsonObject room) || !(room.getValue("number") instanceof Integer number)
        || !(room.getValue("size") instanceof Integer size) || number < 1 || number > 999 || size < 1 || size > 99
        || !seen.add(number) || !(room.getValue("location", "") instanceof String location) || location.length() > 60) {
        in.reject("rooms", "ticket.plan.rooms");
        return;
      }
      rooms.add(new PlanRoom(number, size, location.strip()));
    }
  }

  private static void readSlots(JsonInput in, JsonArray array, Set<String> sessionSubjects, List<PlanSlot> slots) {
    Set<Integer> seen = new HashSet<>();
    for (Object o : array) {
      PlanSlot slot = o instanceof JsonObject json ? slot(json, sessionSubjects) : null;
      if (slot == null || !seen.add(slot.slot())) {
        in.reject("slots", "ticket.plan.slots");
        return;
      }
      slots.add(slot);
    }
  }

  private static PlanSlot slot(JsonObject json, Set<String> sessionSubjects) {
    if (!(json.getValue("slot") instanceof Integer number) || number < 1 || number > 99
      || !(json.getValue("subjects") instanceof JsonArray subjects) || subjects.isEmpty() || subjects.size() > 20) {
      return null;
    }
    Instant starts = instant(json.getValue("startsAt"));
    Instant ends = instant(json.getValue("endsAt"));
    if (starts == null || ends == null || !ends.isAfter(starts)) return null;
    List<String> codes = new ArrayList<>();
    for (Object s : subjects) {
      if (!(s instanceof String code) || !SUBJECT.matcher(code).matches() || !sessionSubjects.contains(code)
        || codes.contains(code)) {
        return null;
      }
      codes.add(code);
    }
    return new PlanSlot(number, starts, ends, List.copyOf(codes));
  }

  private static Instant instant(Object value) {
    if (!(value instanceof String text) || text.length() > 40) return null;
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public JsonObject toJson() {
    JsonArray r = new JsonArray();
    rooms.forEach(room -> r.add(new JsonObject().put("number", room.number()).put("size", room.size())
      .put("location", room.location())));
    JsonArray s = new JsonArray();
    slots.forEach(slot -> s.add(new JsonObject().put("slot", slot.slot()).put("startsAt", Times.iso(slot.startsAt()))
      .put("endsAt", Times.iso(slot.endsAt())).put("subjects", new JsonArray(List.copyOf(slot.subjects())))));
    return new JsonObject().put("centerNo", centerNo).put("rooms", r).put("slots", s);
  }
}
