package org.ncrebm.ticket;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Ticket numbers: 15 digits with a Damm check digit")
class TicketNumberTest {
  @Test
  @DisplayName("subject, province, center, slot, room and seat format to 15 digits and parse back to the same parts")
  void roundTrip() {
    for (TicketNumber n : List.of(new TicketNumber("29", "44", "101", 1, 3, 7),
      new TicketNumber("65", "11", "001", 99, 999, 99), new TicketNumber("01", "82", "999", 12, 1, 1))) {
      String text = n.format();
      assertThat(text).hasSize(TicketNumber.LENGTH).containsOnlyDigits();
      assertThat(TicketNumber.parse(text)).isEqualTo(n);
      assertThat(TicketNumber.parse(text).toSeat()).isEqualTo(new Seat(n.slot(), n.room(), n.seat()));
    }
    assertThat(new TicketNumber("29", "44", "101", 1, 3, 7).format()).isEqualTo("294410101003073");
  }

  @Test
  @DisplayName("the check digit is Damm's (572 → 4, the published example)")
  void dammReference() {
    assertThat(TicketNumber.damm("572")).isEqualTo(4);
    assertThat(TicketNumber.damm("5724")).isZero();
  }

  @Test
  @DisplayName("a printed number typed with spaces or hyphens between groups is accepted")
  void grouping() {
    assertThat(TicketNumber.parse(" 29 44 101 01 003 07 3 ")).isEqualTo(new TicketNumber("29", "44", "101", 1, 3, 7));
    assertThat(TicketNumber.parse("29-44-101-01-003-07-3").seat()).isEqualTo(7);
  }

  @Test
  @DisplayName("every single mistyped digit and every swap of adjacent digits is rejected")
  void catchesTypos() {
    String good = new TicketNumber("29", "44", "101", 2, 15, 36).format();
    for (int i = 0; i < good.length(); i++) {
      for (char d = '0'; d <= '9'; d++) {
        if (d == good.charAt(i)) continue;
        String typo = good.substring(0, i) + d + good.substring(i + 1);
        assertThat(TicketNumber.isValid(typo)).as(typo).isFalse();
      }
      if (i + 1 < good.length() && good.charAt(i) != good.charAt(i + 1)) {
        String swapped = good.substring(0, i) + good.charAt(i + 1) + good.charAt(i) + good.substring(i + 2);
        assertThat(TicketNumber.isValid(swapped)).as(swapped).isFalse();
      }
    }
  }

  @Test
  @DisplayName("wrong length, letters, full-width digits and zero slot, room or seat are rejected with a reason")
  void rejects() {
    assertThatThrownBy(() -> TicketNumber.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TicketNumber.parse("29441010100307")).hasMessageContaining("15 digits");
    assertThatThrownBy(() -> TicketNumber.parse("2944101010030733")).hasMessageContaining("15 digits");
    assertThatThrownBy(() -> TicketNumber.parse("29441010100307X")).hasMessageContaining("15 digits");
    assertThatThrownBy(() -> TicketNumber.parse("２９4410101003073")).hasMessageContaining("15 digits");
    assertThatThrownBy(() -> TicketNumber.parse("294410101003074")).hasMessageContaining("check digit");
    // Zero parts with a correct check digit: the format is right, the content is not.
    for (String body : List.of("29441010000307", "29441010100007", "29441010100300")) {
      String number = body + TicketNumber.damm(body);
      assertThatThrownBy(() -> TicketNumber.parse(number)).as(number).hasMessageContaining("between 1 and");
    }
    assertThatThrownBy(() -> new TicketNumber("2", "44", "101", 1, 1, 1)).hasMessageContaining("subject code");
    assertThatThrownBy(() -> new TicketNumber("29", "GD", "101", 1, 1, 1)).hasMessageContaining("province code");
    assertThatThrownBy(() -> new TicketNumber("29", "44", "1010", 1, 1, 1)).hasMessageContaining("center code");
    assertThatThrownBy(() -> new TicketNumber("29", "44", "101", 100, 1, 1)).hasMessageContaining("slot");
    assertThatThrownBy(() -> new TicketNumber("29", "44", "101", 1, 1000, 1)).hasMessageContaining("room");
    assertThatThrownBy(() -> new TicketNumber("29", "44", "101", 1, 1, 100)).hasMessageContaining("seat");
  }
}
