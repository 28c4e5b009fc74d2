package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts a register address's unit codes to the units in force since 1 July 2025, from the
 * bundled reference files ({@code src/main/resources/reference/}, see the README there and
 * {@code data/README.md} of the shared reference data for sources and checks).
 *
 * <p>All 126 current Hà Nội codes are also pre-2025 ward codes (a merged unit kept one
 * predecessor's code, 00004 was Trúc Bạch and is now Ba Đình), so a commune code alone does not
 * say which table it belongs to: the legacy district code does. With it, the commune code is a
 * pre-2025 ward code; without it, a current one.
 *
 * <p>The relation old ward to new commune is many-to-many (Nghị quyết 1656/NQ-UBTVQH15, Điều 1).
 * Where the residents of an old ward all went to one new unit the address is converted; where the
 * population was split the new unit depends on the street address, and the gateway does not guess:
 * the result is {@link Status#AMBIGUOUS} with the candidates, and the legacy code is kept.
 *
 * <p>Only Hà Nội has commune-level data. Other provinces get their province code converted
 * (Nghị quyết 202/2025/QH15) and an {@link Status#UNKNOWN} commune that is kept as given.
 *
 * <p>Immutable; load once at start-up with {@link #load()} and share.
 */
public final class AdministrativeUnits {
  /** The day the two-level structure and the merged provinces and communes took effect. */
  public static final LocalDate REFORM_DATE = LocalDate.of(2025, 7, 1);
  public static final String HANOI = "01";
  static final String RESOURCE_DIR = "/reference/";
  static final String NQ_1656 = "Nghị quyết 1656/NQ-UBTVQH15";
  static final String NQ_202 = "Nghị quyết 202/2025/QH15";

  /** How a register address relates to the current units. */
  public enum Status {
    /** Already a unit in force since 1 July 2025. */
    CURRENT,
    /** A legacy unit whose residents all went to one current unit; the new codes replace the old. */
    CONVERTED,
    /** A legacy unit whose population was split: the current unit depends on the street address. */
    AMBIGUOUS,
    /** A code the reference data does not hold (or a province without commune data): kept as given. */
    UNKNOWN
  }

  /** A unit of either structure: code and full name with its prefix ({@code Phường Ba Đình}). */
  public record Unit(String code, String name) {
    public JsonObject toJson() {
      return new JsonObject().put("code", code).put("name", name);
    }
  }

  /** The units an address named before conversion; any part may be null when the code is unknown. */
  public record LegacyUnit(Unit province, Unit district, Unit commune) {
    public JsonObject toJson() {
      JsonObject j = new JsonObject();
      if (province != null) j.put("province", province.toJson());
      if (district != null) j.put("district", district.toJson());
      if (commune != null) j.put("commune", commune.toJson());
      return j;
    }
  }

  /**
   * A current commune that residents of a split legacy ward may now belong to.
   *
   * @param portion the mapping's wording: {@code part} or {@code remainder} (data/README.md)
   * @param clause  the clause (khoản) of Điều 1 of Nghị quyết 1656/NQ-UBTVQH15
   */
  public record Candidate(String code, String name, String portion, int clause) {
    public JsonObject toJson() {
      return new JsonObject().put("code", code).put("name", name).put("portion", portion).put("clause", clause);
    }
  }

  /**
   * The outcome of a conversion.
   *
   * @param province   the current province (converted when the legacy code was merged), or null if unknown
   * @param commune    the current commune when {@code CURRENT} or {@code CONVERTED}, else null
   * @param legacy     the legacy units when the input carried a legacy district code, else null
   * @param candidates for {@code AMBIGUOUS}, the current communes the residents went to; else empty
   * @param note       provenance for the citizen, citing the resolution and clause
   */
  public record Conversion(Status status, Unit province, Unit commune, LegacyUnit legacy, List<Candidate> candidates,
      Localized note) {
    public Conversion {
      Objects.requireNonNull(status, "status");
      candidates = List.copyOf(candidates);
      Objects.requireNonNull(note, "note");
    }

    public JsonObject toJson() {
      JsonObject j = new JsonObject().put("status", status.name());
      if (province != null) j.put("province", province.toJson());
      if (commune != null) j.put("commune", commune.toJson());
      if (legacy != null) j.put("legacy", legacy.toJson());
      if (!candidates.isEmpty()) j.put("candidates", new JsonArray(candidates.stream().map(Candidate::toJson).toList()));
      return j.put("note", note.toJson());
    }
  }

  /** One row of {@code hanoi-units-mapping-2025.csv}. */
  private record MappingRow(String oldCode, String newCode, String newName, String relation, String portion, int clause) {
  }

  private record LegacyWard(String districtCode, String districtName, String wardCode, String wardName) {
  }

  /**
   * Legacy province code to the code of the province it became part of, for the 23 provinces
   * formed by merger on 1 July 2025 (Nghị quyết 202/2025/QH15, Điều 1). The merged province kept
   * one predecessor's code; codes not listed are either unchanged provinces or kept their own code.
   */
  private static final Map<String, String> MERGED_PROVINCES = Map.ofEntries(
      Map.entry("02", "08"),                        // Hà Giang -> Tuyên Quang
      Map.entry("06", "19"),                        // Bắc Kạn -> Thái Nguyên
      Map.entry("10", "15"),                        // Lào Cai + Yên Bái -> Lào Cai (15)
      Map.entry("17", "25"), Map.entry("26", "25"), // Hòa Bình, Vĩnh Phúc -> Phú Thọ
      Map.entry("27", "24"),                        // Bắc Ninh + Bắc Giang -> Bắc Ninh (24)
      Map.entry("30", "31"),                        // Hải Dương -> Hải Phòng
      Map.entry("34", "33"),                        // Thái Bình -> Hưng Yên
      Map.entry("35", "37"), Map.entry("36", "37"), // Hà Nam, Nam Định -> Ninh Bình
      Map.entry("45", "44"),                        // Quảng Trị + Quảng Bình -> Quảng Trị (44)
      Map.entry("49", "48"),                        // Quảng Nam -> Đà Nẵng
      Map.entry("62", "51"),                        // Kon Tum -> Quảng Ngãi
      Map.entry("64", "52"),                        // Gia Lai + Bình Định -> Gia Lai (52)
      Map.entry("58", "56"),                        // Ninh Thuận -> Khánh Hòa
      Map.entry("60", "68"), Map.entry("67", "68"), // Bình Thuận, Đắk Nông -> Lâm Đồng
      Map.entry("54", "66"),                        // Phú Yên -> Đắk Lắk
      Map.entry("74", "79"), Map.entry("77", "79"), // Bình Dương, Bà Rịa - Vũng Tàu -> Hồ Chí Minh
      Map.entry("70", "75"),                        // Bình Phước -> Đồng Nai
      Map.entry("72", "80"),                        // Tây Ninh + Long An -> Tây Ninh (80)
      Map.entry("93", "92"), Map.entry("94", "92"), // Hậu Giang, Sóc Trăng -> Cần Thơ
      Map.entry("83", "86"), Map.entry("84", "86"), // Bến Tre, Trà Vinh -> Vĩnh Long
      Map.entry("87", "82"),                        // Đồng Tháp + Tiền Giang -> Đồng Tháp (82)
      Map.entry("95", "96"),                        // Bạc Liêu -> Cà Mau
      Map.entry("89", "91"));                       // An Giang + Kiên Giang -> An Giang (91)

  /** The centrally-run cities of Nghị quyết 202/2025/QH15: Hà Nội, Hải Phòng, Huế, Đà Nẵng, Hồ Chí Minh, Cần Thơ. */
  private static final Set<String> CITIES = Set.of("01", "31", "46", "48", "79", "92");

  private final Map<String, String> legacyProvinces;
  private final Map<String, String> provinces;
  private final Map<String, String> communes;
  private final Map<String, LegacyWard> legacyWards;
  private final Map<String, List<MappingRow>> mapping;

  private AdministrativeUnits(Map<String, String> legacyProvinces, Map<String, String> provinces,
      Map<String, String> communes, Map<String, LegacyWard> legacyWards, Map<String, List<MappingRow>> mapping) {
    this.legacyProvinces = legacyProvinces;
    this.provinces = provinces;
    this.communes = communes;
    this.legacyWards = legacyWards;
    this.mapping = mapping;
  }

  /** Reads the bundled tables (blocking; call once at start-up) and checks that they fit together. */
  public static AdministrativeUnits load() {
    Map<String, String> legacyProvinces = new LinkedHashMap<>();
    for (String[] r : read("provinces-legacy.csv", "code,name")) put(legacyProvinces, r[0], r[1], "provinces-legacy.csv");
    Map<String, String> provinces = new LinkedHashMap<>();
    for (String[] r : read("provinces-2025.csv", "code,name")) put(provinces, r[0], r[1], "provinces-2025.csv");
    Map<String, String> communes = new LinkedHashMap<>();
    for (String[] r : read("hanoi-units-2025.csv", "code,name,type,province_code")) put(communes, r[0], r[1], "hanoi-units-2025.csv");
    Map<String, LegacyWard> wards = new LinkedHashMap<>();
    for (String[] r : read("hanoi-units-legacy.csv", "district_code,district_name,ward_code,ward_name,ward_type")) {
      put(wards, r[2], new LegacyWard(r[0], r[1], r[2], r[3]), "hanoi-units-legacy.csv");
    }
    Map<String, List<MappingRow>> mapping = new LinkedHashMap<>();
    for (String[] r : read("hanoi-units-mapping-2025.csv",
        "old_ward_code,old_ward_name,old_district_code,old_district_name,new_code,new_name,relation,portion,nq1656_clause")) {
      if (!wards.containsKey(r[0]) || !communes.containsKey(r[4])) {
        throw new IllegalStateException("hanoi-units-mapping-2025.csv: " + r[0] + " -> " + r[4] + " names a unit missing from the unit files");
      }
      mapping.computeIfAbsent(r[0], k -> new ArrayList<>()).add(new MappingRow(r[0], r[4], r[5], r[6], r[7], Integer.parseInt(r[8])));
    }
    for (String code : MERGED_PROVINCES.keySet()) {
      if (!legacyProvinces.containsKey(code) || !provinces.containsKey(MERGED_PROVINCES.get(code))) {
        throw new IllegalStateException("province merger table names an unknown code " + code);
      }
    }
    mapping.replaceAll((k, v) -> List.copyOf(v));
    return new AdministrativeUnits(Map.copyOf(legacyProvinces), Map.copyOf(provinces), Map.copyOf(communes),
        Map.copyOf(wards), Map.copyOf(mapping));
  }

  /** A province in force since 1 July 2025, by its 2-digit code. */
  public Optional<Unit> province(String code) {
    return Optional.ofNullable(code == null ? null : provinces.get(code)).map(n -> new Unit(code, n));
  }

  /** A Hà Nội commune in force since 1 July 2025, by its 5-digit code. */
  public Optional<Unit> commune(String code) {
    return Optional.ofNullable(code == null ? null : communes.get(code)).map(n -> new Unit(code, n));
  }

  /**
   * A current province's name as written in an address: the six centrally-run cities of Nghị quyết
   * 202/2025/QH15 are "Thành phố ...", the others "Tỉnh ...". (Đồng Nai's later change to a city,
   * data/README.md, is not applied: its effective date is not confirmed here.)
   */
  public Optional<String> provinceFullName(String code) {
    return province(code).map(p -> (CITIES.contains(code) ? "Thành phố " : "Tỉnh ") + p.name());
  }

  /** The current province a legacy (pre-2025) province code belongs to. */
  public Optional<Unit> currentProvinceOfLegacy(String legacyCode) {
    if (legacyCode == null || !legacyProvinces.containsKey(legacyCode)) return Optional.empty();
    return province(MERGED_PROVINCES.getOrDefault(legacyCode, legacyCode));
  }

  /**
   * Where a register address's units are today.
   *
   * @param provinceCode       2-digit province code (legacy when {@code legacyDistrictCode} is set)
   * @param communeCode        5-digit commune code (a pre-2025 ward code when {@code legacyDistrictCode} is set)
   * @param legacyDistrictCode the 3-digit district code of pre-2025 data, or null for current data
   */
  public Conversion convert(String provinceCode, String communeCode, String legacyDistrictCode) {
    return legacyDistrictCode == null ? current(provinceCode, communeCode) : legacy(provinceCode, communeCode, legacyDistrictCode);
  }

  private Conversion current(String provinceCode, String communeCode) {
    Optional<Unit> province = province(provinceCode);
    if (province.isEmpty()) {
      return unknown(null, null, new Localized(
          "Mã tỉnh " + shown(provinceCode) + " không có trong danh mục 34 tỉnh, thành phố từ ngày 01/7/2025; giữ nguyên mã theo CSDL dân cư.",
          "Province code " + shown(provinceCode) + " is not among the 34 provinces in force since 1 July 2025; kept as in the register."));
    }
    if (!HANOI.equals(provinceCode)) {
      return unknown(province.get(), null, new Localized(
          "Chưa có danh mục cấp xã của " + province.get().name() + " để kiểm tra mã xã " + shown(communeCode)
              + "; giữ nguyên mã theo CSDL dân cư.",
          "No commune list for " + province.get().name() + " to check commune code " + shown(communeCode)
              + "; kept as in the register."));
    }
    Optional<Unit> commune = commune(communeCode);
    if (commune.isEmpty()) {
      return unknown(province.get(), null, new Localized(
          "Mã xã " + shown(communeCode) + " không có trong danh mục 126 đơn vị hành chính cấp xã của Hà Nội từ ngày 01/7/2025; giữ nguyên.",
          "Commune code " + shown(communeCode) + " is not among Hà Nội's 126 communes in force since 1 July 2025; kept as given."));
    }
    return new Conversion(Status.CURRENT, province.get(), commune.get(), null, List.of(), new Localized(
        "Đơn vị hành chính hiện hành: " + commune.get().name() + ", " + province.get().name() + ".",
        "Current administrative unit: " + commune.get().name() + ", " + province.get().name() + "."));
  }

  private Conversion legacy(String provinceCode, String wardCode, String districtCode) {
    Optional<Unit> province = currentProvinceOfLegacy(provinceCode);
    Unit legacyProvince = provinceCode != null && legacyProvinces.containsKey(provinceCode)
        ? new Unit(provinceCode, legacyProvinces.get(provinceCode)) : null;
    if (province.isEmpty()) {
      return unknown(null, new LegacyUnit(null, new Unit(districtCode, null), new Unit(wardCode, null)), new Localized(
          "Mã tỉnh " + shown(provinceCode) + " không có trong danh mục 63 tỉnh, thành phố trước ngày 01/7/2025; giữ nguyên mã theo CSDL dân cư.",
          "Province code " + shown(provinceCode) + " is not among the 63 provinces before 1 July 2025; kept as in the register."));
    }
    if (!HANOI.equals(provinceCode)) {
      boolean merged = !province.get().code().equals(provinceCode);
      String vi = merged
          ? legacyProvince.name() + " (mã " + provinceCode + ") nay thuộc " + province.get().name() + " (mã " + province.get().code()
              + ") theo " + NQ_202 + ". "
          : "";
      String en = merged
          ? legacyProvince.name() + " (code " + provinceCode + ") is now part of " + province.get().name() + " (code "
              + province.get().code() + ") under " + NQ_202 + ". "
          : "";
      return unknown(province.get(), new LegacyUnit(legacyProvince, new Unit(districtCode, null), new Unit(wardCode, null)),
          new Localized(vi + "Chưa có dữ liệu chuyển đổi cấp xã: giữ nguyên mã xã cũ " + shown(wardCode) + " (huyện " + districtCode + ").",
              en + "No commune-level conversion data: legacy commune code " + shown(wardCode) + " (district " + districtCode + ") kept."));
    }
    LegacyWard ward = wardCode == null ? null : legacyWards.get(wardCode);
    if (ward == null || !ward.districtCode().equals(districtCode)) {
      String why = ward == null ? "không có trong danh mục đơn vị hành chính của Hà Nội trước ngày 01/7/2025"
          : "thuộc " + ward.districtName() + " (mã " + ward.districtCode() + "), không thuộc mã huyện " + districtCode;
      String whyEn = ward == null ? "is not among Hà Nội's units before 1 July 2025"
          : "belongs to " + ward.districtName() + " (code " + ward.districtCode() + "), not to district " + districtCode;
      return unknown(province.get(), new LegacyUnit(legacyProvince, new Unit(districtCode, null), new Unit(wardCode, null)),
          new Localized("Mã xã cũ " + shown(wardCode) + " " + why + "; giữ nguyên mã theo CSDL dân cư.",
              "Legacy commune code " + shown(wardCode) + " " + whyEn + "; kept as in the register."));
    }
    LegacyUnit legacy = new LegacyUnit(legacyProvince, new Unit(ward.districtCode(), ward.districtName()),
        new Unit(ward.wardCode(), ward.wardName()));
    String from = ward.wardName() + " (" + ward.districtName() + ")";
    List<MappingRow> rows = mapping.getOrDefault(wardCode, List.of());
    List<MappingRow> residents = residentsWentTo(rows);
    if (residents.size() == 1) {
      MappingRow to = residents.get(0);
      Unit commune = new Unit(to.newCode(), to.newName());
      String[] how = switch (to.portion()) {
        case "full" -> new String[] {"", ""};
        case "part_area_all_population" -> new String[] {
            " (toàn bộ quy mô dân số; các phần khác chỉ chuyển diện tích)",
            " (all of its population; other parts moved land only)"};
        default -> new String[] {
            " (phần còn lại; các phần khác chỉ chuyển diện tích, không có dân cư)",
            " (the remainder; other parts moved land only, with no residents)"};
      };
      return new Conversion(Status.CONVERTED, province.get(), commune, legacy, List.of(), new Localized(
          "Chuyển đổi từ " + from + " sang " + commune.name() + " theo khoản " + to.clause() + " Điều 1 " + NQ_1656 + how[0] + ".",
          "Converted from " + from + " to " + commune.name() + " under Article 1, clause " + to.clause() + " of Resolution "
              + NQ_1656.substring("Nghị quyết ".length()) + how[1] + "."));
    }
    if (residents.isEmpty()) {
      return unknown(province.get(), legacy, new Localized(
          from + " không có trong bảng chuyển đổi theo " + NQ_1656 + "; giữ nguyên mã cũ.",
          from + " is not in the conversion table of " + NQ_1656 + "; legacy code kept."));
    }
    List<Candidate> candidates = residents.stream()
        .map(r -> new Candidate(r.newCode(), r.newName(), r.portion(), r.clause())).toList();
    String names = candidates.stream().map(Candidate::name).collect(Collectors.joining(", "));
    String clauses = candidates.stream().map(c -> String.valueOf(c.clause())).distinct().collect(Collectors.joining(", "));
    return new Conversion(Status.AMBIGUOUS, province.get(), null, legacy, candidates, new Localized(
        from + " được chia theo khoản " + clauses + " Điều 1 " + NQ_1656
            + ": đơn vị mới phụ thuộc địa chỉ cụ thể; giữ mã cũ " + wardCode + ", vui lòng chọn một trong: " + names + ".",
        from + " was split under Article 1, clause " + clauses + " of Resolution " + NQ_1656.substring("Nghị quyết ".length())
            + ": the new unit depends on the street address; legacy code " + wardCode + " kept, please choose one of: " + names + "."));
  }

  /**
   * The current units the residents of a legacy ward went to, read from the resolution's wording
   * (data/README.md): the whole unit ({@code full}), or the one unit that took all the population
   * ({@code part_area_all_population}); otherwise every {@code part} and the {@code remainder},
   * since {@code part_area_only} moved land without residents.
   */
  private static List<MappingRow> residentsWentTo(List<MappingRow> rows) {
    List<MappingRow> whole = rows.stream()
        .filter(r -> r.portion().equals("full") || r.portion().equals("part_area_all_population")).toList();
    List<MappingRow> chosen = whole.isEmpty()
        ? rows.stream().filter(r -> r.portion().equals("part") || r.portion().equals("remainder")).toList()
        : whole;
    Map<String, MappingRow> byCode = new LinkedHashMap<>();
    for (MappingRow r : chosen) byCode.putIfAbsent(r.newCode(), r);
    return List.copyOf(byCode.values());
  }

  private static Conversion unknown(Unit province, LegacyUnit legacy, Localized note) {
    return new Conversion(Status.UNKNOWN, province, null, legacy, List.of(), note);
  }

  private static String shown(String code) {
    return code == null ? "(trống)" : code;
  }

  private static <T> void put(Map<String, T> map, String key, T value, String file) {
    if (map.put(key, value) != null) throw new IllegalStateException(file + ": duplicate code " + key);
  }

  /** Rows without the header, NFC-normalised; the files hold no quoted fields (data/README.md). */
  private static List<String[]> read(String file, String header) {
    String name = RESOURCE_DIR + file;
    int columns = header.split(",").length;
    try (InputStream in = AdministrativeUnits.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String first = reader.readLine();
      if (!header.equals(first)) throw new IllegalStateException(name + ": expected header '" + header + "', got '" + first + "'");
      List<String[]> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) continue;
        String[] cells = Normalizer.normalize(line, Normalizer.Form.NFC).split(",", -1);
        if (cells.length != columns) {
          throw new IllegalStateException(name + ": expected " + columns + " columns in '" + line + "' (" + Arrays.toString(cells) + ")");
        }
        rows.add(cells);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
