package org.ncrebm.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The catalogue's data: exam sessions, subjects, province windows, test centers and their capacities. */
public final class Catalog {
  private Catalog() {
  }

  public record Province(String code, String name, String nameEn) {
  }

  public record Subject(String code, String name, int level, int feeFen) {
  }

  public record ExamSession(long id, String name, String nameEn, List<Subject> subjects) {
    public Subject subject(String code) {
      return subjects.stream().filter(s -> s.code().equals(code)).findFirst().orElse(null);
    }
  }

  /** Whether a province's fill-in window is open, judged by the clock alone. */
  public enum WindowState { UPCOMING, OPEN, CLOSED }

  public record Window(long examSessionId, String provinceCode, Instant opensAt, Instant closesAt, Instant payDeadline,
                       Instant ticketPrintFrom, Instant ticketPrintTo) {
    public WindowState state(Instant now) {
      if (now.isBefore(opensAt)) return WindowState.UPCOMING;
      if (now.isBefore(closesAt)) return WindowState.OPEN;
      return WindowState.CLOSED;
    }

    public boolean open(Instant now) {
      return state(now) == WindowState.OPEN;
    }

    public boolean printing(Instant now) {
      return !now.isBefore(ticketPrintFrom) && now.isBefore(ticketPrintTo);
    }
  }

  /** A seat count of one subject at one center. */
  public record Capacity(String subjectCode, int capacity, int taken) {
    public int remaining() {
      return Math.max(0, capacity - taken);
    }
  }

  public record Center(long id, long examSessionId, String provinceCode, String code, String name, String address,
                       boolean reviewRequired, boolean classRequired, int maxSubjects, Integer totalCapacity,
                       int totalTaken, List<Capacity> capacities) {
    public Capacity capacity(String subjectCode) {
      return capacities.stream().filter(c -> c.subjectCode().equals(subjectCode)).findFirst().orElse(null);
    }
  }

  /** What staff send to create or change a center. */
  public record CenterInput(String provinceCode, String code, String name, String address, boolean reviewRequired,
                            boolean classRequired, int maxSubjects, Integer totalCapacity,
                            Map<String, Integer> capacities) {
  }
}
