package org.ncrebm.ticket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Room planning under random centers, refunds, re-payments, crashes and re-runs")
class RoomPlanPropertyTest {
  private static final List<String> SUBJECTS = List.of("29", "24", "65");
  // What the random runs went through, so the test cannot pass by exercising nothing.
  private final Map<String, Integer> seen = new HashMap<>();

  /** A candidate's current payment; {@code paid} false after a refund. */
  private static final class Payer {
    final String id;
    final String subject;
    Instant paidAt;
    boolean paid = true;

    Payer(String id, String subject, Instant paidAt) {
      this.id = id;
      this.subject = subject;
      this.paidAt = paidAt;
    }
  }

  @Test
  @DisplayName("the stored seats always satisfy the invariants, and a final clean run seats every payer it has room for")
  void randomized() {
    for (long seed = 1; seed <= 300; seed++) {
      run(new Random(seed), "seed " + seed);
    }
    assertThat(seen).containsKeys("NEW", "KEPT", "REINSTATED", "no seat left", "crash", "refund");
    System.out.println("room plan property runs: " + seen);
  }

  private void run(Random random, String label) {
    List<Room> rooms = new ArrayList<>();
    Set<Integer> numbers = new TreeSet<>();
    while (numbers.size() < 1 + random.nextInt(5)) numbers.add(1 + random.nextInt(999));
    numbers.forEach(n -> rooms.add(new Room(n, 1 + random.nextInt(12))));
    Map<String, RoomPlan> plans = new HashMap<>();
    List<Payer> payers = new ArrayList<>();
    Instant clock = Instant.parse("2026-06-01T00:00:00Z");
    for (String subject : SUBJECTS) {
      List<Integer> slots = new ArrayList<>();
      for (int s = 1; s <= 4; s++) if (random.nextBoolean()) slots.add(s);
      if (slots.isEmpty()) slots.add(1 + random.nextInt(4));
      RoomPlan plan = new RoomPlan("44", "101", subject, rooms, slots);
      plans.put(subject, plan);
      for (int i = random.nextInt(plan.capacity() + 6); i > 0; i--) {
        // Whole seconds, so ties in paid time happen and the registration id must break them.
        payers.add(new Payer(subject + "-" + payers.size(), subject, clock.plusSeconds(random.nextInt(50))));
      }
    }
    Map<Seat, Placement> db = new HashMap<>();
    Map<Seat, String> firstOwner = new HashMap<>();
    for (int round = 0; round < 4; round++) {
      boolean last = round == 3;
      List<String> order = new ArrayList<>(SUBJECTS);
      java.util.Collections.shuffle(order, random);
      for (String subject : order) {
        boolean full = arrange(plans.get(subject), payers, db, last ? Integer.MAX_VALUE : random.nextInt(20), label);
        check(rooms, db, firstOwner, label);
        if (last && !full) {
          // A clean run seats every paid candidate of the subject, unless it ran out of room.
          Set<String> seated = new HashSet<>();
          db.values().stream().filter(p -> !p.freed()).forEach(p -> seated.add(p.registrationId()));
          payers.stream().filter(p -> p.paid && p.subject.equals(subject))
            .forEach(p -> assertThat(seated).as(label).contains(p.id));
        }
      }
      if (last) {
        break;
      }
      // Between runs: some refunds free seats, some refunded candidates pay again later.
      for (Payer p : payers) {
        int dice = random.nextInt(10);
        if (p.paid && dice == 0) {
          p.paid = false;
          seen.merge("refund", 1, Integer::sum);
          db.replaceAll((seat, pl) -> pl.registrationId().equals(p.id) ? new Placement(p.id, p.subject, seat, true) : pl);
        } else if (!p.paid && dice < 3) {
          p.paid = true;
          p.paidAt = clock.plusSeconds(1000 + round * 100L + random.nextInt(50));
        }
      }
    }
  }

  /** One job run for one subject, crashing (stopping) after {@code crashAfter} new seats; true if out of seats. */
  private boolean arrange(RoomPlan plan, List<Payer> payers, Map<Seat, Placement> db, int crashAfter, String label) {
    SeatAllocator allocator = plan.resume(List.copyOf(db.values()));
    List<PaidCandidate> stream = payers.stream().filter(p -> p.paid && p.subject.equals(plan.subjectCode()))
      .map(p -> new PaidCandidate(p.id, p.paidAt)).sorted(PaidCandidate.ORDER).toList();
    int fresh = 0;
    for (PaidCandidate c : stream) {
      if (fresh >= crashAfter) {
        seen.merge("crash", 1, Integer::sum);
        return false;
      }
      SeatAssignment a;
      try {
        a = allocator.assign(c);
      } catch (SeatAllocator.NoSeatLeftException e) {
        assertThat(allocator.remaining()).as(label).isZero();
        seen.merge("no seat left", 1, Integer::sum);
        return true;
      }
      assertThat(a.ticketNumber().toSeat()).as(label).isEqualTo(a.seat());
      seen.merge(a.outcome().name(), 1, Integer::sum);
      switch (a.outcome()) {
        case NEW -> {
          assertThat(db.put(a.seat(), new Placement(c.registrationId(), plan.subjectCode(), a.seat(), false)))
            .as(label + ": a new seat was free").isNull();
          fresh++;
        }
        case REINSTATED -> {
          Placement old = db.get(a.seat());
          assertThat(old.registrationId()).as(label).isEqualTo(c.registrationId());
          assertThat(old.freed()).as(label).isTrue();
          db.put(a.seat(), new Placement(c.registrationId(), plan.subjectCode(), a.seat(), false));
        }
        case KEPT -> assertThat(db.get(a.seat()).registrationId()).as(label).isEqualTo(c.registrationId());
      }
    }
    return false;
  }

  private void check(List<Room> rooms, Map<Seat, Placement> db, Map<Seat, String> firstOwner, String label) {
    Map<Integer, Integer> size = new HashMap<>();
    rooms.forEach(r -> size.put(r.number(), r.size()));
    Map<String, Integer> occupancy = new HashMap<>();
    Map<String, String> subjectOfRoom = new HashMap<>();
    Set<String> held = new HashSet<>();
    for (Placement p : db.values()) {
      Seat s = p.seat();
      assertThat(s.seat()).as(label).isBetween(1, size.get(s.room()));
      String key = s.slot() + "/" + s.room();
      occupancy.merge(key, 1, Integer::sum);
      assertThat(subjectOfRoom.computeIfAbsent(key, k -> p.subjectCode())).as(label + " one subject per room and slot")
        .isEqualTo(p.subjectCode());
      assertThat(firstOwner.computeIfAbsent(s, k -> p.registrationId())).as(label + " a seat never changes hands")
        .isEqualTo(p.registrationId());
      if (!p.freed()) {
        assertThat(held.add(p.registrationId())).as(label + " one held seat per candidate").isTrue();
      }
    }
    occupancy.forEach((key, n) -> assertThat(n).as(label + " " + key).isLessThanOrEqualTo(
      size.get(Integer.parseInt(key.substring(key.indexOf('/') + 1)))));
  }
}
