package org.ncrebm.platform.auth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bearer token's signature is checked once per process (issue 15): the verified claims are kept until the token's
 * {@code exp}, and the session it names is still looked up on every request, so a logout ends it at once. Before
 * this test the cache read {@code exp} where Vert.x 4 put it (the principal); Vert.x 5 keeps it in the user's
 * attributes, so nothing was ever kept and every request verified the signature again.
 */
@DisplayName("Verified bearer tokens: the signature checked once, the session on every request")
class BearerTokenCacheTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Candidates candidates = new Candidates(app);

  private Authenticator auth() {
    return app.main().services().platform().auth();
  }

  private String token() {
    String[] c = Candidates.uniqueContact();
    candidates.register(c[0], c[1], Candidates.PASSWORD);
    return candidates.login(c[0], Candidates.PASSWORD).json().getString("token");
  }

  @Test
  @DisplayName("a token that verified is kept, once, and still ends with its session's logout")
  void keptUntilLogout() {
    String token = token();
    int before = auth().keptTokens();
    assertThat(app.get("/api/v1/passport/me", token).status()).isEqualTo(200);
    assertThat(auth().keeps(token)).as("kept after its first request").isTrue();
    assertThat(auth().keptTokens()).isEqualTo(before + 1);
    assertThat(app.get("/api/v1/passport/me", token).status()).isEqualTo(200);
    assertThat(auth().keptTokens()).as("kept once").isEqualTo(before + 1);

    assertThat(app.delete("/api/v1/passport/sessions/current", token).status()).isEqualTo(204);
    assertThat(app.get("/api/v1/passport/me", token).status()).as("its session is gone: refused though kept")
      .isEqualTo(401);
  }

  @Test
  @DisplayName("a token whose signature does not hold is refused and never kept")
  void forgedNeverKept() {
    String token = token();
    String[] parts = token.split("\\.");
    char last = parts[2].charAt(0);
    String forged = parts[0] + "." + parts[1] + "." + (last == 'A' ? 'B' : 'A') + parts[2].substring(1);
    int before = auth().keptTokens();
    assertThat(app.get("/api/v1/passport/me", forged).status()).isEqualTo(401);
    assertThat(auth().keeps(forged)).isFalse();
    assertThat(auth().keptTokens()).isEqualTo(before);
  }
}
