package org.ncrebm.payment.gateway;

import java.security.KeyPair;

/** Key pairs for protocol unit tests, generated once per JVM (RSA generation is slow). */
final class TestKeys {
  static final KeyPair MERCHANT = RsaKeys.generate();
  static final KeyPair GATEWAY = RsaKeys.generate();
  static final KeyPair STRANGER = RsaKeys.generate();

  private TestKeys() {
  }
}
