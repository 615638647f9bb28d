package org.ncrebm.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.StaffWeb;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestPhotos;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Review: the center's queue, approve, reject with a reason, correct and resubmit, seats held throughout")
class ReviewApiTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);
  private final Journey journey = new Journey(app);
  private long sid;
  private long center;
  private long otherCenter;
  private String reviewer;
  private String[] candidate;

  @BeforeEach
  void setUp() {
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "S");
    staff.openWindow(admin, sid, "11");
    center = staff.createCenter(admin, sid, "11", "110001", true, false, new JsonObject().put("24", 10).put("28", 10));
    otherCenter = staff.createCenter(admin, sid, "11", "110002", true, false, new JsonObject().put("24", 10));
    staff.createStaff(admin, "staff1", "CENTER_STAFF", null, center);
    staff.createStaff(admin, "staff2", "CENTER_STAFF", null, otherCenter);
    reviewer = staff.login("staff1", Staff.PASSWORD);
    candidate = candidates.newLoggedIn();
  }

  private String pending() {
    String id = journey.ready(candidate[1], sid, center, "24");
    assertThat(journey.submit(candidate[1], id).json().getString("status")).isEqualTo("PENDING_REVIEW");
    return id;
  }

  private ApiResponse decide(String token, String id, String decision, String reason) {
    JsonObject body = new JsonObject().put("decision", decision);
    if (reason != null) body.put("reason", reason);
    return app.post("/api/v1/staff/registrations/" + id + "/review", body, token);
  }

  @Test
  @DisplayName("the queue lists the center's registrations by status with masked ID numbers; search by name or last digits")
  void queue() {
    String id = pending();
    ApiResponse q = app.get("/api/v1/staff/centers/" + center + "/registrations?status=PENDING_REVIEW", reviewer);
    assertThat(q.status()).as(q.toString()).isEqualTo(200);
    JsonObject item = q.json().getJsonArray("items").getJsonObject(0);
    assertThat(item.getString("id")).isEqualTo(id);
    assertThat(item.getString("idNumber")).contains("***********");
    assertThat(item.getJsonArray("subjects")).containsExactly("24");
    String full = app.get("/api/v1/registrations/" + id, candidate[1]).json().getString("idNumber");
    assertThat(app.get("/api/v1/staff/centers/" + center + "/registrations?q=" + full.substring(14), reviewer)
      .json().getLong("total")).isEqualTo(1);
    String zhang = java.net.URLEncoder.encode("张", java.nio.charset.StandardCharsets.UTF_8);
    String li = java.net.URLEncoder.encode("李", java.nio.charset.StandardCharsets.UTF_8);
    assertThat(app.get("/api/v1/staff/centers/" + center + "/registrations?q=" + zhang, reviewer).json().getLong("total"))
      .isEqualTo(1);
    assertThat(app.get("/api/v1/staff/centers/" + center + "/registrations?q=" + li, reviewer).json().getLong("total"))
      .isZero();
    assertThat(app.get("/api/v1/staff/centers/" + center + "/registrations?status=NOPE", reviewer).status()).isEqualTo(400);
    var detail = app.get("/api/v1/staff/registrations/" + id, reviewer);
    assertThat(detail.json().containsKey("idNumber")).as("staff never see the full number").isFalse();
    var photo = TestApp.await(app.client().get("/api/v1/staff/registrations/" + id + "/photo")
      .bearerTokenAuthentication(reviewer).send());
    assertThat(photo.getHeader("Content-Type")).isEqualTo("image/jpeg");
  }

  @Test
  @DisplayName("staff of another center get 403 on the queue, the registration, its photo and the decision")
  void otherCenterForbidden() {
    String id = pending();
    String other = staff.login("staff2", Staff.PASSWORD);
    assertThat(app.get("/api/v1/staff/centers/" + center + "/registrations", other).status()).isEqualTo(403);
    assertThat(app.get("/api/v1/staff/registrations/" + id, other).status()).isEqualTo(403);
    assertThat(app.get("/api/v1/staff/registrations/" + id + "/photo", other).status()).isEqualTo(403);
    assertThat(decide(other, id, "APPROVE", null).status()).isEqualTo(403);
    assertThat(app.get("/api/v1/registrations/" + id, candidate[1]).json().getString("status")).isEqualTo("PENDING_REVIEW");
    assertThat(app.get("/api/v1/staff/registrations/00000000-0000-0000-0000-000000000000", other).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("reject with a reason, the candidate corrects the photo and resubmits, then approval makes it PAYABLE")
  void fullLoop() {
    String id = pending();
    assertThat(decide(reviewer, id, "REJECT", null).fieldErrors().fieldNames()).containsExactly("reason");
    ApiResponse rejected = decide(reviewer, id, "REJECT", "照片背景不是白色");
    assertThat(rejected.json().getString("status")).isEqualTo("REJECTED");
    JsonObject mine = app.get("/api/v1/registrations/" + id, candidate[1]).json();
    assertThat(mine.getString("status")).isEqualTo("REJECTED");
    assertThat(mine.getString("reviewReason")).isEqualTo("照片背景不是白色");
    assertThat(mine.getJsonArray("subjects").getJsonObject(0).getString("state")).as("seat still held").isEqualTo("HELD");
    assertThat(candidates.awaitMessage(candidate[2], "照片背景不是白色")).contains("重新提交");
    assertThat(candidates.awaitMessage(candidate[3], "未通过审核")).startsWith("【NCRE报名】");

    assertThat(decide(reviewer, id, "APPROVE", null).errorCode()).as("not pending any more").isEqualTo("INVALID_STATE");
    assertThat(journey.photo(candidate[1], id, TestPhotos.jpeg(300, 400, 0.9f), "image/jpeg").status()).isEqualTo(200);
    assertThat(journey.submit(candidate[1], id).json().getString("status")).isEqualTo("PENDING_REVIEW");
    ApiResponse approved = decide(reviewer, id, "APPROVE", null);
    assertThat(approved.json().getString("status")).isEqualTo("PAYABLE");
    assertThat(journey.profile(candidate[1], id, Journey.profile()).errorCode()).as("approved is locked").isEqualTo("INVALID_STATE");
    JsonArray history = app.get("/api/v1/staff/registrations/" + id, reviewer).json().getJsonArray("history");
    assertThat(history).hasSize(2);
    assertThat(history.getJsonObject(0).getString("decision")).isEqualTo("REJECT");
    assertThat(app.count("select count(*) from audit_log where action in ('review.reject', 'review.approve')")).isEqualTo(2);
  }

  @Test
  @DisplayName("a rejected registration keeps its seats for the grace period, then they are released")
  void graceExpiry() {
    String id = pending();
    decide(reviewer, id, "REJECT", "姓名有误");
    app.clock.advance(Duration.ofHours(47));
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(100))).isZero();
    assertThat(app.count("select count(*) from registration_subject where registration_id = $1::uuid", id)).isEqualTo(1);
    app.clock.advance(Duration.ofHours(2));
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(100))).isEqualTo(1);
    assertThat(app.count("select count(*) from registration_subject where registration_id = $1::uuid", id)).isZero();
    assertThat(app.count("select count(*) from registration where id = $1::uuid and status = 'REJECTED'", id)).isEqualTo(1);
  }

  @Test
  @DisplayName("seats are held through review; an unpaid approval expires after 48 hours and ends the registration")
  void approvedThenExpired() {
    String id = pending();
    app.clock.advance(Duration.ofDays(3));
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(100))).isZero();
    String again = staff.login("staff1", Staff.PASSWORD);
    decide(again, id, "APPROVE", null);
    app.clock.advance(Duration.ofHours(48).plusMinutes(1));
    assertThat(TestApp.await(app.main().services().holdExpiry().runOnce(100))).isEqualTo(1);
    assertThat(app.count("select count(*) from registration where id = $1::uuid and status = 'EXPIRED'", id)).isEqualTo(1);
    assertThat(app.count("select taken from center_capacity where center_id = $1 and subject_code = '24'", center)).isZero();
  }

  @Test
  @DisplayName("bulk approval approves the listed pending registrations of the center only")
  void bulk() {
    String first = pending();
    String[] other = candidates.newLoggedIn();
    String second = journey.ready(other[1], sid, center, "28");
    journey.submit(other[1], second);
    String[] draftOwner = candidates.newLoggedIn();
    String draft = journey.ready(draftOwner[1], sid, center, "28");
    ApiResponse r = app.post("/api/v1/staff/centers/" + center + "/registrations/approval",
      new JsonObject().put("ids", new JsonArray().add(first).add(second).add(draft)), reviewer);
    assertThat(r.json().getInteger("approved")).isEqualTo(2);
    assertThat(app.count("select count(*) from registration where status = 'PAYABLE'")).isEqualTo(2);
    assertThat(app.count("select count(*) from registration where status = 'DRAFT'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a center keeps its own rejection reasons: offered to its reviewers instead of the built-in ones, audited,"
    + " limited, and out of reach of other centers' staff")
  void reasonTemplates() {
    String base = "/api/v1/staff/centers/" + center + "/reason-templates";
    ApiResponse none = app.get(base, reviewer);
    assertThat(none.status()).as(none.toString()).isEqualTo(200);
    assertThat(none.json().getJsonArray("templates")).isEmpty();
    assertThat(none.json().getJsonArray("builtIn")).hasSize(6);
    StaffWeb web = StaffWeb.login(app, "staff1", Staff.PASSWORD);
    String id = pending();
    assertThat(web.get("/staff/registrations/" + id).bodyAsString()).as("built-in reasons while the center has none")
      .contains("姓名与证件不一致");

    ApiResponse added = app.post(base, new JsonObject().put("text", "  准考证照片背景须为白色  "), reviewer);
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    assertThat(added.json().getString("text")).isEqualTo("准考证照片背景须为白色");
    long templateId = added.json().getLong("id");
    assertThat(app.post(base, new JsonObject().put("text", "准考证照片背景须为白色"), reviewer).errorCode())
      .isEqualTo("VALIDATION_FAILED");
    for (JsonObject bad : new JsonObject[]{new JsonObject(), new JsonObject().put("text", "   "),
      new JsonObject().put("text", 5), new JsonObject().put("text", "长".repeat(201))}) {
      ApiResponse r = app.post(base, bad, reviewer);
      assertThat(r.status()).as(bad.encode()).isEqualTo(400);
      assertThat(r.json().getJsonObject("error").getJsonObject("fields").containsKey("text")).isTrue();
    }
    assertThat(app.count("select count(*) from review_reason_template")).isEqualTo(1);
    String page = web.get("/staff/registrations/" + id).bodyAsString();
    assertThat(page).as("the center's own reasons replace the built-in ones").contains("准考证照片背景须为白色")
      .doesNotContain("姓名与证件不一致");

    String admin = staff.adminToken();
    long nextSession = staff.createSession(admin, "S2");
    long sameCenterNextSession = staff.createCenter(admin, nextSession, "11", "110001", true, false,
      new JsonObject().put("24", 5));
    assertThat(app.get("/api/v1/staff/centers/" + sameCenterNextSession + "/reason-templates", reviewer).json()
      .getJsonArray("templates")).as("the center's reasons carry over to the next exam session").hasSize(1);

    String other = staff.login("staff2", Staff.PASSWORD);
    assertThat(app.get(base, other).status()).isEqualTo(403);
    assertThat(app.post(base, new JsonObject().put("text", "x"), other).status()).isEqualTo(403);
    assertThat(app.delete(base + "/" + templateId, other).status()).isEqualTo(403);
    assertThat(app.get(base, candidate[1]).status()).isEqualTo(401);
    assertThat(app.delete("/api/v1/staff/centers/" + otherCenter + "/reason-templates/" + templateId,
      staff.login("staff2", Staff.PASSWORD)).status()).as("another center's template id is unknown there").isEqualTo(404);

    for (int i = 2; i <= ReasonTemplates.MAX_PER_CENTER; i++) {
      assertThat(app.post(base, new JsonObject().put("text", "原因 " + i), reviewer).status()).isEqualTo(201);
    }
    ApiResponse full = app.post(base, new JsonObject().put("text", "one too many"), reviewer);
    assertThat(full.status()).isEqualTo(400);
    assertThat(full.json().getJsonObject("error").getJsonObject("fields").getString("text")).contains("30");

    assertThat(app.delete(base + "/" + templateId, reviewer).status()).isEqualTo(204);
    assertThat(app.delete(base + "/" + templateId, reviewer).status()).isEqualTo(404);
    assertThat(app.count("select count(*) from review_reason_template")).isEqualTo(ReasonTemplates.MAX_PER_CENTER - 1);
    assertThat(app.count("select count(*) from audit_log where action = 'review.reasonTemplateAdded'"))
      .isEqualTo(ReasonTemplates.MAX_PER_CENTER);
    assertThat(app.count("select count(*) from audit_log where action = 'review.reasonTemplateRemoved'")).isEqualTo(1);
  }

  @Test
  @DisplayName("the reasons page adds and deletes with CSRF and shows field errors with what was typed")
  void reasonTemplatePages() {
    StaffWeb web = StaffWeb.login(app, "staff1", Staff.PASSWORD);
    String path = "/staff/centers/" + center + "/reason-templates";
    assertThat(web.get(path).bodyAsString()).contains("驳回理由模板").contains("id=\"no-templates\"");
    var blank = web.post(path, io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("text", "  "));
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(blank.bodyAsString()).contains("id=\"e-text\"");
    var saved = web.post(path, io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("text", "请上传本人近照"));
    assertThat(saved.statusCode()).isEqualTo(303);
    assertThat(web.get(path).bodyAsString()).contains("请上传本人近照");
    var again = web.post(path, io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("text", "请上传本人近照"));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.bodyAsString()).contains("本考点已有相同的常用原因").contains("value=\"请上传本人近照\"");
    assertThat(web.postWithoutToken(path, io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("text", "x")).statusCode())
      .isEqualTo(403);
    long id = app.count("select id from review_reason_template");
    assertThat(web.post(path + "/" + id + "/delete", io.vertx.core.MultiMap.caseInsensitiveMultiMap()).statusCode())
      .isEqualTo(303);
    assertThat(app.count("select count(*) from review_reason_template")).isZero();
    StaffWeb outsider = StaffWeb.login(app, "staff2", Staff.PASSWORD);
    assertThat(outsider.get(path).statusCode()).isEqualTo(403);
  }
}
