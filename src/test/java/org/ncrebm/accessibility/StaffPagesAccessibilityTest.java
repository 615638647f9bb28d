package org.ncrebm.accessibility;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.support.AxeAudit;
import org.ncrebm.support.BackOfficeFixture;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every back-office page meets WCAG 2.1 A and AA (axe-core in Chromium), on a phone and a desktop, in Chinese and English")
class StaffPagesAccessibilityTest {
  @RegisterExtension
  static final TestApp app = new TestApp().keepDataBetweenTests();
  private static Browser browser;
  private static BackOfficeFixture fx;
  private static long reviewing;
  private static String pendingId;

  record Page(String name, String expectedPath, Consumer<Browser> open) {
  }

  @BeforeAll
  static void setUp() {
    app.reset();
    fx = new BackOfficeFixture(app);
    reviewing = new Staff(app).createCenter(fx.adminToken, fx.sid, "11", "110003", true, false,
      new io.vertx.core.json.JsonObject().put("28", 20).put("65", 20));
    fx.account("c110003", "CENTER_STAFF", "11", "110003");
    String[] candidate = new Candidates(app).seeded(1).get(0);
    Journey journey = new Journey(app);
    pendingId = journey.ready(candidate[1], fx.sid, reviewing, "28");
    assertThat(journey.submit(candidate[1], pendingId).json().getString("status")).isEqualTo("PENDING_REVIEW");
    // A room plan, so that the ticket plans page shows its tables.
    var day = java.time.Instant.parse("2026-12-19T01:00:00Z");
    var plan = new io.vertx.core.json.JsonObject().put("centerNo", "001")
      .put("rooms", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject().put("number", 1)
        .put("size", 30).put("location", "信息楼 101")))
      .put("slots", new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject().put("slot", 1)
        .put("startsAt", day.toString()).put("endsAt", day.plusSeconds(7200).toString())
        .put("subjects", new io.vertx.core.json.JsonArray().add("28").add("65"))));
    var saved = app.put("/api/v1/staff/exam-sessions/" + fx.sid + "/centers/" + fx.center11 + "/ticket-plan", plan,
      fx.adminToken);
    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    browser = Browser.open(app);
  }

  @AfterAll
  static void tearDown() {
    if (browser != null) browser.close();
  }

  static String staffCookie(String username) {
    var row = app.query("select id, role, province_code, center_code from staff_account where username = $1", username)
      .iterator().next();
    var issued = TestApp.await(app.main().services().platform().sessions().create(new SessionStore.NewSession(
      Principal.Kind.STAFF, Long.toString(row.getLong(0)), row.getString(1), row.getString(2), row.getString(3),
      username)));
    return issued.sessionId();
  }

  static Consumer<Browser> go(String path) {
    return b -> b.go(path);
  }

  static Consumer<Browser> submit(String path, String button) {
    return b -> {
      b.go(path);
      b.click(button);
    };
  }

  @Test
  @DisplayName("sign-in (and with errors), dashboard, sessions, windows, subjects, centers, import, accounts, reconciliation, ticket plans, scan, audit, exports, waiting room, 404")
  void nationalAdminPages() throws Exception {
    String s = "/staff/exam-sessions/" + fx.sid;
    String c = "/staff/centers/" + fx.center11;
    Path csv = Path.of("target", "browser-files", "a11y-centers.csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, "province,code,name\n11,bad\n", StandardCharsets.UTF_8);
    audit(List.of(
      new Page("dashboard", "/staff", go("/staff")),
      new Page("exam sessions", "/staff/exam-sessions", go("/staff/exam-sessions")),
      new Page("new exam session", "/staff/exam-sessions/new", go("/staff/exam-sessions/new")),
      new Page("new exam session with errors", "/staff/exam-sessions", submit("/staff/exam-sessions/new", "#session-submit")),
      new Page("exam session", s, go(s)),
      new Page("new subject", s + "/subjects/new", go(s + "/subjects/new")),
      new Page("subject", s + "/subjects/28", go(s + "/subjects/28")),
      new Page("province window", s + "/provinces/11", go(s + "/provinces/11")),
      new Page("centers", s + "/centers", go("/staff/centers")),
      new Page("new center", s + "/centers/new", go(s + "/centers/new")),
      new Page("new center with errors", s + "/centers", submit(s + "/centers/new", "#center-submit")),
      new Page("center", c, go(c)),
      new Page("center import", s + "/centers/import", go(s + "/centers/import")),
      new Page("center import with its report", s + "/centers/import", b -> {
        b.go(s + "/centers/import");
        b.find("input[type=file]").sendKeys(csv.toAbsolutePath().toString());
        b.click("form[enctype] button[type=submit]");
      }),
      new Page("staff accounts", "/staff/accounts", go("/staff/accounts")),
      new Page("new staff account", "/staff/accounts/new", go("/staff/accounts/new")),
      new Page("new staff account with errors", "/staff/accounts", submit("/staff/accounts/new", "#account-submit")),
      new Page("password", "/staff/password", go("/staff/password")),
      new Page("password with errors", "/staff/password", submit("/staff/password", "#password-submit")),
      new Page("reconciliation", "/staff/reconciliation", go("/staff/reconciliation")),
      new Page("reconciliation after a run", "/staff/reconciliation", submit("/staff/reconciliation", "#recon-run")),
      new Page("ticket plans", s + "/centers/" + fx.center11 + "/tickets", go(s + "/centers/" + fx.center11 + "/tickets")),
      new Page("ticket scan", "/staff/tickets/scan", go("/staff/tickets/scan")),
      new Page("ticket scan, a token refused", "/staff/tickets/scan", b -> {
        b.go("/staff/tickets/scan");
        b.type("#f-examSessionId", Long.toString(fx.sid));
        b.type("#f-token", "not-a-token");
        b.click("#scan-submit");
      }),
      new Page("audit", "/staff/audit", go("/staff/audit")),
      new Page("exports", "/staff/exports", go("/staff/exports")),
      new Page("a province's waiting room", s + "/provinces/11/waiting-room", go(s + "/provinces/11/waiting-room")),
      new Page("not found (404)", "/staff/nothing-here", go("/staff/nothing-here"))), staffCookie("admin"));
  }

  @Test
  @DisplayName("a center's review queue, a registration under review, reason templates; the sign-in page")
  void centerStaffPages() {
    String q = "/staff/centers/" + reviewing + "/review";
    audit(List.of(
      new Page("review queue", q, go("/staff/review")),
      new Page("review detail", "/staff/registrations/" + pendingId, go("/staff/registrations/" + pendingId)),
      new Page("reason templates", "/staff/centers/" + reviewing + "/reason-templates",
        go("/staff/centers/" + reviewing + "/reason-templates")),
      new Page("dashboard (center)", "/staff", go("/staff"))), staffCookie("c110003"));
    audit(List.of(
      new Page("back-office sign-in", "/staff/login", go("/staff/login")),
      new Page("back-office sign-in with errors", "/staff/login", submit("/staff/login", "form button[type=submit]"))),
      null);
  }

  private static void audit(List<Page> pages, String sessionCookie) {
    AxeAudit audit = new AxeAudit();
    browser.go("/health/live");
    browser.driver.manage().deleteAllCookies();
    if (sessionCookie != null) browser.cookie("ncre_staff_sid", sessionCookie);
    audit.checkAll(browser, pages, Page::name, Page::expectedPath, (p, b) -> p.open().accept(b));
    assertThat(audit.audited()).hasSize(pages.size() * AxeAudit.VARIANTS.size());
    audit.assertClean();
  }
}
