package org.ncrebm.notify;

import org.ncrebm.platform.ConfigReader;
import org.ncrebm.platform.Profile;
import org.ncrebm.platform.Secrets;

/** The SMS gateway ({@code sms.*}); an empty URL means the built-in dev SMS sink (dev and test profiles only). */
public record SmsSettings(String gatewayUrl, String gatewayKey) {
  public static SmsSettings read(ConfigReader r, Profile profile) {
    SmsSettings sms = new SmsSettings(r.str("sms.gateway-url"), r.str("sms.gateway-key"));
    // Production never delivers into the dev sink.
    if (profile == Profile.PROD && !sms.configured()) r.problem("prod needs sms.gateway-url (NCRE_SMS_GATEWAY_URL)");
    return sms;
  }

  public boolean configured() {
    return !gatewayUrl.isBlank();
  }

  @Override
  public String toString() {
    return "Sms[url=" + gatewayUrl + ", key=" + Secrets.mask(gatewayKey) + "]";
  }
}
