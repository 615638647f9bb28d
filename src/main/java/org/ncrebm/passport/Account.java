package org.ncrebm.passport;

import java.time.OffsetDateTime;

/** A passport account: one person, reachable by a verified e-mail and a verified mobile number. */
public record Account(String id, String email, String mobile, String passwordHash, String status,
                      OffsetDateTime createdAt) {
  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
