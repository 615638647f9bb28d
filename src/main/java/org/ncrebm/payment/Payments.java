package org.ncrebm.payment;

import io.vertx.sqlclient.Pool;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.notify.Notifier;
import org.ncrebm.payment.gateway.Gateways;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.registration.RegistrationRepository;
import org.ncrebm.registration.RegistrationService;
import org.ncrebm.seats.SeatRepository;

import java.time.Clock;

/** The payment context as the rest of the service sees it: orders and money, the order job, reconciliation. */
public record Payments(PaymentService service, OrderJobs jobs, Reconciliation reconciliation) {

  public static Payments create(Pool pool, Gateways gateways, RegistrationRepository registrations,
                                RegistrationService registrationService, SeatRepository seats, CatalogService catalog,
                                Notifier notifier, I18n i18n, RateLimiter limiter, Clock clock, String publicUrl) {
    OrderRepository orders = new OrderRepository(pool);
    Settlement settlement = new Settlement(registrations, orders, seats, catalog, clock);
    PaymentService service = new PaymentService(pool, orders, registrations, registrationService, catalog, gateways,
      settlement, new PaymentNotices(pool, notifier, i18n), limiter, clock, publicUrl);
    registrationService.onOpenOrders(orders::closeAll);
    return new Payments(service, new OrderJobs(service, orders, gateways, clock),
      new Reconciliation(pool, gateways, clock));
  }
}
