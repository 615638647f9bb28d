package org.ncrebm.review;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Polling;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestPhotos;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Review outcomes reach the candidate by e-mail and SMS in the account's language, whatever the reviewer's")
class ReviewLanguageTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);
  private final Journey journey = new Journey(app);
  private long sid;
  private long center;
  private String reviewer;

  @BeforeEach
  void setUp() {
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "S");
    staff.openWindow(admin, sid, "11");
    center = staff.createCenter(admin, sid, "11", "110001", true, false, new JsonObject().put("24", 10));
    staff.createStaff(admin, "staff1", "CENTER_STAFF", null, center);
    reviewer = staff.login("staff1", Staff.PASSWORD);
  }

  /** [accountId, token, email, mobile] of a candidate whose account speaks {@code lang}. */
  private String[] candidate(String lang) {
    String[] c = candidates.newLoggedIn();
    ApiResponse r = app.send(app.request(HttpMethod.PATCH, "/api/v1/passport/me").bearerTokenAuthentication(c[1]),
      new JsonObject().put("lang", lang));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return c;
  }

  private String pending(String token) {
    String id = journey.ready(token, sid, center, "24");
    assertThat(journey.submit(token, id).json().getString("status")).isEqualTo("PENDING_REVIEW");
    return id;
  }

  /** The reviewer's own page language is the opposite of the candidate's, to show it plays no part. */
  private void decide(String id, String decision, String reason, String reviewerLang) {
    JsonObject body = new JsonObject().put("decision", decision);
    if (reason != null) body.put("reason", reason);
    ApiResponse r = app.send(app.request(HttpMethod.POST, "/api/v1/staff/registrations/" + id + "/review")
      .bearerTokenAuthentication(reviewer).putHeader("Accept-Language", reviewerLang), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  @Test
  @DisplayName("an English candidate: rejection and approval e-mails (subject decoded from the real SMTP message) and short SMS in English")
  void english() {
    String[] c = candidate("en");
    String id = pending(c[1]);
    decide(id, "REJECT", "照片背景不是白色", "zh-CN");
    JsonObject rejected = awaitMessage(c[2], "NCRE registration not approved: please correct and resubmit");
    assertThat(rejected.getString("body")).startsWith("Hello,").contains("Reason: 照片背景不是白色",
      "submit it for review again").doesNotContain("您好");
    String sms = awaitBody(c[3], "[NCRE] Your registration was not approved.");
    assertThat(sms).doesNotContain("【");
    assertThat(sms.length()).as("an SMS stays short").isLessThan(140);

    assertThat(journey.photo(c[1], id, TestPhotos.jpeg(300, 400, 0.9f), "image/jpeg").status()).isEqualTo(200);
    assertThat(journey.submit(c[1], id).json().getString("status")).isEqualTo("PENDING_REVIEW");
    decide(id, "APPROVE", null, "zh-CN");
    assertThat(awaitMessage(c[2], "NCRE registration approved: please pay").getString("body"))
      .contains("Please log in and pay before");
    assertThat(awaitBody(c[3], "[NCRE] Your registration was approved.")).contains("pay before");
  }

  @Test
  @DisplayName("a Chinese candidate (the default) gets Chinese, even from a reviewer whose pages are in English")
  void chinese() {
    String[] c = candidates.newLoggedIn();
    String id = pending(c[1]);
    decide(id, "APPROVE", null, "en");
    JsonObject mail = awaitMessage(c[2], "【NCRE 报名】报名信息审核通过，请及时缴费");
    assertThat(mail.getString("body")).startsWith("您好！").contains("审核通过").doesNotContain("Hello");
    assertThat(awaitBody(c[3], "【NCRE报名】您的报名已审核通过")).contains("缴费");
  }

  /** The newest message to {@code to} with this subject, waiting for the outbox job. */
  private JsonObject awaitMessage(String to, String subject) {
    for (int i = 0; i < 200; i++) {
      JsonArray messages = outbox(to);
      for (int m = 0; m < messages.size(); m++) {
        JsonObject message = messages.getJsonObject(m);
        if (subject.equals(message.getString("subject"))) return message;
      }
      Polling.pause(50);
    }
    throw new AssertionError("no message '" + subject + "' arrived for " + to + ": " + outbox(to).encodePrettily());
  }

  private String awaitBody(String to, String start) {
    for (int i = 0; i < 200; i++) {
      JsonArray messages = outbox(to);
      for (int m = 0; m < messages.size(); m++) {
        String body = messages.getJsonObject(m).getString("body");
        if (body.startsWith(start)) return body;
      }
      Polling.pause(50);
    }
    throw new AssertionError("no message starting '" + start + "' arrived for " + to + ": " + outbox(to).encodePrettily());
  }

  private JsonArray outbox(String to) {
    return app.get("/dev/outbox?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null).json()
      .getJsonArray("messages");
  }
}
