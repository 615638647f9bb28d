package org.ncrebm.ticket;

import java.util.Objects;

/**
 * A seat already handed out at a center in this exam session, as stored: who got it, for which subject, and whether it
 * was freed since (a refund before the exam). A freed seat stays retired, so no one else is ever numbered into it.
 */
public record Placement(String registrationId, String subjectCode, Seat seat, boolean freed) {
  public Placement {
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(subjectCode, "subjectCode");
    Objects.requireNonNull(seat, "seat");
  }
}
