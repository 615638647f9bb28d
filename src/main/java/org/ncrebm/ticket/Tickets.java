package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.BoundedWorker;
import org.ncrebm.registration.RegistrationService;

import java.time.Clock;

/** Builds the ticket context at boot. */
public final class Tickets {
  /** Candidates read and stored per transaction by the arrangement job. */
  public static final int ARRANGEMENT_BATCH = 200;
  /** Tickets leased per pass of the PDF pregeneration job. */
  public static final int PDF_BATCH = 50;

  private Tickets() {
  }

  public static TicketService service(Vertx vertx, Pool pool, BoundedWorker worker, TicketKeys keys,
                                      CatalogService catalog, RegistrationService registrations, Clock clock) {
    TicketRepository tickets = new TicketRepository();
    ArrangementRepository runs = new ArrangementRepository();
    TicketSigner signer = new TicketSigner(vertx, keys, clock);
    // The font loads once on the worker; renders wait for it.
    Future<TicketWorker> renderer = TicketWorker.create(worker);
    TicketPdfs pdfs = new TicketPdfs(pool, tickets, renderer, signer, registrations.vault(), clock);
    return new TicketService(pool, tickets, runs, new Arrangement(pool, runs, ARRANGEMENT_BATCH), pdfs, catalog,
      registrations, signer, clock);
  }
}
