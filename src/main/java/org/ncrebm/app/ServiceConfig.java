package org.ncrebm.app;

import io.vertx.core.json.JsonObject;
import org.ncrebm.notify.MailSettings;
import org.ncrebm.notify.SmsSettings;
import org.ncrebm.payment.gateway.PaymentSettings;
import org.ncrebm.platform.AppConfig;
import org.ncrebm.platform.ConfigLoader;
import org.ncrebm.platform.ConfigReader;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.Secrets;
import org.ncrebm.registration.RegistrationPolicy;
import org.ncrebm.ticket.TicketKeys;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Map;

/**
 * The whole configuration of the service: the platform's ({@link AppConfig}) and each context's own settings, read
 * from the same flat keys. Lives in the composition root because it is the one place that knows every context; the
 * platform names none. Immutable; {@link #toString()} never prints a secret.
 */
public record ServiceConfig(AppConfig platform, RegistrationPolicy registration, MailSettings mail, SmsSettings sms,
                            TicketKeys ticket, PaymentSettings payment, JobPeriods jobs) {

  /** Merges the layers ({@link ConfigLoader#merge}), then parses and checks them. Blocking: call from a worker. */
  public static ServiceConfig load(JsonObject deploymentConfig, Map<String, String> env) throws IOException {
    return from(ConfigLoader.merge(deploymentConfig, env));
  }

  /**
   * Parses and validates the merged flat configuration. Every part reads with the same reader, so the problems of all
   * of them are reported at once, in one {@code invalid configuration: ...} error.
   */
  public static ServiceConfig from(JsonObject c) {
    ConfigReader r = new ConfigReader(c, new ArrayList<>());
    AppConfig platform = AppConfig.read(r);
    Profile profile = platform.profile();
    ServiceConfig config = new ServiceConfig(platform, RegistrationPolicy.read(r), MailSettings.read(r, profile),
      SmsSettings.read(r, profile), TicketKeys.read(r, profile), PaymentSettings.read(r, profile),
      JobPeriods.read(r, profile));
    r.failOnProblems();
    return config;
  }

  /**
   * Fills in the secrets the operator did not set: in dev generated once and kept in the data directory (sessions and
   * printed tickets survive a restart), in test random for the run; prod generates nothing (its check demands them).
   * The payment keys are completed apart, by {@link org.ncrebm.payment.gateway.GatewayKeys}. Blocking.
   */
  public ServiceConfig withGeneratedSecrets() throws IOException {
    return switch (platform.profile()) {
      case DEV -> withPlatform(Secrets.fillDevIdKeys(Secrets.fillDevSecrets(platform)))
        .withTicket(ticket.keptInDataDir(platform.dataDir()));
      case TEST -> withPlatform(Secrets.fillRandomSecrets(platform)).withTicket(ticket.randomWhereUnset());
      default -> this;
    };
  }

  public ServiceConfig withPlatform(AppConfig filled) {
    return new ServiceConfig(filled, registration, mail, sms, ticket, payment, jobs);
  }

  public ServiceConfig withTicket(TicketKeys keys) {
    return new ServiceConfig(platform, registration, mail, sms, keys, payment, jobs);
  }

  /** The same configuration with the payment keys completed (generated ones in dev and test). */
  public ServiceConfig withPayment(PaymentSettings filled) {
    return new ServiceConfig(platform, registration, mail, sms, ticket, filled, jobs);
  }

  @Override
  public String toString() {
    return "ServiceConfig[" + platform + ", " + registration + ", " + mail + ", " + sms + ", " + ticket + ", " + payment
      + ", " + jobs + "]";
  }
}
