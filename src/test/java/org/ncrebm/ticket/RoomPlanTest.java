package org.ncrebm.ticket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.ticket.SeatAssignment.Outcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Room planning: seats for paid candidates, reproducible, resumable, never over a room's size")
class RoomPlanTest {
  private static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");
  private static final List<Room> ROOMS = List.of(new Room(102, 2), new Room(101, 3));

  static List<PaidCandidate> candidates(String prefix, int from, int count) {
    List<PaidCandidate> list = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      list.add(new PaidCandidate(String.format("%s-%05d", prefix, i), T0.plusSeconds(i)));
    }
    return list;
  }

  static List<SeatAssignment> assignAll(SeatAllocator allocator, List<PaidCandidate> candidates) {
    List<SeatAssignment> out = new ArrayList<>();
    allocator.assignAll(candidates.iterator()).forEachRemaining(out::add);
    return out;
  }

  static List<Placement> stored(String subject, List<SeatAssignment> assignments) {
    return assignments.stream().map(a -> new Placement(a.registrationId(), subject, a.seat(), false)).toList();
  }

  static Map<String, Seat> seats(List<SeatAssignment> assignments) {
    Map<String, Seat> map = new HashMap<>();
    assignments.forEach(a -> map.put(a.registrationId(), a.seat()));
    return map;
  }

  @Test
  @DisplayName("fills slot by slot, room by room in number order, seat by seat, and stops at the plan's capacity")
  void fillOrder() {
    RoomPlan plan = new RoomPlan("44", "101", "29", ROOMS, List.of(2, 1));
    assertThat(plan.capacity()).isEqualTo(10);
    SeatAllocator allocator = plan.start();
    List<SeatAssignment> got = assignAll(allocator, candidates("r", 0, 10));
    assertThat(got).extracting(SeatAssignment::seat).containsExactly(
      new Seat(1, 101, 1), new Seat(1, 101, 2), new Seat(1, 101, 3), new Seat(1, 102, 1), new Seat(1, 102, 2),
      new Seat(2, 101, 1), new Seat(2, 101, 2), new Seat(2, 101, 3), new Seat(2, 102, 1), new Seat(2, 102, 2));
    assertThat(got).allMatch(a -> a.outcome() == Outcome.NEW && a.ticketNumber().toSeat().equals(a.seat()));
    assertThat(got.get(0).ticketNumber().format()).startsWith("29441010110101");
    assertThat(allocator.remaining()).isZero();
    assertThatThrownBy(() -> allocator.assign(candidates("r", 10, 1).get(0)))
      .isInstanceOf(SeatAllocator.NoSeatLeftException.class).hasMessageContaining("r-00010");
  }

  @Test
  @DisplayName("running the arrangement again over what was stored keeps every seat and adds none")
  void rerunChangesNothing() {
    RoomPlan plan = new RoomPlan("44", "101", "29", ROOMS, List.of(1, 2));
    List<PaidCandidate> paid = candidates("r", 0, 7);
    List<SeatAssignment> first = assignAll(plan.start(), paid);
    SeatAllocator again = plan.resume(stored("29", first));
    List<SeatAssignment> second = assignAll(again, paid);
    assertThat(second).allMatch(a -> a.outcome() == Outcome.KEPT);
    assertThat(seats(second)).isEqualTo(seats(first));
    assertThat(again.remaining()).isEqualTo(3);
  }

  @Test
  @DisplayName("after a crash at any point, resuming from the stored seats gives exactly the uninterrupted plan")
  void crashResume() {
    RoomPlan plan = new RoomPlan("44", "101", "29", List.of(new Room(1, 4), new Room(2, 3), new Room(7, 5)),
      List.of(1, 2, 3));
    List<PaidCandidate> paid = candidates("r", 0, plan.capacity());
    Map<String, Seat> uninterrupted = seats(assignAll(plan.start(), paid));
    for (int crashAt = 0; crashAt <= paid.size(); crashAt++) {
      List<SeatAssignment> before = assignAll(plan.start(), paid.subList(0, crashAt));
      // The job stores a page, crashes, restarts, and reads only the candidates still without a seat.
      List<SeatAssignment> after = assignAll(plan.resume(stored("29", before)), paid.subList(crashAt, paid.size()));
      Map<String, Seat> resumed = seats(before);
      resumed.putAll(seats(after));
      assertThat(resumed).as("crash after %d", crashAt).isEqualTo(uninterrupted);
    }
  }

  @Test
  @DisplayName("a freed seat is never given to someone else, nobody is renumbered, and its own candidate can get it back")
  void freedSeats() {
    RoomPlan plan = new RoomPlan("44", "101", "29", ROOMS, List.of(1, 2));
    List<PaidCandidate> paid = candidates("r", 0, 6);
    List<SeatAssignment> first = assignAll(plan.start(), paid);
    Set<String> refunded = Set.of("r-00001", "r-00003");
    List<Placement> stored = first.stream()
      .map(a -> new Placement(a.registrationId(), "29", a.seat(), refunded.contains(a.registrationId()))).toList();

    // Re-run after the refunds, with two late payers: the stream holds the paid, non-refunded candidates.
    List<PaidCandidate> stillPaid = new ArrayList<>(paid.stream().filter(c -> !refunded.contains(c.registrationId())).toList());
    stillPaid.addAll(candidates("r", 6, 2));
    SeatAllocator rerun = plan.resume(stored);
    List<SeatAssignment> second = assignAll(rerun, stillPaid);
    Map<String, Seat> before = seats(first);
    for (SeatAssignment a : second.subList(0, 4)) {
      assertThat(a.outcome()).isEqualTo(Outcome.KEPT);
      assertThat(a.seat()).isEqualTo(before.get(a.registrationId()));
    }
    Set<Seat> freed = Set.of(before.get("r-00001"), before.get("r-00003"));
    assertThat(second.subList(4, 6)).allMatch(a -> a.outcome() == Outcome.NEW && !freed.contains(a.seat()))
      .extracting(SeatAssignment::seat).containsExactly(new Seat(2, 101, 2), new Seat(2, 101, 3));

    // A refunded candidate who pays again (later) gets their own seat and ticket number back.
    SeatAllocator reinstate = plan.resume(stored);
    SeatAssignment back = reinstate.assign(new PaidCandidate("r-00003", T0.plusSeconds(3600)));
    assertThat(back.outcome()).isEqualTo(Outcome.REINSTATED);
    assertThat(back.seat()).isEqualTo(before.get("r-00003"));
  }

  @Test
  @DisplayName("subjects share the rooms but never a room in the same slot, and never a seat")
  void subjectsShareRooms() {
    List<Room> rooms = List.of(new Room(101, 3), new Room(102, 3), new Room(103, 3));
    List<SeatAssignment> python = assignAll(new RoomPlan("44", "101", "29", rooms, List.of(1)).start(),
      candidates("py", 0, 4));
    // Python took room 101 and one seat of 102 in slot 1; C (subject 24) gets room 103 only, then slot 2.
    RoomPlan c = new RoomPlan("44", "101", "24", rooms, List.of(1, 2));
    List<SeatAssignment> cLang = assignAll(c.resume(stored("29", python)), candidates("c", 0, 5));
    assertThat(cLang).extracting(SeatAssignment::seat).containsExactly(new Seat(1, 103, 1), new Seat(1, 103, 2),
      new Seat(1, 103, 3), new Seat(2, 101, 1), new Seat(2, 101, 2));
    assertThat(cLang.get(0).ticketNumber().subjectCode()).isEqualTo("24");
  }

  @Test
  @DisplayName("candidates out of paid-time/registration-id order, or twice, are refused: the plan must be reproducible")
  void order() {
    SeatAllocator allocator = new RoomPlan("44", "101", "29", ROOMS, List.of(1)).start();
    allocator.assign(new PaidCandidate("b", T0));
    assertThatThrownBy(() -> allocator.assign(new PaidCandidate("a", T0))).hasMessageContaining("order");
    assertThatThrownBy(() -> allocator.assign(new PaidCandidate("b", T0))).hasMessageContaining("order");
    assertThatThrownBy(() -> allocator.assign(new PaidCandidate("z", T0.minusSeconds(1)))).hasMessageContaining("order");
    assertThat(allocator.assign(new PaidCandidate("c", T0)).seat()).isEqualTo(new Seat(1, 101, 2));
  }

  @Test
  @DisplayName("works as a stream: one candidate read per seat handed out, from a source that never holds them all")
  void streams() {
    List<Room> rooms = new ArrayList<>();
    for (int r = 1; r <= 40; r++) rooms.add(new Room(r, 30));
    RoomPlan plan = new RoomPlan("44", "101", "29", rooms, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    AtomicInteger produced = new AtomicInteger();
    Iterator<PaidCandidate> source = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return produced.get() < plan.capacity();
      }

      @Override
      public PaidCandidate next() {
        int i = produced.getAndIncrement();
        return new PaidCandidate(String.format("r-%06d", i), T0.plusMillis(i));
      }
    };
    SeatAllocator allocator = plan.start();
    Iterator<SeatAssignment> out = allocator.assignAll(source);
    Set<Seat> seen = new HashSet<>();
    int consumed = 0;
    while (out.hasNext()) {
      assertThat(seen.add(out.next().seat())).isTrue();
      consumed++;
      assertThat(produced.get()).isEqualTo(consumed);
    }
    assertThat(consumed).isEqualTo(12_000);
    assertThat(allocator.remaining()).isZero();
  }

  @Test
  @DisplayName("malformed plans and inconsistent stored placements are refused")
  void refusesBadInput() {
    assertThatThrownBy(() -> new RoomPlan("44", "101", "29", List.of(new Room(1, 3), new Room(1, 4)), List.of(1)))
      .hasMessageContaining("twice");
    assertThatThrownBy(() -> new RoomPlan("44", "101", "29", ROOMS, List.of(0))).hasMessageContaining("slot");
    assertThatThrownBy(() -> new RoomPlan("44", "101", "29", List.of(), List.of(1))).hasMessageContaining("room");
    assertThatThrownBy(() -> new RoomPlan("44", "1", "29", ROOMS, List.of(1))).hasMessageContaining("center code");
    assertThatThrownBy(() -> new Room(1, 100)).hasMessageContaining("seat");
    RoomPlan plan = new RoomPlan("44", "101", "29", ROOMS, List.of(1));
    Seat seat = new Seat(1, 101, 1);
    assertThatThrownBy(() -> plan.resume(List.of(new Placement("a", "29", seat, false),
      new Placement("b", "24", seat, true)))).hasMessageContaining("share");
    assertThatThrownBy(() -> plan.resume(List.of(new Placement("a", "29", seat, false),
      new Placement("a", "29", new Seat(1, 101, 2), false)))).hasMessageContaining("two seats");
  }
}
