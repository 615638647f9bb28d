package org.ncrebm.exports;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.BoundedWorker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A query streamed into an HTTP response, never all rows in memory: a Postgres cursor ({@code RowStream}, inside a
 * read-only transaction, as portals need) hands over {@code fetch} rows at a time; each batch is turned into bytes on
 * the bounded worker (decryption, CSV or ZIP framing are CPU work), while the cursor is paused; the bytes are
 * written, and the cursor resumes only once the response's write queue has drained. At any moment one batch is in
 * memory, whatever the size of the export. Nothing is written before the first batch is encoded, so a failure up to
 * then is still an ordinary error response.
 */
final class CursorExport {
  /** Turns one batch into bytes; {@code last} is the final call (possibly with no rows), for trailers. */
  @FunctionalInterface
  interface Encoder {
    Buffer encode(List<Row> rows, boolean last) throws Exception;
  }

  /** The client went away before the end. */
  static final class ClientGone extends RuntimeException {
    ClientGone() {
      super("the client closed the connection during an export", null, false, false);
    }
  }

  private static final String READ_ONLY = "set transaction read only";

  private CursorExport() {
  }

  /**
   * Streams the rows of {@code sql} through {@code encoder} into {@code response} (not ended: the caller writes the
   * audit row, then ends it). Answers the number of rows; {@code sent} counts them as they go, also on failure.
   */
  static Future<Long> run(Pool pool, BoundedWorker worker, String sql, Tuple args, int fetch,
                          HttpServerResponse response, Encoder encoder, AtomicLong sent) {
    return pool.getConnection().compose(conn -> conn.begin().compose(tx -> conn.query(READ_ONLY).execute()
        .compose(v -> conn.prepare(sql))
        .compose(ps -> new Pump(ps.createStream(fetch, args), worker, response, encoder, fetch, sent).run()
          .eventually(ps::close))
        .compose(n -> tx.commit().map(n), err -> tx.rollback().transform(ar -> Future.<Long>failedFuture(err))))
      .eventually(conn::close));
  }

  /** The loop between the cursor, the worker and the response; all of it runs on the request's event loop. */
  private static final class Pump {
    private final RowStream<Row> stream;
    private final BoundedWorker worker;
    private final HttpServerResponse response;
    private final Encoder encoder;
    private final int batchSize;
    private final AtomicLong sent;
    private final Promise<Long> done = Promise.promise();
    private List<Row> batch;
    private boolean busy;
    private boolean ended;

    Pump(RowStream<Row> stream, BoundedWorker worker, HttpServerResponse response, Encoder encoder, int batchSize,
         AtomicLong sent) {
      this.stream = stream;
      this.worker = worker;
      this.response = response;
      this.encoder = encoder;
      this.batchSize = batchSize;
      this.sent = sent;
      this.batch = new ArrayList<>(batchSize);
    }

    Future<Long> run() {
      response.closeHandler(v -> fail(new ClientGone()));
      stream.exceptionHandler(this::fail);
      stream.endHandler(v -> {
        ended = true;
        if (!busy) flush();
      });
      stream.handler(row -> {
        batch.add(row);
        if (batch.size() >= batchSize && !busy) flush();
      });
      return done.future();
    }

    private void flush() {
      if (done.future().isComplete()) return;
      busy = true;
      stream.pause();
      List<Row> rows = batch;
      batch = new ArrayList<>(batchSize);
      boolean last = ended;
      worker.submit(() -> encoder.encode(rows, last)).onComplete(ar -> {
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        if (done.future().isComplete()) return;
        if (ar.result().length() > 0) response.write(ar.result());
        sent.addAndGet(rows.size());
        if (last) {
          done.tryComplete(sent.get());
        } else if (response.writeQueueFull()) {
          response.drainHandler(v -> resume());
        } else {
          resume();
        }
      });
    }

    private void resume() {
      busy = false;
      if (ended || batch.size() >= batchSize) {
        flush();
      } else {
        stream.resume();
      }
    }

    private void fail(Throwable err) {
      if (done.tryFail(err)) stream.close();
    }
  }
}
