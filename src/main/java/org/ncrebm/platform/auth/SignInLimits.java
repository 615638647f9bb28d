package org.ncrebm.platform.auth;

import org.ncrebm.platform.ConfigReader;

import java.time.Duration;

/**
 * Rate limits and lockout of signing in ({@code limits.*}): codes sent per target and per IP, logins per IP, failures
 * before a lock and its length, for candidates and staff. Platform's own, next to {@link LoginGuard}: passport and
 * admin both apply them. Per-IP limits are generous because a campus registers from behind one address.
 */
public record SignInLimits(int codePerTargetMinute, int codePerTargetHour, int codePerIpHour, int loginPerIpHour,
                           int loginFailuresBeforeLock, Duration lockDuration, int staffFailuresBeforeLock,
                           Duration staffLockDuration) {
  public static SignInLimits read(ConfigReader r) {
    return new SignInLimits(
      r.integer("limits.code-per-target-minute", 1, 1000),
      r.integer("limits.code-per-target-hour", 1, 10_000),
      r.integer("limits.code-per-ip-hour", 1, 10_000_000),
      r.integer("limits.login-per-ip-hour", 1, 10_000_000),
      r.integer("limits.login-failures-before-lock", 1, 100),
      Duration.ofMinutes(r.integer("limits.lock-minutes", 1, 24 * 60)),
      r.integer("limits.staff-failures-before-lock", 1, 100),
      Duration.ofMinutes(r.integer("limits.staff-lock-minutes", 1, 24 * 60)));
  }
}
