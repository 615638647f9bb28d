package org.ncrebm.ticket;

import io.vertx.core.Future;
import org.ncrebm.platform.BoundedWorker;
import org.ncrebm.platform.PemKeys;

/**
 * The admission ticket's blocking work (PDF, QR image, key generation) as futures, run on the service's bounded
 * worker: safe to call from the event loop, and failing fast with {@code 503 OVERLOADED} when the backlog is full.
 */
public final class TicketWorker {
  private final BoundedWorker worker;
  private final TicketPdf pdf;

  public TicketWorker(BoundedWorker worker, TicketPdf pdf) {
    this.worker = worker;
    this.pdf = pdf;
  }

  /** Loads the embedded font on the worker (once, at boot) and returns the ready renderer. */
  public static Future<TicketWorker> create(BoundedWorker worker) {
    return worker.submit(TicketPdf::load).map(pdf -> new TicketWorker(worker, pdf));
  }

  /** {@link TicketPdf#render} on the worker: the PDF bytes of one ticket. */
  public Future<byte[]> renderPdf(TicketSheet sheet) {
    return worker.submit(() -> pdf.render(sheet));
  }

  /** {@link QrCodes#png} on the worker: the QR code of a token for the ticket web page. */
  public Future<byte[]> renderQrPng(String token, int modulePixels) {
    return worker.submit(() -> QrCodes.png(token, modulePixels));
  }

  /** {@link PemKeys#generateP256} on the worker: a new signing pair, e.g. for key rotation tooling. */
  public Future<PemKeys.EcKeyPair> generateSigningKeys() {
    return worker.submit(PemKeys::generateP256);
  }
}
