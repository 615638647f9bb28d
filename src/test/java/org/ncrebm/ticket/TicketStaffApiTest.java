package org.ncrebm.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Staff;
import org.ncrebm.support.StaffWeb;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.ncrebm.support.TestApp;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Staff ticket routes: scope by role, bad input refused field by field, the window rule, plan changes")
class TicketStaffApiTest {
  @RegisterExtension
  static final TestApp app = TicketFlowFixture.app();
  private final TicketFlowFixture fx = new TicketFlowFixture(app);
  private final Staff staff = new Staff(app);
  private long otherCenter;

  @BeforeEach
  void setUp() {
    fx.setUp();
    otherCenter = staff.createCenter(fx.admin, fx.sid, "11", "110002", false, false, new JsonObject().put("24", 5));
    staff.createStaff(fx.admin, "own", "CENTER_STAFF", null, fx.center);
    staff.createStaff(fx.admin, "other", "CENTER_STAFF", null, otherCenter);
    staff.createStaff(fx.admin, "bj-admin", "PROVINCE_ADMIN", "11", null);
    staff.createStaff(fx.admin, "sh-admin", "PROVINCE_ADMIN", "31", null);
  }

  private ApiResponse putPlan(JsonObject plan, String token) {
    return app.put(fx.base() + "/ticket-plan", plan, token);
  }

  @Test
  @DisplayName("center staff set their own center's plan, province admins their province's, nobody else's")
  void scope() {
    assertThat(putPlan(TicketFlowFixture.plan(), staff.login("own", Staff.PASSWORD)).status()).isEqualTo(200);
    assertThat(putPlan(TicketFlowFixture.plan(), staff.login("bj-admin", Staff.PASSWORD)).status()).isEqualTo(200);
    assertThat(putPlan(TicketFlowFixture.plan(), staff.login("other", Staff.PASSWORD)).status()).isEqualTo(403);
    assertThat(putPlan(TicketFlowFixture.plan(), staff.login("sh-admin", Staff.PASSWORD)).status()).isEqualTo(403);
    assertThat(putPlan(TicketFlowFixture.plan(), null).status()).isEqualTo(401);
    assertThat(app.get(fx.base() + "/ticket-plan", staff.login("other", Staff.PASSWORD)).status()).isEqualTo(403);
    assertThat(app.get(fx.base() + "/ticket-plan", fx.admin).json().getJsonArray("rooms")).hasSize(3);
    assertThat(app.put("/api/v1/staff/exam-sessions/" + (fx.sid + 1) + "/centers/" + fx.center + "/ticket-plan",
      TicketFlowFixture.plan(), fx.admin).status()).as("center of another session").isEqualTo(404);
    assertThat(app.count("select count(*) from audit_log where action = 'ticket.plan'")).isEqualTo(2);
    fx.closeWindow();
    String other = staff.login("other", Staff.PASSWORD);
    assertThat(app.post(fx.base() + "/arrangement", new JsonObject(), other).status()).isEqualTo(403);
    assertThat(app.post("/api/v1/staff/exam-sessions/" + fx.sid + "/provinces/11/arrangement", new JsonObject(),
      staff.login("sh-admin", Staff.PASSWORD)).status()).isEqualTo(403);
    ApiResponse province = app.post("/api/v1/staff/exam-sessions/" + fx.sid + "/provinces/11/arrangement",
      new JsonObject(), staff.login("bj-admin", Staff.PASSWORD));
    assertThat(province.status()).as(province.toString()).isEqualTo(202);
    assertThat(province.json().getInteger("centers")).isEqualTo(2);
    assertThat(fx.awaitRunEnded(0).getString("status")).as("the center with a plan was arranged").isEqualTo("DONE");
  }

  @Test
  @DisplayName("a malformed plan is 400 with the field at fault, and nothing is stored")
  void badPlans() {
    JsonObject good = TicketFlowFixture.plan();
    assertThat(putPlan(good.copy().put("centerNo", "1"), fx.admin).fieldErrors().fieldNames()).contains("centerNo");
    assertThat(putPlan(good.copy().put("rooms", new JsonArray()), fx.admin).fieldErrors().fieldNames()).contains("rooms");
    assertThat(putPlan(good.copy().put("rooms", new JsonArray().add(TicketFlowFixture.room(1, 100, ""))), fx.admin)
      .fieldErrors().fieldNames()).contains("rooms");
    assertThat(putPlan(good.copy().put("rooms", new JsonArray().add(TicketFlowFixture.room(1, 5, ""))
      .add(TicketFlowFixture.room(1, 6, ""))), fx.admin).fieldErrors().fieldNames()).as("room twice").contains("rooms");
    Instant t = Instant.parse("2026-12-19T01:00:00Z");
    assertThat(putPlan(good.copy().put("slots", new JsonArray().add(TicketFlowFixture.slot(1, t, t, "24"))), fx.admin)
      .fieldErrors().fieldNames()).as("ends when it starts").contains("slots");
    assertThat(putPlan(good.copy().put("slots", new JsonArray().add(TicketFlowFixture.slot(1, t, t.plusSeconds(60),
      "99"))), fx.admin).fieldErrors().fieldNames()).as("subject not in the session").contains("slots");
    assertThat(putPlan(good.copy().put("slots", "x"), fx.admin).status()).isEqualTo(400);
    assertThat(app.put(fx.base() + "/ticket-plan", null, fx.admin).status()).isIn(400, 415);
    assertThat(app.count("select count(*) from ticket_center")).isZero();
    assertThat(app.get(fx.base() + "/ticket-plan", fx.admin).status()).isEqualTo(404);
    assertThat(putPlan(good, fx.admin).status()).isEqualTo(200);
    ApiResponse taken = app.put("/api/v1/staff/exam-sessions/" + fx.sid + "/centers/" + otherCenter + "/ticket-plan",
      good, fx.admin);
    assertThat(taken.fieldErrors().fieldNames()).as("center number used in the province").contains("centerNo");
  }

