package org.ncrebm.passport;

import org.ncrebm.platform.web.Lang;

import java.time.OffsetDateTime;

/**
 * A passport account: one person, reachable by a verified e-mail and a verified mobile number, and the language
 * their e-mail, SMS and admission ticket are written in.
 */
public record Account(String id, String email, String mobile, String passwordHash, String status,
                      OffsetDateTime createdAt, Lang lang) {
  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
