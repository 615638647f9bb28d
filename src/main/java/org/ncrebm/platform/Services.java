package org.ncrebm.platform;

import org.ncrebm.notify.DevOutbox;
import org.ncrebm.notify.Notifier;
import org.ncrebm.passport.PassportService;

/** The bounded contexts' services, built once at boot on top of the {@link Platform}. */
public record Services(
  Platform platform,
  Notifier notifier,
  DevOutbox devOutbox,
  String smsSinkKey,
  PassportService passport) {
}
