package org.ncrebm.notify;

/** A message to one person: an e-mail (with subject) or an SMS. */
public record Notification(Channel channel, String recipient, String subject, String body) {
  public enum Channel { EMAIL, SMS }

  public static Notification email(String to, String subject, String body) {
    return new Notification(Channel.EMAIL, to, subject, body);
  }

  public static Notification sms(String to, String body) {
    return new Notification(Channel.SMS, to, "", body);
  }
}
