package org.ncrebm.ticket;

import java.time.Instant;

/**
 * What the signed QR token of an admission ticket says. Claim names are short because every byte makes the QR code
 * denser: {@code tn} ticket number, {@code es} exam session id, {@code sc} subject code, {@code idh} digest of the
 * candidate's ID number (never the number itself), {@code iat} issued-at (seconds), {@code iss} {@value #ISSUER}.
 */
public record TicketClaims(TicketNumber ticketNumber, String examSessionId, String subjectCode, String idDigest,
                           Instant issuedAt) {
  public static final String ISSUER = "ncre-bm/ticket";
}
