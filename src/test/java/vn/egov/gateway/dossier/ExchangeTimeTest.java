package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The national portal's {@code yyyyMMddHHmmss}, always in Vietnam time. */
class ExchangeTimeTest {
  @Test
  void formatsInVietnamTime() {
    assertThat(ExchangeTime.format(Instant.parse("2026-09-30T03:04:05Z"))).isEqualTo("20260930100405");
    assertThat(ExchangeTime.format(ZonedDateTime.of(2026, 12, 31, 20, 0, 0, 0, ZoneOffset.UTC))).isEqualTo("20270101030000");
  }

  @Test
  void parsesBackToTheSameInstant() {
    ZonedDateTime t = ExchangeTime.parse("20260930100405");
    assertThat(t).isEqualTo(ZonedDateTime.of(2026, 9, 30, 10, 4, 5, 0, WorkingCalendar.ZONE));
    assertThat(t.toInstant()).isEqualTo(Instant.parse("2026-09-30T03:04:05Z"));
    assertThat(ExchangeTime.format(t)).isEqualTo("20260930100405");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026093010040", "202609301004055", "2026-09-30T10", "+2026093010040", " 20260930100405",
      "２０２６０９３０１００４０５"})
  void refusesAnythingButFourteenAsciiDigits(String text) {
    assertThatThrownBy(() -> ExchangeTime.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exchange time must be 14 digits yyyyMMddHHmmss (got '" + text + "')");
  }

  @ParameterizedTest
  @ValueSource(strings = {"20260230100405", "20250229000000", "20260930240000", "20260930106000", "20261301000000"})
  void refusesImpossibleDatesAndTimes(String text) {
    assertThatThrownBy(() -> ExchangeTime.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exchange time '" + text + "' is not a real date and time");
  }
}
