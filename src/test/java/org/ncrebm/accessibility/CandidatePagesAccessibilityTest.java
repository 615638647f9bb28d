package org.ncrebm.accessibility;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.AxeAudit;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every candidate page meets WCAG 2.1 A and AA (axe-core in Chromium), on a phone and a desktop, in Chinese and English")
class CandidatePagesAccessibilityTest {
  @RegisterExtension
  static final TestApp app = new TestApp(new JsonObject().put("sim.time-factor", 0.0005).put("sim.poll-ms", 50))
    .keepDataBetweenTests();
  private static Browser browser;
  private static long sid;
  private static String draftCookie;
  private static String draftId;
  private static String payableCookie;
  private static String payableId;
  private static JsonObject order;
  private static String reviewCookie;
  private static String pendingId;
  private static String rejectedId;
  private static String rejectedCookie;
  private static String waitingId;
  private static String waitingCookie;
  private static int bogus;

  /** A page as the candidate reaches it: how to get there, and the path it ends on. */
  record Page(String name, String expectedPath, Consumer<Browser> open) {
  }

  @BeforeAll
  static void setUp() {
    app.reset();
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    long plain = staff.createCenter(admin, sid, "11", "110001", false, true, new JsonObject().put("24", 30).put("65", 30));
    long reviewing = staff.createCenter(admin, sid, "11", "110002", true, false, new JsonObject().put("24", 30).put("65", 0));
    Candidates candidates = new Candidates(app);
    Journey journey = new Journey(app);

    String[] draft = candidates.seeded(1).get(0);
    draftId = journey.startOk(draft[1], sid, plain, TestIds.resident());
    // A draft on a sold-out subject's waiting list (feature S6): the overview shows its place and the leave button.
    long soldOut = staff.createCenter(admin, sid, "11", "110004", false, false, new JsonObject().put("24", 0).put("65", 30));
    String[] waiting = candidates.seeded(1).get(0);
    waitingId = journey.startOk(waiting[1], sid, soldOut, TestIds.resident());
    ApiResponse joined = app.post("/api/v1/registrations/" + waitingId + "/waitlist", new JsonObject().put("subject", "24"),
      waiting[1]);
    assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
    waitingCookie = cookieFor(waiting[0]);
    draftCookie = cookieFor(draft[0]);

    String[] payable = candidates.seeded(1).get(0);
    payableId = journey.ready(payable[1], sid, plain, "24", "65");
    assertThat(journey.submit(payable[1], payableId).json().getString("status")).isEqualTo("PAYABLE");
    ApiResponse o = app.post("/api/v1/registrations/" + payableId + "/orders", new JsonObject().put("gateway", "alipay"),
      payable[1]);
    assertThat(o.status()).as(o.toString()).isEqualTo(201);
    order = o.json();
    payableCookie = cookieFor(payable[0]);

    // At the reviewing center: one waiting for review, one rejected with a reason.
    String[] pending = candidates.seeded(1).get(0);
    pendingId = journey.ready(pending[1], sid, reviewing, "24");
    assertThat(journey.submit(pending[1], pendingId).json().getString("status")).isEqualTo("PENDING_REVIEW");
    reviewCookie = cookieFor(pending[0]);
    String[] rejected = candidates.seeded(1).get(0);
    rejectedId = journey.ready(rejected[1], sid, reviewing, "24");
    assertThat(journey.submit(rejected[1], rejectedId).json().getString("status")).isEqualTo("PENDING_REVIEW");
    ApiResponse rejection = app.post("/api/v1/staff/registrations/" + rejectedId + "/review", new JsonObject()
      .put("decision", "REJECT").put("reason", "照片背景请用白色"), admin);
    assertThat(rejection.status()).as(rejection.toString()).isEqualTo(200);
    rejectedCookie = cookieFor(rejected[0]);
    browser = Browser.open(app);
  }

  @AfterAll
  static void tearDown() {
    if (browser != null) browser.close();
  }

  /** A browser session of the service's own store for this account, as the login form would leave it. */
  static String cookieFor(String accountId) {
    var issued = TestApp.await(app.main().services().platform().sessions().create(new SessionStore.NewSession(
      Principal.Kind.CANDIDATE, accountId, null, null, null, "candidate")));
    return issued.sessionId();
  }

  static Consumer<Browser> go(String path) {
    return b -> b.go(path);
  }

  /** Submits the page's first form as it is (the forms are {@code novalidate}: the server answers with errors). */
  static Consumer<Browser> submitEmpty(String path, String button) {
    return b -> {
      b.go(path);
      b.click(button);
    };
  }

  @Test
  @DisplayName("the audit itself finds a page without a language, an image without a text and an unlabelled field")
  void auditFindsViolations() {
    browser.driver.get("data:text/html;charset=utf-8,<title>x</title><main><img src='data:,'><input></main>");
    assertThat(org.ncrebm.support.Axe.violations(browser)).anyMatch(v -> v.startsWith("html-has-lang"))
      .anyMatch(v -> v.startsWith("image-alt")).anyMatch(v -> v.startsWith("label"));
  }

