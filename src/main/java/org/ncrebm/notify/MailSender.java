package org.ncrebm.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/** E-mail over SMTP (Vert.x Mail): a real relay in production, the built-in dev mail sink otherwise. */
public final class MailSender {
  private final MailClient client;
  private final String from;

  public MailSender(Vertx vertx, String host, int port, String username, String password, String startTls, String from) {
    MailConfig config = new MailConfig()
      .setHostname(host)
      .setPort(port)
      .setStarttls(StartTLSOptions.valueOf(startTls.toUpperCase()))
      .setMaxPoolSize(8)
      .setKeepAlive(true)
      .setConnectTimeout(10_000);
    config.setMetricsName("ncre-mail");
    if (username.isBlank()) {
      config.setLogin(LoginOption.DISABLED);
    } else {
      config.setLogin(LoginOption.REQUIRED).setUsername(username).setPassword(password);
    }
    this.client = MailClient.createShared(vertx, config, "ncre-mail");
    this.from = from;
  }

  public Future<Void> send(String to, String subject, String text) {
    MailMessage m = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text);
    return client.sendMail(m).mapEmpty();
  }

  public Future<Void> close() {
    return client.close();
  }
}
