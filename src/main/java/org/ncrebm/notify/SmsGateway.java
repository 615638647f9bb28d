package org.ncrebm.notify;

import io.vertx.core.Future;

/** Sends one SMS. Implementations speak a provider's protocol; the dev and test profiles use the built-in sink. */
public interface SmsGateway {
  Future<Void> send(String mobile, String text);
}
