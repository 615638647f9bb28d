package org.ncrebm.platform.auth;

/**
 * Who is calling: a candidate (passport account) or a staff member with role and scope. Built from the live session
 * on every request (Redis, or the instance's cache of it, which every revocation reaches through Redis pub/sub), so
 * a revoked session stops working at once.
 *
 * @param sessionKey   the Redis key of the session (never the raw session id)
 * @param kind         candidate or staff
 * @param accountId    passport account id or staff account id
 * @param role         staff role, null for candidates
 * @param provinceCode staff scope (province admins, center staff), else null
 * @param centerCode   staff scope (center staff: the center's code in its province), else null
 * @param viaCookie    true for browser sessions (forms need a CSRF token), false for bearer tokens
 */
public record Principal(String sessionKey, Kind kind, String accountId, String role, String provinceCode,
                        String centerCode, String displayName, boolean viaCookie) {

  public enum Kind { CANDIDATE, STAFF }

  public boolean candidate() {
    return kind == Kind.CANDIDATE;
  }

  public boolean staff() {
    return kind == Kind.STAFF;
  }

  /** The same caller, reached through a cookie or a bearer token. */
  public Principal via(boolean cookie) {
    return new Principal(sessionKey, kind, accountId, role, provinceCode, centerCode, displayName, cookie);
  }

  /** Whether this staff member has the role (by its name, e.g. {@code NATIONAL_ADMIN}). */
  public boolean hasRole(String r) {
    return r.equals(role);
  }
}
