package org.ncrebm.ticket;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How one subject is seated at one test center: the center's rooms and the exam slots in which the subject is sat
 * there. Immutable and pure (no I/O); {@link #resume} starts a {@link SeatAllocator} from what is already stored.
 *
 * <p>The fill order is fixed, so a plan is reproducible: slots in ascending order, in each slot the rooms by
 * ascending number, in each room seats 1..size. Every subject at the center shares the rooms, so the allocator also
 * skips any (slot, room) that already seats another subject: one room, one exam, one set of instructions from the
 * invigilator. Placements of every subject must therefore be passed to {@link #resume}.
 */
public final class RoomPlan {
  private final String provinceCode;
  private final String centerCode;
  private final String subjectCode;
  private final List<Room> rooms;
  private final List<Integer> slots;

  /**
   * @param rooms every exam room of the center (distinct numbers)
   * @param slots the exam slots (1-99, distinct) in which this subject is sat at this center
   * @throws IllegalArgumentException on a malformed code, no rooms or slots, or a duplicate
   */
  public RoomPlan(String provinceCode, String centerCode, String subjectCode, Collection<Room> rooms,
                  Collection<Integer> slots) {
    // Codes are checked by the ticket number they will be printed in.
    new TicketNumber(subjectCode, provinceCode, centerCode, 1, 1, 1);
    this.provinceCode = provinceCode;
    this.centerCode = centerCode;
    this.subjectCode = subjectCode;
    this.rooms = rooms.stream().sorted(Comparator.comparingInt(Room::number)).toList();
    this.slots = slots.stream().sorted().toList();
    if (this.rooms.isEmpty() || this.slots.isEmpty()) {
      throw new IllegalArgumentException("a plan needs at least one room and one exam slot");
    }
    Set<Integer> numbers = new HashSet<>();
    for (Room room : this.rooms) {
      if (!numbers.add(room.number())) throw new IllegalArgumentException("room " + room.number() + " is listed twice");
    }
    if (new HashSet<>(this.slots).size() != this.slots.size()) {
      throw new IllegalArgumentException("an exam slot is listed twice");
    }
    for (int slot : this.slots) {
      if (slot < 1 || slot > 99) throw new IllegalArgumentException("an exam slot is between 1 and 99, not " + slot);
    }
  }

  /**
   * An allocator that continues from the stored placements of this center and exam session: held and freed seats of
   * every subject. Memory is bounded by the center's seats, never by the number of candidates.
   *
   * @throws IllegalArgumentException when two placements share a seat, or a candidate holds two seats of this subject
   */
  public SeatAllocator resume(Iterable<Placement> placements) {
    Objects.requireNonNull(placements, "placements");
    return new SeatAllocator(this, placements);
  }

  /** An allocator for a center where nothing is placed yet. */
  public SeatAllocator start() {
    return resume(List.of());
  }

  /** Seats in all of this subject's slots, before any placement. */
  public int capacity() {
    return slots.size() * rooms.stream().mapToInt(Room::size).sum();
  }

  public String provinceCode() {
    return provinceCode;
  }

  public String centerCode() {
    return centerCode;
  }

  public String subjectCode() {
    return subjectCode;
  }

  /** The rooms in fill order. */
  public List<Room> rooms() {
    return rooms;
  }

  /** The slots in fill order. */
  public List<Integer> slots() {
    return slots;
  }

  TicketNumber ticketNumber(Seat seat) {
    return TicketNumber.of(subjectCode, provinceCode, centerCode, seat);
  }
}
