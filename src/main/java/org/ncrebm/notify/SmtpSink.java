package org.ncrebm.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Dev and test profiles only: a small SMTP server on localhost that stands in for the mail relay. The real SMTP
 * client delivers to it over the real protocol; each message is decoded ({@link MimeText}) and put in the dev outbox.
 */
public final class SmtpSink {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpSink.class);
  private static final int MAX_MESSAGE = 256 * 1024;
  private final Vertx vertx;
  private final DevOutbox outbox;
  private NetServer server;

  public SmtpSink(Vertx vertx, DevOutbox outbox) {
    this.vertx = vertx;
    this.outbox = outbox;
  }

  /** Listens on an ephemeral localhost port; the future carries the port. */
  public Future<Integer> start() {
    server = vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0));
    server.connectHandler(this::session);
    return server.listen().map(NetServer::actualPort);
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void session(NetSocket socket) {
    Session s = new Session(socket);
    RecordParser parser = RecordParser.newDelimited("\r\n", s::line);
    parser.maxRecordSize(MAX_MESSAGE);
    parser.exceptionHandler(err -> socket.close());
    socket.handler(parser);
    socket.write("220 ncre-bm dev mail sink ESMTP\r\n");
  }

  private final class Session {
    private final NetSocket socket;
    private final List<String> recipients = new ArrayList<>();
    private StringBuilder data;

    Session(NetSocket socket) {
      this.socket = socket;
    }

    void line(Buffer raw) {
      // Byte-preserving: the part's own charset is applied when the message is decoded.
      String line = raw.toString("ISO-8859-1");
      if (data != null) {
        if (line.equals(".")) {
          finish();
        } else if (data.length() < MAX_MESSAGE) {
          data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        return;
      }
      String upper = line.toUpperCase();
      if (upper.startsWith("EHLO")) {
        socket.write("250-ncre-bm\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE " + MAX_MESSAGE + "\r\n");
      } else if (upper.startsWith("HELO")) {
        socket.write("250 ncre-bm\r\n");
      } else if (upper.startsWith("MAIL FROM:")) {
        recipients.clear();
        socket.write("250 OK\r\n");
      } else if (upper.startsWith("RCPT TO:")) {
        recipients.add(address(line.substring(8)));
        socket.write("250 OK\r\n");
      } else if (upper.equals("DATA")) {
        data = new StringBuilder();
        socket.write("354 End data with <CR><LF>.<CR><LF>\r\n");
      } else if (upper.equals("RSET")) {
        recipients.clear();
        socket.write("250 OK\r\n");
      } else if (upper.equals("NOOP")) {
        socket.write("250 OK\r\n");
      } else if (upper.equals("QUIT")) {
        socket.write("221 Bye\r\n").onComplete(ar -> socket.close());
      } else {
        socket.write("502 Command not implemented\r\n");
      }
    }

    private void finish() {
      MimeText.Decoded message = MimeText.decode(data.toString());
      data = null;
      List<Future<Void>> stored = new ArrayList<>();
      for (String to : recipients) {
        stored.add(outbox.store("email", to, message.subject(), message.text()));
      }
      Future.all(stored).onComplete(ar -> {
        if (ar.succeeded()) {
          socket.write("250 OK queued\r\n");
        } else {
          LOG.warn("dev mail sink could not store a message", ar.cause());
          socket.write("451 Try again later\r\n");
        }
      });
    }

    private String address(String s) {
      String t = s.trim();
      int lt = t.indexOf('<');
      int gt = t.indexOf('>');
      return lt >= 0 && gt > lt ? t.substring(lt + 1, gt) : t;
    }
  }
}
