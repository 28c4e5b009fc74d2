package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Receipt codes {@code <agency>-<yyMMdd>-<nnnn>}: format, parse, and what they refuse. */
class ReceiptCodeTest {
  static final String AGENCY = "000.00.01.H26";
  static final LocalDate DAY = LocalDate.of(2026, 9, 30);

  @Test
  void formatsTheObservedShape() {
    ReceiptCode code = ReceiptCode.of(AGENCY, Instant.parse("2026-09-30T03:00:00Z"), 12);
    assertThat(code.format()).isEqualTo("000.00.01.H26-260930-0012");
    assertThat(code).hasToString("000.00.01.H26-260930-0012");
  }

  @Test
  void theDateIsTheDayInVietnam() {
    // 17:00 UTC is midnight in Hà Nội.
    assertThat(ReceiptCode.of(AGENCY, Instant.parse("2026-09-29T17:00:00Z"), 1).receiptDate()).isEqualTo(DAY);
    assertThat(ReceiptCode.of(AGENCY, Instant.parse("2026-09-30T16:59:59Z"), 1).receiptDate()).isEqualTo(DAY);
    assertThat(ReceiptCode.of(AGENCY, Instant.parse("2026-09-30T17:00:00Z"), 1).format()).isEqualTo("000.00.01.H26-261001-0001");
  }

  @Test
  void parsesWhatItFormats() {
    ReceiptCode code = ReceiptCode.parse("000.00.01.H26-260930-0012");
    assertThat(code).isEqualTo(new ReceiptCode(AGENCY, DAY, 12));
    assertThat(ReceiptCode.parse(code.format())).isEqualTo(code);
    assertThat(ReceiptCode.parse("G01-270101-9999")).isEqualTo(new ReceiptCode("G01", LocalDate.of(2027, 1, 1), 9999));
  }

  @Test
  void aReceiptCodeIsASinglePathSegment() {
    String code = new ReceiptCode(AGENCY, DAY, 1).format();
    URI uri = URI.create("https://gw.example/api/v1/dossiers/" + code);
    assertThat(uri.getRawPath()).isEqualTo(uri.getPath()).endsWith("/" + code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "000 00.01.H26", "000.00.01.H26 ", "000/00/01", "000\\01", ".", "..", ".H26", "H26.",
      "000..01", "000.00.01.h26", "000-01", "000%2F01", "H26?x", "H26#x", "Đ01", "０００.01",
      "0123456789.0123456789.0123456789.01234567"})
  void badAgencyCodesAreRefused(String agency) {
    assertThatThrownBy(() -> new ReceiptCode(agency, DAY, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agency code");
  }

  @Test
  void theSequenceRunsFromOneTo9999() {
    assertThat(new ReceiptCode(AGENCY, DAY, 1).format()).endsWith("-0001");
    assertThat(new ReceiptCode(AGENCY, DAY, 9999).format()).endsWith("-9999");
    assertThatThrownBy(() -> new ReceiptCode(AGENCY, DAY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("receipt sequence must be 1..9999 (got 0)");
  }

  @Test
  void sequence10000IsOurCapacityLimitNotBadInput() {
    assertThatThrownBy(() -> ReceiptCode.of(AGENCY, Instant.parse("2026-09-30T03:00:00Z"), 10_000))
        .isExactlyInstanceOf(ReceiptSequenceExhaustedException.class)
        .hasMessage("receipt sequence 10000 for agency 000.00.01.H26 on 2026-09-30 exceeds 9999:"
            + " the day's four-digit counter is exhausted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"000.00.01.H26-260930-12", "000.00.01.H26-260930-10000", "000.00.01.H26_260930_0012",
      "-260930-0012", "000.00.01.H26-2609300-0012", "000.00.01.H26-260930-0012 ", "000.00.01.H26-26093a-0012"})
  void malformedCodesAreRefused(String text) {
    assertThatThrownBy(() -> ReceiptCode.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be <agency code>-<yyMMdd>-<4-digit sequence>");
  }

  @Test
  void aCodeWithAnImpossibleDateOrPartsIsRefused() {
    assertThatThrownBy(() -> ReceiptCode.parse("000.00.01.H26-260230-0012"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'260230' is not a real date yyMMdd");
    assertThatThrownBy(() -> ReceiptCode.parse("000.00.01.H26-260930-0000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> ReceiptCode.parse("../x-260930-0001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agency code '../x'");
    assertThatThrownBy(() -> ReceiptCode.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