  @Test
  @DisplayName("home, sign-up, sign-in, password recovery, and each with its errors shown; a missing page (404); the dev mailbox")
  void anonymousPages() {
    List<Page> pages = List.of(
      new Page("home", "/", go("/")),
      new Page("sign-up", "/passport/register", go("/passport/register")),
      new Page("sign-up with errors", "/passport/register", submitEmpty("/passport/register", "#register-submit")),
      new Page("sign-in", "/passport/login", go("/passport/login")),
      new Page("sign-in refused", "/passport/login", b -> {
        b.go("/passport/login");
        b.type("#f-login", "nobody" + (++bogus) + "@example.com");
        b.type("#f-password", "Wrong#pass1");
        b.click("#login-submit");
      }),
      new Page("sign-in with errors", "/passport/login", submitEmpty("/passport/login", "#login-submit")),
      new Page("password recovery", "/passport/forgot", go("/passport/forgot")),
      new Page("password recovery with errors", "/passport/forgot", submitEmpty("/passport/forgot", "#reset-submit")),
      new Page("not found (404)", "/no-such-page", go("/no-such-page")),
      new Page("dev mailbox (dev and test only)", "/dev/mail", go("/dev/mail")));
    audit(pages, null);
  }

  @Test
  @DisplayName("account, exam sessions, a province's centers, agreement and ID, the form, photo, change of center, overview")
  void draftPages() throws Exception {
    String r = "/bm/r/" + draftId;
    java.nio.file.Path png = java.nio.file.Files.createTempFile("photo", ".jpg");
    java.nio.file.Files.write(png, org.ncrebm.support.TestPhotos.png());
    List<Page> pages = List.of(
      new Page("account", "/passport/account", go("/passport/account")),
      new Page("exam sessions", "/bm", go("/bm")),
      new Page("province and centers", "/bm/" + sid + "/11", go("/bm/" + sid + "/11")),
      new Page("agreement and ID", "/bm/" + sid + "/11/start", b -> {
        b.go("/bm/" + sid + "/11");
        b.click("#start-110002");
      }),
      new Page("agreement and ID with errors", "/bm/" + sid + "/11/start", b -> {
        b.go("/bm/" + sid + "/11");
        b.click("#start-110002");
        b.type("#f-idNumber", "12345");
        b.click("#start-submit");
      }),
      new Page("registration overview (draft)", r, go(r)),
      new Page("registration form", r + "/profile", go(r + "/profile")),
      new Page("registration form with errors", r + "/profile", submitEmpty(r + "/profile", "#profile-submit")),
      new Page("photo upload", r + "/photo", go(r + "/photo")),
      new Page("photo upload refused", r + "/photo", b -> {
        b.go(r + "/photo");
        b.find("#f-photo").sendKeys(png.toString());
        b.click("#photo-submit");
      }),
      new Page("change of center", r + "/center", go(r + "/center")),
      new Page("not found (404), signed in", "/bm/r/" + draftId + "/nothing", go("/bm/r/" + draftId + "/nothing")));
    audit(pages, draftCookie);
  }

  @Test
  @DisplayName("the overview with a waiting list joined; a province's waiting room")
  void waitingPages() {
    audit(List.of(
      new Page("registration overview (on a waiting list)", "/bm/r/" + waitingId, go("/bm/r/" + waitingId)),
      new Page("waiting room", "/queue/" + sid + "/11", go("/queue/" + sid + "/11"))), waitingCookie);
  }

  @Test
  @DisplayName("a registration waiting for the center's review, and one the center rejected with a reason")
  void reviewPages() {
    audit(List.of(new Page("registration status (waiting for review)", "/bm/r/" + pendingId, go("/bm/r/" + pendingId)),
      new Page("exam sessions, one registration", "/bm", go("/bm"))), reviewCookie);
    audit(List.of(new Page("registration status (rejected)", "/bm/r/" + rejectedId, go("/bm/r/" + rejectedId))),
      rejectedCookie);
  }

  @Test
  @DisplayName("a payable registration, its payment's status, the gateway's checkout page")
  void paymentPages() {
    String r = "/bm/r/" + payableId;
    String payUrl = order.getString("payUrl");
    String checkout = java.net.URI.create(payUrl).getPath();
    List<Page> pages = List.of(
      new Page("registration status (payable)", r, go(r)),
      new Page("payment not confirmed", r, b -> {
        b.go(r);
        b.click("#pay");
      }),
      new Page("payment status", r + "/payment", go(r + "/payment?order=" + order.getString("orderId"))),
      new Page("checkout", checkout, go(checkout + (payUrl.contains("?") ? payUrl.substring(payUrl.indexOf('?')) : ""))));
    audit(pages, payableCookie);
  }

  private static void audit(List<Page> pages, String sessionCookie) {
    AxeAudit audit = new AxeAudit();
    browser.go("/health/live");
    browser.driver.manage().deleteAllCookies();
    if (sessionCookie != null) browser.cookie("ncre_sid", sessionCookie);
    audit.checkAll(browser, pages, Page::name, Page::expectedPath, (p, b) -> p.open().accept(b));
    assertThat(audit.audited()).hasSize(pages.size() * AxeAudit.VARIANTS.size());
    audit.assertClean();
  }

}
