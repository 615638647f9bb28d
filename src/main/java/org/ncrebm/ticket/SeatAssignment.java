package org.ncrebm.ticket;

/**
 * The planner's answer for one candidate: the seat, its ticket number and what the job must store.
 *
 * @param outcome {@code NEW}: insert it; {@code KEPT}: already stored, nothing to do; {@code REINSTATED}: the
 *                candidate's own freed seat comes back to them (mark it held again)
 */
public record SeatAssignment(String registrationId, Seat seat, TicketNumber ticketNumber, Outcome outcome) {
  public enum Outcome { NEW, KEPT, REINSTATED }
}
