package org.ncrebm.platform;

import org.ncrebm.notify.DevOutbox;
import org.ncrebm.notify.Notifier;
import org.ncrebm.passport.PassportService;
import org.ncrebm.payment.gateway.Gateways;
import org.ncrebm.payment.sim.Simulator;

/**
 * The bounded contexts' services, built once at boot on top of the {@link Platform}. {@code simulator} is null in
 * production (the payment-gateway simulator exists in the dev and test profiles only).
 */
public record Services(
  Platform platform,
  Notifier notifier,
  DevOutbox devOutbox,
  String smsSinkKey,
  PassportService passport,
  Gateways gateways,
  Simulator simulator) {
}
