package org.ncrebm.app;

import org.ncrebm.platform.Platform;

import org.ncrebm.admin.AuditRepository;
import org.ncrebm.admin.DashboardRepository;
import org.ncrebm.admin.StaffService;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.catalog.CenterImport;
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
  CatalogService catalog,
  CenterImport centerImport,
  StaffService staff,
  AuditRepository audit,
  DashboardRepository dashboards,
  org.ncrebm.registration.RegistrationService registrations,
  org.ncrebm.review.ReviewService review,
  org.ncrebm.seats.HoldExpiry holdExpiry,
  Gateways gateways,
  Simulator simulator,
  org.ncrebm.payment.Payments payments,
  org.ncrebm.ticket.TicketService tickets,
  org.ncrebm.queue.QueueService queue,
  org.ncrebm.registration.WaitingLists waitingLists,
  org.ncrebm.registration.WaitlistOffers waitlistOffers,
  org.ncrebm.exports.ExportService exports) {
}
