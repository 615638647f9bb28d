package org.ncrebm.ticket;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Staff;
import org.ncrebm.support.StaffWeb;
import org.ncrebm.support.TestApp;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Staff ticket page: the plan shown and edited as text lines, arrangement started from the page, scoped")
class TicketStaffPagesTest {
  @RegisterExtension
  static final TestApp app = TicketFlowFixture.app();
  private final TicketFlowFixture fx = new TicketFlowFixture(app);
  private final Staff staff = new Staff(app);
  private long otherCenter;

  private static final String ROOMS = "1,5,信息楼 101\n2,4,信息楼 102\n3,3,\n";
  private static final String SLOTS = "1,2026-12-19T09:00+08:00,2026-12-19T11:00+08:00,24\n"
    + "2,2026-12-19T14:00+08:00,2026-12-19T16:00+08:00,24 65\n";

  @BeforeEach
  void setUp() {
    fx.setUp();
    otherCenter = staff.createCenter(fx.admin, fx.sid, "11", "110002", false, false, new JsonObject().put("24", 5));
    staff.createStaff(fx.admin, "own", "CENTER_STAFF", null, fx.center);
    staff.createStaff(fx.admin, "other", "CENTER_STAFF", null, otherCenter);
    staff.createStaff(fx.admin, "sh-admin", "PROVINCE_ADMIN", "31", null);
  }

  private String page() {
    return "/staff/exam-sessions/" + fx.sid + "/centers/" + fx.center + "/tickets";
  }

  private static MultiMap plan(String centerNo, String rooms, String slots) {
    return MultiMap.caseInsensitiveMultiMap().add("centerNo", centerNo).add("rooms", rooms).add("slots", slots);
  }

