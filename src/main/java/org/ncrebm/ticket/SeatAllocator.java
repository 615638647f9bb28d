package org.ncrebm.ticket;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Hands out the seats of one {@link RoomPlan} to paid candidates streamed in {@link PaidCandidate#ORDER}, one at a
 * time, so the arrangement job can read candidates page by page and store each page before reading the next.
 *
 * <p>Each new candidate gets the first seat in fill order that was never handed out, in a (slot, room) that seats no
 * other subject. Hence:
 * <ul>
 *   <li>a room never seats more candidates than its size, and no (slot, room, seat) is used twice;</li>
 *   <li>a candidate who already holds a seat keeps it ({@code KEPT}): running the job again changes nothing;</li>
 *   <li>after a crash, resuming from what was stored gives every remaining candidate the seat an uninterrupted run
 *       would have given;</li>
 *   <li>a freed seat is never given to someone else; only its own candidate can get it back ({@code REINSTATED}).</li>
 * </ul>
 * Not thread-safe: one allocator per job run.
 */
public final class SeatAllocator {
  private final RoomPlan plan;
  private final Set<Seat> used = new HashSet<>();
  private final Set<Integer> otherSubjectRooms = new HashSet<>();
  private final Map<String, Seat> held = new HashMap<>();
  private final Map<String, Seat> freedOwn = new HashMap<>();
  private int slotIndex;
  private int roomIndex;
  private int nextSeat = 1;
  private PaidCandidate last;

  /** No seat is left for this subject at this center: the configured rooms or slots are too few. */
  public static final class NoSeatLeftException extends RuntimeException {
    private final String registrationId;

    NoSeatLeftException(RoomPlan plan, String registrationId) {
      super("no seat left for subject " + plan.subjectCode() + " at center " + plan.provinceCode() + plan.centerCode()
        + " (registration " + registrationId + "); add rooms or exam slots", null, false, false);
      this.registrationId = registrationId;
    }

    public String registrationId() {
      return registrationId;
    }
  }

  SeatAllocator(RoomPlan plan, Iterable<Placement> placements) {
    this.plan = plan;
    for (Placement p : placements) {
      if (!used.add(p.seat())) {
        throw new IllegalArgumentException("two placements share " + p.seat());
      }
      if (!p.subjectCode().equals(plan.subjectCode())) {
        otherSubjectRooms.add(roomKey(p.seat().slot(), p.seat().room()));
      } else if (p.freed()) {
        // The first freed seat in fill order is the one a returning candidate gets back.
        freedOwn.merge(p.registrationId(), p.seat(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      } else if (held.putIfAbsent(p.registrationId(), p.seat()) != null) {
        throw new IllegalArgumentException("registration " + p.registrationId() + " holds two seats of subject "
          + plan.subjectCode());
      }
    }
  }

  /**
   * The seat of the next candidate.
   *
   * @throws IllegalArgumentException when the candidate does not come after the previous one in
   *                                  {@link PaidCandidate#ORDER} (the plan would not be reproducible)
   * @throws NoSeatLeftException      when every seat of the plan is taken
   */
  public SeatAssignment assign(PaidCandidate candidate) {
    if (last != null && PaidCandidate.ORDER.compare(last, candidate) >= 0) {
      throw new IllegalArgumentException("candidates must come in paid time, then registration id order: "
        + candidate.registrationId() + " came after " + last.registrationId());
    }
    last = candidate;
    String id = candidate.registrationId();
    Seat kept = held.get(id);
    if (kept != null) {
      return new SeatAssignment(id, kept, plan.ticketNumber(kept), SeatAssignment.Outcome.KEPT);
    }
    Seat own = freedOwn.remove(id);
    if (own != null) {
      held.put(id, own);
      return new SeatAssignment(id, own, plan.ticketNumber(own), SeatAssignment.Outcome.REINSTATED);
    }
    Seat seat = nextFreeSeat();
    if (seat == null) {
      throw new NoSeatLeftException(plan, id);
    }
    used.add(seat);
    held.put(id, seat);
    return new SeatAssignment(id, seat, plan.ticketNumber(seat), SeatAssignment.Outcome.NEW);
  }

  /**
   * Assigns lazily as the returned iterator is read: one candidate in, one assignment out, nothing buffered.
   * Throws as {@link #assign} does, from {@code next()}.
   */
  public Iterator<SeatAssignment> assignAll(Iterator<PaidCandidate> candidates) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return candidates.hasNext();
      }

      @Override
      public SeatAssignment next() {
        return assign(candidates.next());
      }
    };
  }

  /** Seats this subject can still hand out to new candidates. */
  public int remaining() {
    int free = 0;
    for (int slot : plan.slots()) {
      for (Room room : plan.rooms()) {
        if (otherSubjectRooms.contains(roomKey(slot, room.number()))) continue;
        for (int s = 1; s <= room.size(); s++) {
          if (!used.contains(new Seat(slot, room.number(), s))) free++;
        }
      }
    }
    return free;
  }

  public RoomPlan plan() {
    return plan;
  }

  // The cursor only moves forward: every seat behind it is used or in another subject's room, and stays so.
  private Seat nextFreeSeat() {
    while (slotIndex < plan.slots().size()) {
      int slot = plan.slots().get(slotIndex);
      Room room = plan.rooms().get(roomIndex);
      if (!otherSubjectRooms.contains(roomKey(slot, room.number()))) {
        while (nextSeat <= room.size()) {
          Seat seat = new Seat(slot, room.number(), nextSeat++);
          if (!used.contains(seat)) {
            return seat;
          }
        }
      }
      nextSeat = 1;
      if (++roomIndex == plan.rooms().size()) {
        roomIndex = 0;
        slotIndex++;
      }
    }
    return null;
  }

  private static int roomKey(int slot, int room) {
    return slot * 1000 + room;
  }
}
