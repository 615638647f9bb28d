package org.ncrebm.queue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Admission tokens: HMAC-SHA256 over account, window and expiry, checked without a database")
class AdmissionTokensTest {
  private final AdmissionTokens tokens = new AdmissionTokens("a-service-secret-of-at-least-32-chars!!");
  private final Instant now = Instant.parse("2026-09-01T01:00:00Z");
  private final String account = "7d3b7a3e-2c55-4c1e-9a39-6c1b8a3f4d21";
  private final String token = tokens.sign(new AdmissionTokens.Admission(account, 7, "11", now.plusSeconds(600)));

  @Test
  @DisplayName("admits its own account to its own window until it expires")
  void admits() {
    assertThat(tokens.admits(token, account, 7, "11", now)).isTrue();
    assertThat(tokens.admits(token, account, 7, "11", now.plusSeconds(600))).isFalse();
    assertThat(tokens.admits(token, "00000000-0000-0000-0000-000000000001", 7, "11", now)).isFalse();
    assertThat(tokens.admits(token, account, 7, "12", now)).isFalse();
    assertThat(tokens.admits(token, account, 8, "11", now)).isFalse();
  }

  @Test
  @DisplayName("a changed field, another key, garbage or nothing is refused, never an exception")
  void refusesForgeries() {
    assertThat(tokens.admits(token.replace(".11.", ".12."), account, 7, "12", now)).isFalse();
    String later = token.replace("." + now.plusSeconds(600).getEpochSecond() + ".", "." + now.plusSeconds(9999).getEpochSecond() + ".");
    assertThat(tokens.admits(later, account, 7, "11", now.plusSeconds(700))).isFalse();
    AdmissionTokens other = new AdmissionTokens("another-secret-another-secret-another!");
    assertThat(other.admits(token, account, 7, "11", now)).isFalse();
    for (String junk : new String[]{null, "", ".", "v1", "v1.a.b.c.d.e", token + "x", "%%%.***", "a".repeat(500)}) {
      assertThat(tokens.admits(junk, account, 7, "11", now)).as(String.valueOf(junk)).isFalse();
    }
  }
}
