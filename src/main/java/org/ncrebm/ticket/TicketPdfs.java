package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.ncrebm.platform.AppException;
import org.ncrebm.registration.IdVault;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.web.Lang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Ticket PDFs (feature T2): rendered on the bounded worker, stored in {@code ticket_pdf}, served from there. The
 * pregeneration job renders every arranged ticket ahead of the print window, leasing rows so several instances
 * share the work; a ticket without a stored PDF is rendered on demand and stored then.
 */
public final class TicketPdfs {
  private static final Logger LOG = LoggerFactory.getLogger(TicketPdfs.class);
  private final Pool pool;
  private final TicketRepository tickets;
  private final Future<TicketWorker> renderer;
  private final TicketSigner signer;
  private final IdVault vault;
  private final Clock clock;

  public TicketPdfs(Pool pool, TicketRepository tickets, Future<TicketWorker> renderer, TicketSigner signer,
                    IdVault vault, Clock clock) {
    this.pool = pool;
    this.tickets = tickets;
    this.renderer = renderer;
    this.signer = signer;
    this.vault = vault;
    this.clock = clock;
  }

  /**
   * The stored PDF of a live ticket in the candidate's language, rendered and stored first when missing (or stored in
   * the language the candidate had before); {@code NOT_FOUND} when voided.
   */
  public Future<byte[]> pdf(long ticketId) {
    return tickets.pdf(pool, ticketId).compose(stored -> stored != null ? Future.succeededFuture(stored)
      : render(ticketId).compose(r -> r == null ? Future.failedFuture(AppException.notFound())
        : tickets.storePdf(pool, ticketId, r.lang(), r.pdf()).map(r.pdf())));
  }

  /** The QR code of a token as PNG, rendered on the worker, for the ticket web page. */
  public Future<byte[]> qrPng(String token) {
    return renderer.compose(worker -> worker.renderQrPng(token, 4));
  }

  /**
   * One pass of the pregeneration job: leases up to {@code limit} live tickets without a PDF (print window not over)
   * and renders and stores each, one after the other so the worker keeps room for candidates' requests.
   *
   * @return how many PDFs were stored
   */
  public Future<Integer> pregenerate(int limit) {
    return tickets.claimUnrendered(pool, limit, clock.instant()).compose(ids -> renderEach(ids, 0, 0));
  }

  private Future<Integer> renderEach(List<Long> ids, int i, int done) {
    if (i == ids.size()) return Future.succeededFuture(done);
    long id = ids.get(i);
    return render(id)
      .compose(r -> r == null ? Future.succeededFuture(0) : tickets.storePdf(pool, id, r.lang(), r.pdf()).map(1))
      .recover(err -> {
        // One bad ticket (say, a photo that no longer decodes) must not stop the others; the lease expires, it retries.
        LOG.warn("ticket {}: PDF not rendered: {}", id, err.toString());
        return Future.succeededFuture(0);
      })
      .compose(n -> renderEach(ids, i + 1, done + n));
  }

  private record Rendered(byte[] pdf, Lang lang) {
  }

  /** The PDF of a live ticket in its candidate's language, or null when it is voided or gone. */
  private Future<Rendered> render(long ticketId) {
    return tickets.sheet(pool, ticketId).compose(row -> row == null ? Future.succeededFuture(null)
      : renderer.compose(worker -> worker.renderPdf(sheet(row))).map(pdf -> new Rendered(pdf, row.lang())));
  }

  private TicketSheet sheet(TicketRepository.SheetRow row) {
    String idNumber = vault.decrypt(row.idNumberEncrypted());
    TicketNumber number = TicketNumber.parse(row.ticketNumber());
    String session = row.lang() == Lang.EN && row.sessionNameEn() != null && !row.sessionNameEn().isBlank()
      ? row.sessionNameEn() : row.sessionName();
    return new TicketSheet(session, row.name() == null ? "" : row.name(), idNumber, row.photo(), number,
      row.subjectName(), row.examStart().atZone(Times.ZONE).toOffsetDateTime(),
      row.examEnd().atZone(Times.ZONE).toOffsetDateTime(), row.centerName(), row.centerAddress(), row.roomLocation(),
      signer.issue(number, Long.toString(row.examSessionId()), idNumber), row.lang());
  }
}
