package org.ncrebm.notify;

import org.ncrebm.platform.ConfigReader;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.Secrets;

import java.util.List;

/** The SMTP relay ({@code mail.*}); an empty host means the built-in dev mail sink (dev and test profiles only). */
public record MailSettings(String smtpHost, int smtpPort, String username, String password, String startTls,
                           String from) {
  public static MailSettings read(ConfigReader r, Profile profile) {
    MailSettings mail = new MailSettings(r.str("mail.smtp-host"), r.integer("mail.smtp-port", 1, 65535),
      r.str("mail.smtp-username"), r.str("mail.smtp-password"), r.str("mail.smtp-starttls"), r.str("mail.from"));
    if (!List.of("DISABLED", "OPTIONAL", "REQUIRED").contains(mail.startTls.toUpperCase())) {
      r.problem("mail.smtp-starttls must be DISABLED, OPTIONAL or REQUIRED");
    }
    // Production never delivers into the dev sink.
    if (profile == Profile.PROD && !mail.configured()) r.problem("prod needs mail.smtp-host (NCRE_MAIL_SMTP_HOST)");
    return mail;
  }

  public boolean configured() {
    return !smtpHost.isBlank();
  }

  @Override
  public String toString() {
    return "Mail[smtp=" + smtpHost + ":" + smtpPort + ", user=" + username + ", password=" + Secrets.mask(password)
      + ", startTls=" + startTls + ", from=" + from + "]";
  }
}
