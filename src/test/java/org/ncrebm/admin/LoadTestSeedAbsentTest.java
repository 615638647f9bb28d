package org.ncrebm.admin;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code loadtest.seed-token} the seeding route does not exist, whatever token is sent. */
class LoadTestSeedAbsentTest {
  @RegisterExtension
  static TestApp app = new TestApp();

  @Test
  @DisplayName("no seed token configured: 404")
  void absent() {
    var request = app.request(HttpMethod.POST, "/dev/loadtest/seed").putHeader("X-Seed-Token", "");
    assertThat(app.send(request, new JsonObject().put("accounts", 1).put("password", "Seed#Pass-2026")).status())
      .isEqualTo(404);
    assertThat(app.count("select count(*) from account")).isZero();
  }
}
