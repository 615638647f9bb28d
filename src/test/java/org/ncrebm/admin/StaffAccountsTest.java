package org.ncrebm.admin;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Staff accounts: login, scope, disabling, own password, stricter lockout, audit")
class StaffAccountsTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private String admin;

  @BeforeEach
  void login() {
    admin = staff.adminToken();
  }

  @Test
  @DisplayName("login answers the role; /me shows the scope")
  void loginAndMe() {
    ApiResponse r = app.post("/api/v1/staff/sessions", new JsonObject().put("username", "admin")
      .put("password", TestApp.ADMIN_PASSWORD));
    assertThat(r.json().getString("role")).isEqualTo("NATIONAL_ADMIN");
    staff.createStaff(admin, "p11", "PROVINCE_ADMIN", "11", null);
    JsonObject me = app.get("/api/v1/staff/me", staff.login("p11", Staff.PASSWORD)).json();
    assertThat(me.getString("role")).isEqualTo("PROVINCE_ADMIN");
    assertThat(me.getString("provinceCode")).isEqualTo("11");
  }

  @Test
  @DisplayName("three wrong passwords lock a staff account for 30 minutes")
  void stricterLockout() {
    staff.createStaff(admin, "p11", "PROVINCE_ADMIN", "11", null);
    for (int i = 0; i < 3; i++) {
      assertThat(app.post("/api/v1/staff/sessions", new JsonObject().put("username", "p11").put("password", "Nope#1234"))
        .errorCode()).isEqualTo("BAD_CREDENTIALS");
    }
    ApiResponse locked = app.post("/api/v1/staff/sessions", new JsonObject().put("username", "p11")
      .put("password", Staff.PASSWORD));
    assertThat(locked.status()).isEqualTo(423);
    app.clock.advance(Duration.ofMinutes(30).plusSeconds(1));
    assertThat(staff.login("p11", Staff.PASSWORD)).isNotBlank();
  }

  @Test
  @DisplayName("disabling ends the member's sessions at once and refuses new logins; re-enabling restores them")
  void disable() {
    long id = staff.createStaff(admin, "p11", "PROVINCE_ADMIN", "11", null);
    String token = staff.login("p11", Staff.PASSWORD);
    assertThat(app.post("/api/v1/staff/accounts/" + id + "/disable", new JsonObject(), admin).status()).isEqualTo(200);
    assertThat(app.get("/api/v1/staff/me", token).status()).isEqualTo(401);
    ApiResponse refused = app.post("/api/v1/staff/sessions", new JsonObject().put("username", "p11")
      .put("password", Staff.PASSWORD));
    assertThat(refused.errorCode()).isEqualTo("ACCOUNT_LOCKED");
    app.post("/api/v1/staff/accounts/" + id + "/enable", new JsonObject(), admin);
    assertThat(staff.login("p11", Staff.PASSWORD)).isNotBlank();
    assertThat(app.count("select count(*) from audit_log where action in ('staff.disable', 'staff.enable')")).isEqualTo(2);
    ApiResponse self = app.post("/api/v1/staff/accounts/1/disable", new JsonObject(), admin);
    assertThat(self.errorCode()).isEqualTo("INVALID_STATE");
  }

  @Test
  @DisplayName("changing one's password needs the current one and ends every session")
  void changePassword() {
    JsonObject wrong = new JsonObject().put("currentPassword", "Wrong#1234").put("newPassword", "Next#Pass-2026");
    ApiResponse refused = app.put("/api/v1/staff/me/password", wrong, admin);
    assertThat(refused.fieldErrors().fieldNames()).containsExactly("currentPassword");
    ApiResponse weak = app.put("/api/v1/staff/me/password", wrong.copy().put("currentPassword", TestApp.ADMIN_PASSWORD)
      .put("newPassword", "short"), admin);
    assertThat(weak.fieldErrors().fieldNames()).containsExactly("newPassword");
    ApiResponse ok = app.put("/api/v1/staff/me/password", wrong.copy().put("currentPassword", TestApp.ADMIN_PASSWORD),
      admin);
    assertThat(ok.status()).isEqualTo(204);
    assertThat(app.get("/api/v1/staff/me", admin).status()).isEqualTo(401);
    assertThat(staff.login("admin", "Next#Pass-2026")).isNotBlank();
  }

  @Test
  @DisplayName("new accounts are validated: username format and uniqueness, role, scope, password policy")
  void validation() {
    ApiResponse bad = app.post("/api/v1/staff/accounts", new JsonObject().put("username", "Bad Name!")
      .put("password", "weak").put("role", "KING"), admin);
    assertThat(bad.fieldErrors().fieldNames()).contains("username", "password", "role");
    ApiResponse noProvince = app.post("/api/v1/staff/accounts", new JsonObject().put("username", "pp")
      .put("password", Staff.PASSWORD).put("role", "PROVINCE_ADMIN"), admin);
    assertThat(noProvince.fieldErrors().fieldNames()).contains("username");
    ApiResponse missing = app.post("/api/v1/staff/accounts", new JsonObject().put("username", "ppp")
      .put("password", Staff.PASSWORD).put("role", "PROVINCE_ADMIN"), admin);
    assertThat(missing.fieldErrors().fieldNames()).containsExactly("provinceCode");
    staff.createStaff(admin, "ppp", "PROVINCE_ADMIN", "11", null);
    ApiResponse dup = app.post("/api/v1/staff/accounts", new JsonObject().put("username", "PPP")
      .put("password", Staff.PASSWORD).put("role", "PROVINCE_ADMIN").put("provinceCode", "12"), admin);
    assertThat(dup.fieldErrors().fieldNames()).containsExactly("username");
    assertThat(app.count("select count(*) from staff_account")).isEqualTo(2);
  }

  @Test
  @DisplayName("a province office creates center staff of its own province only")
  void provinceCreatesCenterStaff() {
    long sid = staff.createSession(admin, "S");
    long c11 = staff.createCenter(admin, sid, "11", "110001", false, false, new JsonObject().put("24", 5));
    long c12 = staff.createCenter(admin, sid, "12", "120001", false, false, new JsonObject().put("24", 5));
    staff.createStaff(admin, "p11", "PROVINCE_ADMIN", "11", null);
    String p11 = staff.login("p11", Staff.PASSWORD);
    assertThat(staff.createStaff(p11, "c11", "CENTER_STAFF", null, c11)).isPositive();
    ApiResponse other = app.post("/api/v1/staff/accounts", new JsonObject().put("username", "c12")
      .put("password", Staff.PASSWORD).put("role", "CENTER_STAFF").put("centerId", c12), p11);
    assertThat(other.status()).isEqualTo(403);
    ApiResponse peer = app.post("/api/v1/staff/accounts", new JsonObject().put("username", "p11b")
      .put("password", Staff.PASSWORD).put("role", "PROVINCE_ADMIN").put("provinceCode", "11"), p11);
    assertThat(peer.status()).isEqualTo(403);
    JsonObject me = app.get("/api/v1/staff/me", staff.login("c11", Staff.PASSWORD)).json();
    assertThat(me.getString("centerCode")).isEqualTo("110001");
  }
}
