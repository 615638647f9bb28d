package org.ncrebm.ticket;

/**
 * The answer at the exam-room door.
 *
 * @param claims what the token says; present for {@code VALID} and {@code WRONG_SESSION}, {@code null} for
 *               {@code INVALID}, whose content cannot be trusted and is never shown
 */
public record TicketVerification(Status status, TicketClaims claims) {
  public enum Status {
    /** Signed by us, intact, for the exam session being checked. */
    VALID,
    /** Not a token, altered, signed with another key or malformed. */
    INVALID,
    /** Genuine, but for another exam session (last year's ticket, another sitting). */
    WRONG_SESSION
  }

  static TicketVerification invalid() {
    return new TicketVerification(Status.INVALID, null);
  }
}
