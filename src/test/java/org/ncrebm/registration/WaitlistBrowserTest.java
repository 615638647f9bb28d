package org.ncrebm.registration;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import static org.assertj.core.api.Assertions.assertThat;

/** The overview page's waiting lists in a real browser: join a sold-out subject, see the place, get and accept a seat. */
@DisplayName("Waiting lists on the registration page (real browser)")
class WaitlistBrowserTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Candidates candidates = new Candidates(app);
  private final Journey journey = new Journey(app);

  @Test
  @DisplayName("join the list of a sold-out subject, see one's place, accept the seat offered when it comes back")
  void joinAndAccept() {
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    long center = staff.createCenter(admin, sid, "11", "110009", false, false, new JsonObject().put("24", 1).put("65", 5));
    String holderToken = candidates.seeded(1).get(0)[1];
    String holder = journey.startOk(holderToken, sid, center, TestIds.resident());
    assertThat(journey.subjects(holderToken, holder, "24").status()).isEqualTo(200);

    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    try (Browser b = Browser.open(app)) {
      b.go("/passport/login");
      b.type("#f-login", c[0]);
      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      String token = candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
      String id = journey.startOk(token, sid, center, TestIds.resident());
      b.go("/bm/r/" + id);
      b.click("#waitlist-join-24");
      assertThat(b.text()).contains("已加入候补名单");
      assertThat(b.find("#waitlist-24").getText()).contains("第 1 位");

      assertThat(app.post("/api/v1/registrations/" + holder + "/cancellation", new JsonObject(), holderToken).status())
        .isEqualTo(200);
      TestApp.await(app.main().services().waitlistOffers().runOnce());
      b.go("/bm/r/" + id);
      assertThat(b.find("#waitlist-24").getText()).contains("已为您保留座位");
      b.click("#waitlist-accept-24");
      assertThat(b.text()).contains("已接受候补座位");
      assertThat(b.find("#f-subject-24").isSelected()).isTrue();
      b.screenshot("waitlist-accepted");
    }
  }
}
