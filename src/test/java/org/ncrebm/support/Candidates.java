package org.ncrebm.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Candidate accounts made through the real API: codes from the dev outbox, real argon2id, real sessions. */
public final class Candidates {
  public static final String PASSWORD = "Exam#2026pass";
  private static final AtomicInteger SEQ = new AtomicInteger();
  private final TestApp app;

  public Candidates(TestApp app) {
    this.app = app;
  }

  /** A fresh, unique e-mail and mobile pair. */
  public static String[] uniqueContact() {
    int n = SEQ.incrementAndGet();
    long stamp = System.nanoTime() % 100_000;
    String email = "cand" + n + "x" + stamp + "@example.com";
    String mobile = String.format("139%08d", (n * 100_003L + stamp) % 100_000_000L);
    return new String[]{email, mobile};
  }

  public ApiResponse requestCode(String channel, String target, String purpose) {
    return app.post("/api/v1/passport/codes", new JsonObject().put("channel", channel).put("target", target)
      .put("purpose", purpose));
  }

  /** The newest code the dev outbox holds for a recipient, waiting briefly for the outbox job to deliver it. */
  public String latestCode(String recipient) {
    for (int i = 0; i < 200; i++) {
      ApiResponse r = app.get("/dev/outbox?to=" + java.net.URLEncoder.encode(recipient, java.nio.charset.StandardCharsets.UTF_8), null);
      JsonArray messages = r.json().getJsonArray("messages");
      if (!messages.isEmpty() && messages.getJsonObject(0).getString("code") != null) {
        return messages.getJsonObject(0).getString("code");
      }
      Polling.pause(50);
    }
    throw new AssertionError("no code arrived for " + recipient);
  }

  /** Waits until the outbox holds more than {@code known} messages for the recipient, then returns the newest code. */
  public String nextCode(String recipient, int known) {
    for (int i = 0; i < 200; i++) {
      ApiResponse r = app.get("/dev/outbox?to=" + java.net.URLEncoder.encode(recipient, java.nio.charset.StandardCharsets.UTF_8), null);
      JsonArray messages = r.json().getJsonArray("messages");
      if (messages.size() > known) {
        return messages.getJsonObject(0).getString("code");
      }
      Polling.pause(50);
    }
    throw new AssertionError("no new code arrived for " + recipient);
  }

  /** Waits until a message to the recipient contains the text; returns its body. */
  public String awaitMessage(String recipient, String text) {
    for (int i = 0; i < 200; i++) {
      JsonArray messages = app.get("/dev/outbox?to=" + java.net.URLEncoder.encode(recipient,
        java.nio.charset.StandardCharsets.UTF_8), null).json().getJsonArray("messages");
      for (int m = 0; m < messages.size(); m++) {
        String body = messages.getJsonObject(m).getString("body");
        if (body.contains(text)) return body;
      }
      Polling.pause(50);
    }
    throw new AssertionError("no message with '" + text + "' arrived for " + recipient);
  }

  public int outboxSize(String recipient) {
    return app.get("/dev/outbox?to=" + java.net.URLEncoder.encode(recipient, java.nio.charset.StandardCharsets.UTF_8), null)
      .json().getJsonArray("messages").size();
  }

  /** Registers an account through the API; returns its id. */
  public String register(String email, String mobile, String password) {
    assertThat(requestCode("email", email, "register").status()).isEqualTo(202);
    assertThat(requestCode("sms", mobile, "register").status()).isEqualTo(202);
    ApiResponse r = app.post("/api/v1/passport/accounts", new JsonObject().put("email", email).put("mobile", mobile)
      .put("password", password).put("emailCode", latestCode(email)).put("smsCode", latestCode(mobile)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("accountId");
  }

  public ApiResponse login(String login, String password) {
    return app.post("/api/v1/passport/sessions", new JsonObject().put("login", login).put("password", password));
  }

  /** A new account, logged in: [accountId, token, email, mobile]. */
  public String[] newLoggedIn() {
    String[] contact = uniqueContact();
    String id = register(contact[0], contact[1], PASSWORD);
    ApiResponse r = login(contact[0], PASSWORD);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return new String[]{id, r.json().getString("token"), contact[0], contact[1]};
  }

  private static final String SEED_HASH = org.ncrebm.platform.auth.PasswordHasher.hashNow(PASSWORD);

  /**
   * Many candidates fast, for concurrency tests: accounts inserted straight into the database (one precomputed
   * argon2id hash for all) and sessions opened through the service's own session store, exactly as a login would.
   * Returns [accountId, token] pairs. Tests of login itself use {@link #newLoggedIn()}.
   */
  public java.util.List<String[]> seeded(int n) {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    var platform = app.main().services().platform();
    for (int i = 0; i < n; i++) {
      String[] c = uniqueContact();
      String id = app.query("insert into account (email, mobile, password_hash) values ($1, $2, $3) returning id",
        c[0], c[1], SEED_HASH).iterator().next().getUUID(0).toString();
      var issued = TestApp.await(platform.sessions().create(new org.ncrebm.platform.auth.SessionStore.NewSession(
        org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, id, null, null, null, c[0])));
      out.add(new String[]{id, platform.auth().token(issued, org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, id)});
    }
    return out;
  }
}
