package org.ncrebm.platform.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import org.ncrebm.platform.BoundedWorker;

/**
 * argon2id with the OWASP parameters (m = 19 MiB, t = 2, p = 1), always on the bounded worker pool: one hash costs
 * tens of milliseconds of CPU, which must never run on an event loop.
 */
public final class PasswordHasher {
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);
  private final BoundedWorker worker;
  private volatile String dummyHash;

  public PasswordHasher(BoundedWorker worker) {
    this.worker = worker;
  }

  public Future<String> hash(String password) {
    return worker.submit(() -> hashNow(password));
  }

  public Future<Boolean> verify(String password, String hash) {
    return worker.submit(() -> Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash)));
  }

  /**
   * Spends the same time as a real verification and always answers false: verifying against a throwaway hash when the
   * login matches no account keeps both answers equally slow. The hash is made on the worker at first use.
   */
  public Future<Boolean> verifyNothing(String password) {
    return worker.submit(() -> {
      String dummy = dummyHash;
      if (dummy == null) {
        dummy = hashNow("not-a-real-password-" + System.nanoTime());
        dummyHash = dummy;
      }
      return Password.check(password, dummy).with(ARGON2);
    }).map(false);
  }

  /** Blocking; for seeding and tests on a worker thread. */
  public static String hashNow(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }
}
