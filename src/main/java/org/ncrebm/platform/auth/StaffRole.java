package org.ncrebm.platform.auth;

/** Staff roles: the national exam office, a provincial exam office, a test center. */
public enum StaffRole {
  NATIONAL_ADMIN, PROVINCE_ADMIN, CENTER_STAFF;

  public static StaffRole of(String name) {
    return name == null ? null : valueOf(name);
  }
}