  @Test
  @DisplayName("arrangement waits for the window to close (409 INVALID_STATE) and for a plan; unknown centers are 404")
  void windowAndPlanRules() {
    ApiResponse open = app.post(fx.base() + "/arrangement", new JsonObject(), fx.admin);
    assertThat(open.status()).isEqualTo(409);
    assertThat(open.errorCode()).isEqualTo("INVALID_STATE");
    assertThat(open.json().getJsonObject("error").getString("message")).contains("报名结束");
    fx.closeWindow();
    ApiResponse noPlan = app.post(fx.base() + "/arrangement", new JsonObject(), fx.admin);
    assertThat(noPlan.errorCode()).isEqualTo("INVALID_STATE");
    assertThat(app.post("/api/v1/staff/exam-sessions/" + fx.sid + "/centers/999999/arrangement", new JsonObject(),
      fx.admin).status()).isEqualTo(404);
    assertThat(app.get(fx.base() + "/arrangement", fx.admin).status()).as("no run yet").isEqualTo(404);
    assertThat(app.post("/api/v1/staff/exam-sessions/" + fx.sid + "/provinces/xx/arrangement", new JsonObject(),
      fx.admin).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("the scan page: staff only, CSRF-protected, a bad session number is a form error, a bad token INVALID")
  void scanPage() {
    assertThat(StaffWeb.anonymous(app).get("/staff/tickets/scan").statusCode()).isIn(302, 303, 401);
    StaffWeb web = StaffWeb.login(app, "own", Staff.PASSWORD);
    assertThat(web.get("/staff/tickets/scan").statusCode()).isEqualTo(200);
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("token", "abc").add("examSessionId", "x1");
    assertThat(web.postWithoutToken("/staff/tickets/scan", form).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> bad = web.post("/staff/tickets/scan", form);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("考试批次编号");
    HttpResponse<Buffer> invalid = web.post("/staff/tickets/scan", MultiMap.caseInsensitiveMultiMap()
      .add("token", "abc.def.ghi").add("examSessionId", Long.toString(fx.sid)));
    assertThat(invalid.statusCode()).isEqualTo(200);
    assertThat(invalid.bodyAsString()).contains("id=\"scan-status\">无效");
  }

  @Test
  @DisplayName("once tickets are numbered, a plan may grow but not lose a room in use, shrink it or renumber the center")
  void planChangesAfterArrangement() {
    assertThat(putPlan(TicketFlowFixture.plan(), fx.admin).status()).isEqualTo(200);
    fx.bulkPaid(6, Instant.parse("2026-11-01T08:00:00Z"), "24");
    fx.closeWindow();
    assertThat(fx.arrange().getString("status")).isEqualTo("DONE");
    JsonObject plan = TicketFlowFixture.plan();
    assertThat(putPlan(plan.copy().put("centerNo", "002"), fx.admin).errorCode()).isEqualTo("INVALID_STATE");
    JsonObject shrunk = plan.copy();
    shrunk.getJsonArray("rooms").set(0, TicketFlowFixture.room(1, 2, ""));
    assertThat(putPlan(shrunk, fx.admin).errorCode()).isEqualTo("INVALID_STATE");
    JsonObject dropped = plan.copy();
    dropped.getJsonArray("rooms").remove(0);
    assertThat(putPlan(dropped, fx.admin).errorCode()).isEqualTo("INVALID_STATE");
    assertThat(app.get(fx.base() + "/ticket-plan", fx.admin).json()).isEqualTo(
      TestApp.await(new TicketRepository().plan(app.db(), fx.center)).toJson());
    JsonObject grown = plan.copy();
    grown.getJsonArray("rooms").add(TicketFlowFixture.room(4, 30, "新楼"));
    assertThat(putPlan(grown, fx.admin).status()).isEqualTo(200);
    assertThat(app.count("select count(*) from ticket where voided_at is null")).isEqualTo(6);
  }
}