  @Test
  @DisplayName("no plan yet, then a plan typed as lines is saved exactly as the API's PUT would, and shown")
  void savePlan() {
    StaffWeb web = StaffWeb.login(app, "own", Staff.PASSWORD);
    HttpResponse<Buffer> empty = web.get(page());
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.bodyAsString()).contains("id=\"no-plan\"").contains("id=\"no-run\"");
    HttpResponse<Buffer> saved = web.post(page() + "/plan", plan("001", ROOMS, SLOTS));
    assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(303);
    assertThat(saved.getHeader("Location")).isEqualTo(page() + "?saved=1");
    ApiResponse api = app.get(fx.base() + "/ticket-plan", fx.admin);
    assertThat(api.status()).isEqualTo(200);
    JsonObject expected = TicketFlowFixture.plan();
    assertThat(api.json()).isEqualTo(TestApp.await(new TicketRepository().plan(app.db(), fx.center)).toJson());
    assertThat(api.json().getString("centerNo")).isEqualTo("001");
    assertThat(api.json().getJsonArray("rooms")).isEqualTo(expected.getJsonArray("rooms"));
    assertThat(api.json().getJsonArray("slots").getJsonObject(1).getJsonArray("subjects").getList())
      .containsExactly("24", "65");
    assertThat(java.time.OffsetDateTime.parse(api.json().getJsonArray("slots").getJsonObject(0).getString("startsAt")).toInstant())
      .isEqualTo(Instant.parse("2026-12-19T01:00:00Z"));
    String shown = web.get(page() + "?saved=1").bodyAsString();
    assertThat(shown).contains("考场与场次已保存").contains("id=\"plan-centerNo\">001<").contains("信息楼 102")
      .contains("2026-12-19 14:00").contains("24 65")
      .as("the form is filled with the plan").contains("2,2026-12-19T14:00+08:00,2026-12-19T16:00+08:00,24 65");
    assertThat(app.count("select count(*) from audit_log where action = 'ticket.plan'")).isEqualTo(1);
  }

  @Test
  @DisplayName("a bad line is 400 naming the line and keeping the input; a service error too; no CSRF is 403")
  void badPlan() {
    StaffWeb web = StaffWeb.login(app, "own", Staff.PASSWORD);
    String badSlots = SLOTS + "3,2026-12-19T18:00+08:00,2026-12-19T17:00+08:00,24\n";
    HttpResponse<Buffer> bad = web.post(page() + "/plan", plan("001", ROOMS, badSlots));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("id=\"e-slots\"").contains("第 3 行有误")
      .as("keeps what was typed").contains("3,2026-12-19T18:00+08:00,2026-12-19T17:00+08:00,24").contains("信息楼 101");
    HttpResponse<Buffer> room = web.post(page() + "/plan", plan("001", "1,5,a\nx,5,b\n", SLOTS));
    assertThat(room.statusCode()).isEqualTo(400);
    assertThat(room.bodyAsString()).contains("id=\"e-rooms\"").contains("第 2 行有误");
    HttpResponse<Buffer> unknown = web.post(page() + "/plan",
      plan("001", ROOMS, "1,2026-12-19T09:00+08:00,2026-12-19T11:00+08:00,99\n"));
    assertThat(unknown.bodyAsString()).as("subject not in the session").contains("id=\"e-slots\"").contains("第 1 行有误");
    HttpResponse<Buffer> centerNo = web.post(page() + "/plan", plan("1", ROOMS, SLOTS));
    assertThat(centerNo.statusCode()).as("the service's own validation").isEqualTo(400);
    assertThat(centerNo.bodyAsString()).contains("id=\"e-centerNo\"").contains("value=\"1\"");
    assertThat(web.postWithoutToken(page() + "/plan", plan("001", ROOMS, SLOTS)).statusCode()).isEqualTo(403);
    assertThat(app.count("select count(*) from ticket_center")).isZero();
  }

  @Test
  @DisplayName("other centers' staff and other provinces' admins get 403, on the page and its forms")
  void scope() {
    fx.savePlan();
    StaffWeb other = StaffWeb.login(app, "other", Staff.PASSWORD);
    assertThat(other.get(page()).statusCode()).isEqualTo(403);
    assertThat(other.post(page() + "/plan", plan("001", ROOMS, SLOTS)).statusCode()).isEqualTo(403);
    assertThat(other.post(page() + "/arrangement", MultiMap.caseInsensitiveMultiMap()).statusCode()).isEqualTo(403);
    assertThat(StaffWeb.login(app, "sh-admin", Staff.PASSWORD).get(page()).statusCode()).isEqualTo(403);
    String body = StaffWeb.login(app, "own", Staff.PASSWORD)
      .get("/staff/exam-sessions/" + fx.sid + "/centers").bodyAsString();
    assertThat(body).as("linked from the center list").contains(page());
  }

  @Test
  @DisplayName("starting while registration is open shows why; once closed it starts and the page shows the run")
  void arrangement() {
    StaffWeb web = StaffWeb.login(app, "own", Staff.PASSWORD);
    fx.savePlan();
    fx.bulkPaid(4, Instant.parse("2026-11-01T08:00:00Z"), "24");
    HttpResponse<Buffer> open = web.post(page() + "/arrangement", MultiMap.caseInsensitiveMultiMap());
    assertThat(open.statusCode()).isEqualTo(409);
    assertThat(open.bodyAsString()).contains("报名结束").contains("class=\"alert error\"").contains("id=\"plan-rooms\"");
    assertThat(web.postWithoutToken(page() + "/arrangement", MultiMap.caseInsensitiveMultiMap()).statusCode())
      .isEqualTo(403);
    fx.closeWindow();
    web = StaffWeb.login(app, "own", Staff.PASSWORD);
    HttpResponse<Buffer> started = web.post(page() + "/arrangement", MultiMap.caseInsensitiveMultiMap());
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(303);
    assertThat(started.getHeader("Location")).isEqualTo(page() + "?started=1");
    assertThat(fx.awaitRunEnded(0).getString("status")).isEqualTo("DONE");
    String shown = web.get(page() + "?started=1").bodyAsString();
    assertThat(shown).contains("编排已开始").contains("id=\"run-status\">已完成<").contains("id=\"run-assigned\">4<")
      .contains("id=\"run-startedBy\">");
  }
}
