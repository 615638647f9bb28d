package org.ncrebm.queue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The admission rate: additive increase while the service keeps up, multiplicative decrease when it falls behind")
class AdmissionRateTest {
  private final AdmissionRate rates = new AdmissionRate(AdmissionRate.Marks.DEFAULT);
  private static final AdmissionRate.Signals CALM = AdmissionRate.Signals.CALM;

  @Test
  @DisplayName("the first tick admits at the rate staff set")
  void startsAtTheSetRate() {
    assertThat(rates.next(Double.NaN, 20, new AdmissionRate.Signals(1000, 1000, 1000))).isEqualTo(20);
    assertThat(rates.next(0, 20, CALM)).isEqualTo(20);
  }

  @Test
  @DisplayName("calm: grows by a tenth of the set rate per tick up to four times it")
  void additiveIncrease() {
    double r = 20;
    for (int i = 0; i < 5; i++) r = rates.next(r, 20, CALM);
    assertThat(r).isEqualTo(30);
    for (int i = 0; i < 100; i++) r = rates.next(r, 20, CALM);
    assertThat(r).isEqualTo(80);
  }

  @Test
  @DisplayName("any queue above its high mark halves the rate, down to one a second and never to zero")
  void multiplicativeDecrease() {
    assertThat(rates.next(40, 20, new AdmissionRate.Signals(32, 0, 0))).isEqualTo(20);
    assertThat(rates.next(40, 20, new AdmissionRate.Signals(0, 128, 0))).isEqualTo(20);
    assertThat(rates.next(40, 20, new AdmissionRate.Signals(0, 0, 500))).isEqualTo(20);
    double r = 40;
    for (int i = 0; i < 20; i++) r = rates.next(r, 20, new AdmissionRate.Signals(100, 0, 0));
    assertThat(r).isEqualTo(AdmissionRate.FLOOR);
  }

  @Test
  @DisplayName("between the marks the rate holds; a simulated backlog that builds and drains is followed")
  void holdsBetweenMarks() {
    assertThat(rates.next(33, 20, new AdmissionRate.Signals(10, 0, 0))).isEqualTo(33);
    double r = 20;
    double[] backlog = {0, 0, 0, 40, 90, 200, 150, 60, 10, 0, 0};
    double[] expected = {22, 24, 26, 26, 26, 13, 6.5, 6.5, 8.5, 10.5, 12.5};
    for (int i = 0; i < backlog.length; i++) {
      r = rates.next(r, 20, new AdmissionRate.Signals(0, 0, backlog[i]));
      assertThat(r).as("tick %d, backlog %s", i, backlog[i]).isEqualTo(expected[i]);
    }
  }
}
