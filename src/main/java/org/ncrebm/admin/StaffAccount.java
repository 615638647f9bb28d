package org.ncrebm.admin;

import org.ncrebm.platform.auth.StaffRole;

import java.time.OffsetDateTime;

/** A staff member: username, role and scope. */
public record StaffAccount(long id, String username, String passwordHash, StaffRole role, String provinceCode,
                           String centerCode, String displayName, String status, OffsetDateTime createdAt) {
  public boolean active() {
    return "ACTIVE".equals(status);
  }
}
