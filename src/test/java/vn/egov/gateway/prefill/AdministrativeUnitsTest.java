package vn.egov.gateway.prefill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.prefill.AdministrativeUnits.Candidate;
import vn.egov.gateway.prefill.AdministrativeUnits.Conversion;
import vn.egov.gateway.prefill.AdministrativeUnits.Status;
import vn.egov.gateway.prefill.AdministrativeUnits.Unit;

/** Address conversion with real Hà Nội codes from the bundled reference files (Nghị quyết 1656/NQ-UBTVQH15). */
class AdministrativeUnitsTest {
  static AdministrativeUnits units;

  @BeforeAll
  static void load() {
    units = AdministrativeUnits.load();
  }

  @Test
  void aWardThatWentWholeIsConvertedWithTheClause() {
    // 00004 Phường Trúc Bạch (Quận Ba Đình) went whole into 00004 Phường Ba Đình, clause 3.
    Conversion c = units.convert("01", "00004", "001");

    assertThat(c.status()).isEqualTo(Status.CONVERTED);
    assertThat(c.province()).isEqualTo(new Unit("01", "Hà Nội"));
    assertThat(c.commune()).isEqualTo(new Unit("00004", "Phường Ba Đình"));
    assertThat(c.legacy().commune()).isEqualTo(new Unit("00004", "Phường Trúc Bạch"));
    assertThat(c.legacy().district()).isEqualTo(new Unit("001", "Quận Ba Đình"));
    assertThat(c.candidates()).isEmpty();
    assertThat(c.note().vi()).isEqualTo(
        "Chuyển đổi từ Phường Trúc Bạch (Quận Ba Đình) sang Phường Ba Đình theo khoản 3 Điều 1 Nghị quyết 1656/NQ-UBTVQH15.");
    assertThat(c.note().en()).contains("Converted from Phường Trúc Bạch (Quận Ba Đình)", "clause 3", "1656/NQ-UBTVQH15");
  }

  @Test
  void theSameCodeWithoutALegacyDistrictIsACurrentUnit() {
    // Ba Đình kept Trúc Bạch's code: only the legacy district code tells the tables apart.
    Conversion c = units.convert("01", "00004", null);

    assertThat(c.status()).isEqualTo(Status.CURRENT);
    assertThat(c.commune()).isEqualTo(new Unit("00004", "Phường Ba Đình"));
    assertThat(c.legacy()).isNull();
    assertThat(c.note().vi()).contains("Phường Ba Đình");
  }

  @Test
  void aSplitWardIsAmbiguousWithItsCandidatesAndKeepsTheLegacyCode() {
    // 00007 Phường Cống Vị: part to 00008 Ngọc Hà (clause 4), remainder to 00025 Giảng Võ (clause 5).
    Conversion c = units.convert("01", "00007", "001");

    assertThat(c.status()).isEqualTo(Status.AMBIGUOUS);
    assertThat(c.commune()).isNull();
    assertThat(c.legacy().commune()).isEqualTo(new Unit("00007", "Phường Cống Vị"));
    assertThat(c.candidates()).containsExactly(
        new Candidate("00008", "Phường Ngọc Hà", "part", 4),
        new Candidate("00025", "Phường Giảng Võ", "remainder", 5));
    assertThat(c.note().vi()).contains("Phường Cống Vị (Quận Ba Đình)", "khoản 4, 5", "00007", "Phường Ngọc Hà", "Phường Giảng Võ");
  }

  @Test
  void allThePopulationInOneUnitConvertsThereNotToTheRemainder() {
    // 00145 Phường Long Biên: part of the area and all the population to 00145 Phường Long Biên
    // (clause 39); the remainder (land only) to 00118 Phường Bồ Đề (clause 40).
    Conversion c = units.convert("01", "00145", "004");

    assertThat(c.status()).isEqualTo(Status.CONVERTED);
    assertThat(c.commune()).isEqualTo(new Unit("00145", "Phường Long Biên"));
    assertThat(c.note().vi()).contains("khoản 39", "toàn bộ quy mô dân số");
  }

  @Test
  void areaOnlyPartsCarryNoResidentsSoTheRemainderIsTheNewUnit() {
    // 00112 Phường Thụy Khuê (Quận Tây Hồ): part of the area only to 00004 Ba Đình (clause 3),
    // the remainder to 00103 Phường Tây Hồ (clause 28).
    Conversion c = units.convert("01", "00112", "003");

    assertThat(c.status()).isEqualTo(Status.CONVERTED);
    assertThat(c.commune()).isEqualTo(new Unit("00103", "Phường Tây Hồ"));
    assertThat(c.note().vi()).contains("Phường Thụy Khuê (Quận Tây Hồ)", "khoản 28", "phần còn lại");
  }

