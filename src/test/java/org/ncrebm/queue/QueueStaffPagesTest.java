package org.ncrebm.queue;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Staff;
import org.ncrebm.support.StaffWeb;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The waiting room in the back office: the set-up form, its errors, the figures on the dashboard, scope")
class QueueStaffPagesTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);

  @Test
  @DisplayName("a province office switches its room on with the form; the dashboard shows waiting, admitted and rate")
  void formAndDashboard() {
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    staff.openWindow(admin, sid, "12");
    staff.createStaff(admin, "bjadmin", "PROVINCE_ADMIN", "11", null);
    staff.createStaff(admin, "tjadmin", "PROVINCE_ADMIN", "12", null);
    StaffWeb bj = StaffWeb.login(app, "bjadmin", Staff.PASSWORD);
    String page = "/staff/exam-sessions/" + sid + "/provinces/11/waiting-room";

    var form = bj.get(page);
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.bodyAsString()).contains("等候室").contains("name=\"admitPerSecond\"");
    var bad = bj.post(page, MultiMap.caseInsensitiveMultiMap().add("enabled", "on").add("admitPerSecond", "0")
      .add("admissionMinutes", "30").add("opensAt", ""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsString()).contains("id=\"e-admitPerSecond\"");
    var ok = bj.post(page, MultiMap.caseInsensitiveMultiMap().add("enabled", "on").add("admitPerSecond", "7")
      .add("admissionMinutes", "25").add("opensAt", ""));
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(303);
    JsonObject room = app.get("/api/v1/staff/exam-sessions/" + sid + "/provinces/11/waiting-room", admin).json()
      .getJsonObject("waitingRoom");
    assertThat(room.getBoolean("enabled")).isTrue();
    assertThat(room.getInteger("admitPerSecond")).isEqualTo(7);
    assertThat(room.getInteger("admissionMinutes")).isEqualTo(25);

    new Candidates(app).seeded(3).forEach(c -> app.post("/api/v1/exam-sessions/" + sid + "/provinces/11/queue",
      new JsonObject(), c[1]));
    String dashboard = bj.get("/staff?session=" + sid).bodyAsString();
    assertThat(dashboard).contains("id=\"waiting-rooms\"").contains(page);
    assertThat(dashboard.substring(dashboard.indexOf("id=\"waiting-rooms\""))).contains("<td class=\"num\">3</td>");
    assertThat(bj.get(page).bodyAsString()).contains("id=\"room-waiting\">3<");

    // another province's office: 403 on the page and the form; nothing changes
    StaffWeb tj = StaffWeb.login(app, "tjadmin", Staff.PASSWORD);
    assertThat(tj.get(page).statusCode()).isEqualTo(403);
    assertThat(tj.post(page, MultiMap.caseInsensitiveMultiMap().add("admitPerSecond", "9")
      .add("admissionMinutes", "25")).statusCode()).isEqualTo(403);
    assertThat(tj.get("/staff?session=" + sid).bodyAsString()).doesNotContain("id=\"waiting-rooms\"");
    assertThat(app.count("select count(*) from audit_log where action = 'queue.configure'")).isEqualTo(1);
  }
}
