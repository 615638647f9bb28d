package org.ncrebm.registration;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;
import org.ncrebm.support.TestPhotos;

import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Registration journey over the API: start, form, photo, subjects, submit, cancel, change center")
class RegistrationApiTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);
  private final Journey journey = new Journey(app);
  private long sid;
  private long plain;
  private long reviewing;
  private String token;
  private String email;

  @BeforeEach
  void setUp() {
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    plain = staff.createCenter(admin, sid, "11", "110001", false, false,
      new JsonObject().put("24", 100).put("28", 100).put("65", 100));
    reviewing = staff.createCenter(admin, sid, "11", "110002", true, true, new JsonObject().put("24", 100).put("28", 100));
    String[] me = candidates.newLoggedIn();
    token = me[1];
    email = me[2];
  }

  @Nested
  @DisplayName("starting")
  class Starting {
    @Test
    @DisplayName("creates a DRAFT with the agreement recorded and the ID number encrypted, digested and masked")
    void starts() {
      String idNumber = TestIds.resident().toLowerCase();
      ApiResponse r = journey.start(token, sid, plain, idNumber);
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      assertThat(r.json().getString("status")).isEqualTo("DRAFT");
      assertThat(r.json().getString("idNumber")).as("lower-case x normalized").isEqualTo(idNumber.toUpperCase());
      assertThat(r.json().getJsonObject("agreement").getString("version")).isEqualTo("2026-1");
      var row = app.query("select id_number_enc, id_digest, id_masked from registration").iterator().next();
      assertThat(new String(row.getBuffer("id_number_enc").getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(idNumber.toUpperCase().substring(6, 14));
      assertThat(row.getString("id_digest")).hasSize(64);
      assertThat(row.getString("id_masked")).isEqualTo(idNumber.toUpperCase().substring(0, 3) + "***********"
        + idNumber.toUpperCase().substring(14));
      assertThat(app.count("select count(*) from audit_log where action = 'registration.start'")).isEqualTo(1);
    }

    @Test
    @DisplayName("checks the resident ID at once: check digit, impossible date, format; nothing is written")
    void idChecks() {
      String valid = TestIds.resident();
      assertThat(journey.start(token, sid, plain, TestIds.wrongCheck(valid)).fieldErrors().getString("idNumber"))
        .contains("校验位");
      String feb30 = "11010520040230" + "123";
      assertThat(journey.start(token, sid, plain, feb30 + TestIds.check(feb30)).fieldErrors().getString("idNumber"))
        .contains("出生日期");
      assertThat(journey.start(token, sid, plain, "12345").status()).isEqualTo(400);
      ApiResponse noAgreement = app.post("/api/v1/registrations", new JsonObject().put("examSessionId", sid)
        .put("centerId", plain).put("agreementAccepted", false).put("idType", "RESIDENT_ID").put("idNumber", valid), token);
      assertThat(noAgreement.fieldErrors().fieldNames()).contains("agreementAccepted");
      assertThat(app.count("select count(*) from registration")).isZero();
    }

    @Test
    @DisplayName("one registration per account per exam session (409 ALREADY_REGISTERED), again after cancelling")
    void onePerSession() {
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      ApiResponse again = journey.start(token, sid, reviewing, TestIds.resident());
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.errorCode()).isEqualTo("ALREADY_REGISTERED");
      app.post("/api/v1/registrations/" + id + "/cancellation", new JsonObject(), token);
      assertThat(journey.start(token, sid, reviewing, TestIds.resident()).status()).isEqualTo(201);
    }

    @Test
    @DisplayName("only inside the province's window: WINDOW_CLOSED before it opens and after it closes")
    void window() {
      String admin = staff.adminToken();
      var now = app.clock.instant();
      staff.setWindow(admin, sid, "11", now.plusSeconds(60), now.plusSeconds(7200));
      assertThat(journey.start(token, sid, plain, TestIds.resident()).errorCode()).isEqualTo("WINDOW_CLOSED");
      app.clock.advance(Duration.ofSeconds(60));
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      app.clock.advance(Duration.ofSeconds(7140));
      String other = candidates.newLoggedIn()[1];
      assertThat(journey.start(other, sid, plain, TestIds.resident()).errorCode()).isEqualTo("WINDOW_CLOSED");
      assertThat(journey.subjects(other, id, "24").status()).isEqualTo(404);
    }
  }

  @Nested
  @DisplayName("the information form")
  class Form {
    @Test
    @DisplayName("saves a valid form; birth date and gender must agree with the ID number")
    void consistency() {
      String id = journey.startOk(token, sid, plain, TestIds.resident(LocalDate.of(2004, 3, 15), true));
      ApiResponse wrong = journey.profile(token, id, Journey.profile().put("gender", "F").put("birthDate", "2004-03-16"));
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.fieldErrors().fieldNames()).containsExactlyInAnyOrder("gender", "birthDate");
      assertThat(app.count("select count(*) from registration where name is not null")).isZero();
      ApiResponse ok = journey.profile(token, id, Journey.profile());
      assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
      assertThat(ok.json().getJsonObject("profile").getString("name")).isEqualTo("张三");
    }

    @Test
    @DisplayName("class is required only where the center says so; every bad field is named; nothing saved")
    void fields() {
      String id = journey.startOk(token, sid, reviewing, TestIds.resident());
      JsonObject bad = Journey.profile().put("className", "").put("postalCode", "12").put("phone", "123")
        .put("ethnicity", "火星族").put("name", "<script>");
      ApiResponse r = journey.profile(token, id, bad);
      assertThat(r.fieldErrors().fieldNames()).containsExactlyInAnyOrder("className", "postalCode", "phone",
        "ethnicity", "name");
      String other = candidates.newLoggedIn()[1];
      String plainId = journey.startOk(other, sid, plain, TestIds.resident());
      assertThat(journey.profile(other, plainId, Journey.profile().putNull("className")).status()).isEqualTo(200);
      assertThat(app.count("select count(*) from registration where name is not null")).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("the photo")
  class Photo {
    @Test
    @DisplayName("a good JPEG is re-encoded without its EXIF and served to its owner only")
    void good() {
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      ApiResponse r = journey.photo(token, id, TestPhotos.withExif(), "image/jpeg");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().getJsonObject("photo").getBoolean("present")).isTrue();
      var stored = TestApp.await(app.client().get("/api/v1/registrations/" + id + "/photo").bearerTokenAuthentication(token).send());
      assertThat(stored.getHeader("Content-Type")).isEqualTo("image/jpeg");
      assertThat(stored.getHeader("Cache-Control")).contains("no-store");
      assertThat(new String(stored.body().getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("GPS").doesNotContain("secret-camera-serial");
      String stranger = candidates.newLoggedIn()[1];
      assertThat(app.get("/api/v1/registrations/" + id + "/photo", stranger).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("is refused with the reason: PNG renamed, too small, too large, wrong ratio, corrupt, a bomb")
    void refusals() {
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      assertReason(journey.photo(token, id, TestPhotos.png(), "image/jpeg"), "JPEG");
      assertReason(journey.photo(token, id, TestPhotos.padded(TestPhotos.jpeg(120, 160, 0.9f), 30_000), "image/jpeg"), "144");
      assertReason(journey.photo(token, id, TestPhotos.jpeg(150, 200, 0.2f), "image/jpeg"), "20 KB");
      assertReason(journey.photo(token, id, java.util.Arrays.copyOf(TestPhotos.good(), 300_000), "image/jpeg"), "200 KB");
      assertReason(journey.photo(token, id, TestPhotos.padded(TestPhotos.jpeg(300, 300, 0.8f), 30_000), "image/jpeg"), "3:4");
      byte[] corrupt = TestPhotos.good();
      java.util.Arrays.fill(corrupt, 200, corrupt.length, (byte) 0x5A);
      assertReason(journey.photo(token, id, corrupt, "image/jpeg"), "损坏");
      assertReason(journey.photo(token, id, TestPhotos.bomb(0), "image/jpeg"), "像素过大");
      assertReason(journey.photo(token, id, TestPhotos.bomb(1024 * 1024), "image/jpeg"), "200 KB");
      assertThat(journey.photo(token, id, new byte[2 * 1024 * 1024], "image/jpeg").status()).isEqualTo(413);
      assertThat(journey.photo(token, id, TestPhotos.good(), "text/plain").status()).isEqualTo(415);
      assertThat(app.count("select count(*) from registration_photo")).isZero();
    }

    private void assertReason(ApiResponse r, String text) {
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.errorCode()).isEqualTo("PHOTO_REJECTED");
      assertThat(r.json().getJsonObject("error").getString("message")).contains(text);
    }
  }

  @Nested
  @DisplayName("subjects and submission")
  class Subjects {
    @Test
    @DisplayName("held subjects show their deadline; at most the center's limit; the fee is summed")
    void hold() {
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      ApiResponse r = journey.subjects(token, id, "24", "28");
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().getJsonArray("subjects").getJsonObject(0).getString("state")).isEqualTo("HELD");
      assertThat(r.json().getJsonArray("subjects").getJsonObject(0).getString("holdExpiresAt")).endsWith("+08:00");
      assertThat(r.json().getInteger("amountFen")).isEqualTo(18000);
      assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '24'", plain)).isEqualTo(1);
      // the answer is computed from the locked row, not read again: it must equal what a read shows
      assertThat(r.json()).isEqualTo(subjectsOf(app.get("/api/v1/registrations/" + id, token)));
      ApiResponse dropped = journey.subjects(token, id, "28");
      assertThat(dropped.json()).isEqualTo(subjectsOf(app.get("/api/v1/registrations/" + id, token)));
      assertThat(dropped.json().getJsonArray("subjects")).hasSize(1);
      assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '24'", plain)).isZero();
      ApiResponse none = journey.subjects(token, id);
      assertThat(none.json()).isEqualTo(subjectsOf(app.get("/api/v1/registrations/" + id, token)));
      assertThat(none.json().getJsonArray("subjects")).isEmpty();
      assertThat(journey.subjects(token, id, "24", "24").status()).isEqualTo(400);
      assertThat(journey.subjects(token, id, "99").status()).isEqualTo(400);
    }

    @Test
    @DisplayName("a script hammering the hold: the 21st attempt within a minute is 429 with Retry-After and changes nothing")
    void holdAttemptsLimited() {
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      for (int i = 0; i < 20; i++) {
        ApiResponse r = journey.subjects(token, id, i % 2 == 0 ? "24" : "28");
        assertThat(r.status()).as("attempt %d: %s", i + 1, r).isEqualTo(200);
      }
      ApiResponse limited = journey.subjects(token, id, "24");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.errorCode()).isEqualTo("RATE_LIMITED");
      assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");
      assertThat(app.count("select count(*) from registration_subject where registration_id = $1::uuid "
        + "and subject_code = '28'", id)).as("the refused change did nothing").isEqualTo(1);
      app.clock.advance(java.time.Duration.ofMinutes(1).plusSeconds(1));
      assertThat(journey.subjects(token, id, "24").status()).as("a new minute, a new allowance").isEqualTo(200);
    }

    @Test
    @DisplayName("the hold reads its header in the caller's slot: another's registration is 404 and leaves nothing"
      + " under the caller; a header lost in Redis reads back from Postgres")
    void headerInTheCallersSlot() {
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      String other = candidates.seeded(1).get(0)[1];
      ApiResponse theirs = journey.subjects(other, id, "24");
      assertThat(theirs.status()).as(theirs.toString()).isEqualTo(404);
      assertThat(app.count("select count(*) from registration_subject")).isZero();
      var keys = TestApp.await(app.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.KEYS)
        .arg("reghdr:*")));
      assertThat(keys).hasSize(1);
      assertThat(keys.get(0).toString()).as("cached under its owner only").contains(accountOf(token));
      TestApp.await(app.redis().send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL)
        .arg(keys.get(0).toString())));
      assertThat(journey.subjects(token, id, "24").status()).isEqualTo(200);
      assertThat(app.count("select count(*) from registration_subject where registration_id = $1::uuid", id)).isOne();
    }

    private String accountOf(String token) {
      return app.get("/api/v1/passport/me", token).json().getString("accountId");
    }

    /** The fields of a registration that the subjects answer carries (api.md). */
    private JsonObject subjectsOf(ApiResponse registration) {
      JsonObject r = registration.json();
      return new JsonObject().put("subjects", r.getValue("subjects")).put("holdExpiresAt", r.getValue("holdExpiresAt"))
        .put("amountFen", r.getValue("amountFen"));
    }

    @Test
    @DisplayName("submission needs form, photo and subjects; then PAYABLE where nobody reviews, locked for edits")
    void submitPlain() {
      String id = journey.startOk(token, sid, plain, TestIds.resident());
      ApiResponse missing = journey.submit(token, id);
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.fieldErrors().fieldNames()).containsExactlyInAnyOrder("profile", "photo", "subjects");
      journey.profile(token, id, Journey.profile());
      journey.photo(token, id, TestPhotos.good(), "image/jpeg");
      journey.subjects(token, id, "65");
      ApiResponse ok = journey.submit(token, id);
      assertThat(ok.json().getString("status")).isEqualTo("PAYABLE");
      assertThat(journey.profile(token, id, Journey.profile()).errorCode()).isEqualTo("INVALID_STATE");
      assertThat(journey.submit(token, id).errorCode()).isEqualTo("INVALID_STATE");
    }

    @Test
    @DisplayName("at a reviewing center submission is PENDING_REVIEW and everything is locked")
    void submitReviewing() {
      String id = journey.ready(token, sid, reviewing, "24");
      assertThat(journey.submit(token, id).json().getString("status")).isEqualTo("PENDING_REVIEW");
      assertThat(journey.photo(token, id, TestPhotos.good(), "image/jpeg").errorCode()).isEqualTo("INVALID_STATE");
      assertThat(journey.subjects(token, id, "28").errorCode()).isEqualTo("INVALID_STATE");
    }

    @Test
    @DisplayName("cancelling before payment gives every held seat back")
    void cancel() {
      String id = journey.ready(token, sid, plain, "24", "28");
      ApiResponse r = app.post("/api/v1/registrations/" + id + "/cancellation", new JsonObject(), token);
      assertThat(r.json().getString("status")).isEqualTo("CANCELLED");
      assertThat(app.count("select coalesce(sum(taken), 0) from center_capacity")).isZero();
      assertThat(app.post("/api/v1/registrations/" + id + "/cancellation", new JsonObject(), token).errorCode())
        .isEqualTo("INVALID_STATE");
    }

    @Test
    @DisplayName("changing center moves the seats in one step and returns to DRAFT; a full new center changes nothing")
    void changeCenter() {
      String id = journey.ready(token, sid, plain, "24", "28");
      ApiResponse moved = app.post("/api/v1/registrations/" + id + "/center-change", new JsonObject()
        .put("centerId", reviewing), token);
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
      assertThat(moved.json().getLong("centerId")).isEqualTo(reviewing);
      assertThat(moved.json().getString("status")).isEqualTo("DRAFT");
      assertThat(app.count("select coalesce(sum(taken), 0) from center_capacity where center_id = $1", plain)).isZero();
      assertThat(app.count("select coalesce(sum(taken), 0) from center_capacity where center_id = $1", reviewing)).isEqualTo(2);
      app.query("update center_capacity set capacity = taken where center_id = $1", plain);
      ApiResponse full = app.post("/api/v1/registrations/" + id + "/center-change", new JsonObject()
        .put("centerId", plain), token);
      assertThat(full.errorCode()).isEqualTo("SEAT_SOLD_OUT");
      assertThat(app.count("select count(*) from registration_subject where center_id = $1", reviewing)).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("another candidate's registration is 404 on every route")
  void notYours() {
    String id = journey.ready(token, sid, plain, "24");
    String stranger = candidates.newLoggedIn()[1];
    assertThat(app.get("/api/v1/registrations/" + id, stranger).status()).isEqualTo(404);
    assertThat(journey.profile(stranger, id, Journey.profile()).status()).isEqualTo(404);
    assertThat(journey.photo(stranger, id, TestPhotos.good(), "image/jpeg").status()).isEqualTo(404);
    assertThat(journey.subjects(stranger, id, "28").status()).isEqualTo(404);
    assertThat(journey.submit(stranger, id).status()).isEqualTo(404);
    assertThat(app.post("/api/v1/registrations/" + id + "/cancellation", new JsonObject(), stranger).status()).isEqualTo(404);
    assertThat(app.get("/api/v1/registrations/not-a-uuid", stranger).status()).isEqualTo(404);
    assertThat(app.get("/api/v1/registrations/" + id, null).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("a draft's seats go back when its hold runs out (the expiry job, with the clock moved on)")
  void draftHoldExpires() {
    String id = journey.ready(token, sid, plain, "24");
    app.clock.advance(Duration.ofMinutes(31));
    int expired = TestApp.await(app.main().services().holdExpiry().runOnce(100));
    assertThat(expired).isEqualTo(1);
    assertThat(app.count("select count(*) from registration_subject")).isZero();
    assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '24'", plain)).isZero();
    String again = candidates.login(email, Candidates.PASSWORD).json().getString("token");
    assertThat(app.get("/api/v1/registrations/" + id, again).json().getString("status")).isEqualTo("DRAFT");
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(100))).isZero();
  }
}