  @Test
  void unknownCodesAreFlaggedAndKept() {
    Conversion legacy = units.convert("01", "99999", "001");
    Conversion current = units.convert("01", "99999", null);
    Conversion wrongDistrict = units.convert("01", "00004", "002");

    assertThat(legacy.status()).isEqualTo(Status.UNKNOWN);
    assertThat(legacy.legacy().commune().code()).isEqualTo("99999");
    assertThat(legacy.province().code()).isEqualTo("01");
    assertThat(legacy.note().vi()).contains("99999", "giữ nguyên");
    assertThat(current.status()).isEqualTo(Status.UNKNOWN);
    assertThat(current.note().en()).contains("99999", "kept");
    assertThat(wrongDistrict.status()).isEqualTo(Status.UNKNOWN);
    assertThat(wrongDistrict.note().vi()).contains("Quận Ba Đình", "002");
  }

  @Test
  void otherProvincesConvertTheProvinceOnlyAndKeepTheCommune() {
    // Hà Giang (02) became part of Tuyên Quang (08); Bắc Giang's code 24 now names Bắc Ninh.
    Conversion haGiang = units.convert("02", "00688", "024");
    Conversion bacGiang = units.convert("24", "07210", "213");
    Conversion hcm = units.convert("79", "26734", null);

    assertThat(haGiang.status()).isEqualTo(Status.UNKNOWN);
    assertThat(haGiang.province()).isEqualTo(new Unit("08", "Tuyên Quang"));
    assertThat(haGiang.legacy().commune().code()).isEqualTo("00688");
    assertThat(haGiang.note().vi()).contains("Hà Giang (mã 02) nay thuộc Tuyên Quang (mã 08) theo Nghị quyết 202/2025/QH15", "00688");
    assertThat(bacGiang.province()).isEqualTo(new Unit("24", "Bắc Ninh"));
    assertThat(hcm.status()).isEqualTo(Status.UNKNOWN);
    assertThat(hcm.province()).isEqualTo(new Unit("79", "Hồ Chí Minh"));
    assertThat(units.convert("99", "00001", null).province()).isNull();
  }

  @Test
  void everyLegacyProvinceBelongsToACurrentOneAndTheSevenReusedCodesMapToThemselves() throws Exception {
    Set<String> targets = new HashSet<>();
    List<String> legacyCodes = column("provinces-legacy.csv", 0);
    for (String code : legacyCodes) {
      assertThat(units.currentProvinceOfLegacy(code)).as(code).isPresent();
      targets.add(units.currentProvinceOfLegacy(code).get().code());
    }
    assertThat(legacyCodes).hasSize(63);
    assertThat(targets).hasSize(34);
    for (String code : List.of("15", "24", "44", "52", "80", "82", "91")) {
      assertThat(units.currentProvinceOfLegacy(code).get().code()).isEqualTo(code);
    }
  }

  @Test
  void everyLegacyHanoiWardConvertsOrIsAmbiguousInTheProportionsTheDataReadmeGives() throws Exception {
    // data/README.md: 327 whole + 21 all-population + 20 area-only-and-remainder convert; 158 were split.
    List<String> districts = column("hanoi-units-legacy.csv", 0);
    List<String> wards = column("hanoi-units-legacy.csv", 2);
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (int i = 0; i < wards.size(); i++) {
      Conversion c = units.convert("01", wards.get(i), districts.get(i));
      counts.merge(c.status(), 1, Integer::sum);
      if (c.status() == Status.AMBIGUOUS) assertThat(c.candidates()).hasSizeGreaterThan(1);
      if (c.status() == Status.CONVERTED) assertThat(units.commune(c.commune().code())).isPresent();
    }
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(Status.CONVERTED, 327 + 21 + 20, Status.AMBIGUOUS, 158));
  }

  private static List<String> column(String file, int index) throws Exception {
    try (var in = AdministrativeUnitsTest.class.getResourceAsStream("/reference/" + file)) {
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().skip(1)
          .filter(l -> !l.isBlank()).map(l -> l.split(",")[index]).toList();
    }
  }
}
