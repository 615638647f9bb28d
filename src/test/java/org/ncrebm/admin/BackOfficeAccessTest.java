package org.ncrebm.admin;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.BackOfficeFixture;
import org.ncrebm.support.StaffWeb;
import org.ncrebm.support.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Back-office pages check role and scope on the server: every route x every role x inside/outside scope")
class BackOfficeAccessTest {
  @RegisterExtension
  static final TestApp app = new TestApp();

  /** One route and what each role gets: N national admin, P province admin of 11, C center staff of 110001. */
  private record Case(String method, String path, Function<String, MultiMap> form, int n, int p, int c) {
    int expected(String role) {
      return switch (role) {
        case "N" -> n;
        case "P" -> p;
        default -> c;
      };
    }
  }

  private static Case get(String path, int n, int p, int c) {
    return new Case("GET", path, null, n, p, c);
  }

  private static Case post(String path, Function<String, MultiMap> form, int n, int p, int c) {
    return new Case("POST", path, form, n, p, c);
  }

  private static MultiMap form(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  private static List<Case> cases(BackOfficeFixture f) {
    long sid = f.sid;
    String s = "/staff/exam-sessions/" + sid;
    Function<String, MultiMap> window = r -> form("opensAt", "2026-06-01T09:00", "closesAt", "2026-06-15T17:00",
      "payDeadline", "2026-06-17T17:00", "ticketPrintFrom", "2026-08-25T09:00", "ticketPrintTo", "2026-09-01T09:00");
    List<Case> cases = new ArrayList<>(List.of(
      get("/staff", 200, 200, 200),
      get("/staff?session=" + sid + "&province=11", 200, 200, 200),
      get("/staff?session=" + sid + "&province=12", 200, 403, 403),
      get("/staff?session=" + sid + "&province=11&center=110001", 200, 200, 200),
      get("/staff?session=" + sid + "&province=11&center=110002", 200, 200, 403),
      get("/staff/exam-sessions", 200, 200, 200),
      get("/staff/exam-sessions/new", 200, 403, 403),
      get(s, 200, 200, 200),
      get(s + "/subjects/new", 200, 403, 403),
      get(s + "/subjects/28", 200, 403, 403),
      get(s + "/provinces/11", 200, 200, 403),
      get(s + "/provinces/12", 200, 403, 403),
      get("/staff/centers", 303, 303, 303),
      get(s + "/centers", 200, 200, 200),
      get(s + "/centers?province=11", 200, 200, 200),
      get(s + "/centers?province=12", 200, 403, 403),
      get(s + "/centers/new", 200, 200, 403),
      get("/staff/centers/" + f.center11, 200, 200, 200),
      get("/staff/centers/" + f.center11b, 200, 200, 403),
      get("/staff/centers/" + f.center12, 200, 403, 403),
      get(s + "/centers/import", 200, 200, 403),
      get(s + "/centers/" + f.center11 + "/tickets", 200, 200, 200),
      get(s + "/centers/" + f.center11b + "/tickets", 200, 200, 403),
      get(s + "/centers/" + f.center12 + "/tickets", 200, 403, 403),
      get(s + "/centers/template.csv", 200, 200, 403),
      get("/staff/accounts", 200, 200, 403),
      get("/staff/accounts/new", 200, 200, 403),
      get("/staff/audit", 200, 200, 403),
      get("/staff/audit?province=11", 200, 200, 403),
      get("/staff/audit?province=12", 200, 403, 403),
      get("/staff/password", 200, 200, 200),
      get("/staff/exports", 200, 200, 403),
      get("/staff/exports?session=" + sid + "&province=11", 200, 200, 403),
      get("/staff/exports?session=" + sid + "&province=12", 200, 403, 403),
      get("/staff/exports?session=" + sid + "&q=%E5%BC%A0", 200, 200, 403),
      post("/staff/exam-sessions", r -> form("name", "考试" + r, "subjects", "28,二级Java,2,90"), 303, 403, 403),
      post(s + "/subjects/28", r -> form("name", "二级Java语言程序设计", "level", "2", "fee", "90"), 303, 403, 403),
      post(s + "/subjects", r -> form("code", "66", "name", "二级Python语言程序设计", "level", "2", "fee", "90"), 303, 403, 403),
      post(s + "/provinces/11", window, 303, 303, 403),
      post(s + "/provinces/12", window, 303, 403, 403),
      post(s + "/centers", r -> form("provinceCode", "11", "code", "11" + r + "01", "name", "新考点" + r,
        "maxSubjects", "3", "cap_28", "10"), 303, 303, 403),
      post(s + "/centers", r -> form("provinceCode", "12", "code", "12" + r + "01", "name", "新考点" + r,
        "maxSubjects", "3", "cap_28", "10"), 303, 403, 403),
      post("/staff/centers/" + f.center11b, r -> form("name", "北京信息工程学校考点", "maxSubjects", "2", "cap_28", "90"),
        303, 303, 403),
      post("/staff/centers/" + f.center12, r -> form("name", "天津大学考点", "maxSubjects", "2", "cap_28", "90"),
        303, 403, 403),
      post("/staff/accounts", r -> form("username", "new11" + r.toLowerCase(), "password", BackOfficeFixture.PASSWORD,
        "role", "CENTER_STAFF", "provinceCode", "11", "centerCode", "110002"), 303, 303, 403),
      post("/staff/accounts", r -> form("username", "new12" + r.toLowerCase(), "password", BackOfficeFixture.PASSWORD,
        "role", "CENTER_STAFF", "provinceCode", "12", "centerCode", "120001"), 303, 403, 403),
      post("/staff/accounts", r -> form("username", "prov" + r.toLowerCase(), "password", BackOfficeFixture.PASSWORD,
        "role", "PROVINCE_ADMIN", "provinceCode", "11"), 303, 403, 403),
      post("/staff/accounts/" + f.accountId(BackOfficeFixture.CENTER11B) + "/enable", r -> form(), 303, 303, 403),
      post("/staff/accounts/" + f.accountId(BackOfficeFixture.CENTER12) + "/enable", r -> form(), 303, 403, 403),
      post("/staff/accounts/" + f.accountId(BackOfficeFixture.PROV12) + "/enable", r -> form(), 303, 403, 403)));
    return cases;
  }

  @TestFactory
  @DisplayName("each role gets exactly 200 (or the redirect after a form) inside its scope and 403 outside")
  Stream<DynamicTest> matrix() {
    BackOfficeFixture f = new BackOfficeFixture(app);
    Map<String, StaffWeb> roles = Map.of(
      "N", StaffWeb.login(app, "admin", TestApp.ADMIN_PASSWORD),
      "P", StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD),
      "C", StaffWeb.login(app, BackOfficeFixture.CENTER11, BackOfficeFixture.PASSWORD));
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases(f)) {
      for (String role : List.of("N", "P", "C")) {
        tests.add(DynamicTest.dynamicTest(role + " " + c.method() + " " + c.path() + " -> " + c.expected(role), () -> {
          StaffWeb web = roles.get(role);
          HttpResponse<Buffer> r = c.method().equals("GET") ? web.get(c.path()) : web.post(c.path(), c.form().apply(role));
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(c.expected(role));
          if (r.statusCode() == 403) {
            assertThat(r.getHeader("Content-Type")).startsWith("text/html");
            assertThat(r.bodyAsString()).contains("您没有权限");
          }
        }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  @DisplayName("without a staff session every page redirects to /staff/login, keeping where it was going")
  Stream<DynamicTest> unauthenticated() {
    BackOfficeFixture f = new BackOfficeFixture(app);
    StaffWeb anonymous = StaffWeb.anonymous(app);
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases(f)) {
      tests.add(DynamicTest.dynamicTest(c.method() + " " + c.path(), () -> {
        HttpResponse<Buffer> r = c.method().equals("GET") ? anonymous.get(c.path())
          : anonymous.post(c.path(), c.form().apply("X"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.getHeader("Location")).startsWith("/staff/login?next=");
        if (c.method().equals("GET")) {
          assertThat(r.getHeader("Location")).isEqualTo("/staff/login?next="
            + java.net.URLEncoder.encode(c.path(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }));
    }
    return tests.stream();
  }

  @Test
  @DisplayName("a candidate's session is no staff session: staff pages send it to the staff login")
  void candidateIsNotStaff() {
    String token = new org.ncrebm.support.Candidates(app).newLoggedIn()[1];
    HttpResponse<Buffer> r = TestApp.await(app.client().get("/staff/audit").bearerTokenAuthentication(token).send());
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.getHeader("Location")).startsWith("/staff/login");
  }
}
