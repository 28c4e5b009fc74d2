package vn.egov.gateway.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The administrative units the synthetic citizens live in, read once from the bundled copies of
 * {@code /work/shared/data} ({@code src/main/resources/reference/}, see its README for sources and
 * validity dates). Codes are strings: they keep their leading zeros.
 */
public final class ReferenceUnits {
  /** Resource folder of the bundled reference files. */
  public static final String RESOURCE_DIR = "/reference/";
  public static final String HANOI_CODE = "01";

  public record Province(String code, String name) {
  }

  /** A commune-level unit in force from 2025-07-01 (two-level structure). */
  public record Commune(String code, String name, String type, String provinceCode) {
    public boolean urban() {
      return type.equals("phuong");
    }
  }

  /** A ward, commune or township of the pre-2025 three-level structure, with its district. */
  public record LegacyWard(String districtCode, String districtName, String wardCode, String wardName, String wardType) {
    public boolean urban() {
      return wardType.equals("phuong") || wardType.equals("thi_tran");
    }
  }

  private final Map<String, Province> legacyProvinces;
  private final Map<String, Province> provinces;
  private final Map<String, Commune> hanoiCommunes;
  private final Map<String, LegacyWard> hanoiLegacyWards;

  private ReferenceUnits() {
    legacyProvinces = index(read("provinces-legacy.csv", 2).stream().map(r -> new Province(r[0], r[1])).toList(), Province::code);
    provinces = index(read("provinces-2025.csv", 2).stream().map(r -> new Province(r[0], r[1])).toList(), Province::code);
    hanoiCommunes = index(read("hanoi-units-2025.csv", 4).stream().map(r -> new Commune(r[0], r[1], r[2], r[3])).toList(),
        Commune::code);
    hanoiLegacyWards = index(read("hanoi-units-legacy.csv", 5).stream()
        .map(r -> new LegacyWard(r[0], r[1], r[2], r[3], r[4])).toList(), LegacyWard::wardCode);
  }

  /** The bundled tables, read on first use. They are immutable, so one copy serves every generator. */
  public static ReferenceUnits bundled() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final ReferenceUnits INSTANCE = new ReferenceUnits();
  }

  /** The 63 provinces before 2025-07-01; their codes are the birth-registration prefixes of ID numbers. */
  public List<Province> legacyProvinces() {
    return List.copyOf(legacyProvinces.values());
  }

  public Optional<Province> legacyProvince(String code) {
    return Optional.ofNullable(legacyProvinces.get(code));
  }

  /** The 34 provinces from 2025-07-01. */
  public Optional<Province> province(String code) {
    return Optional.ofNullable(provinces.get(code));
  }

  public List<Commune> hanoiCommunes() {
    return List.copyOf(hanoiCommunes.values());
  }

  public Optional<Commune> hanoiCommune(String code) {
    return Optional.ofNullable(hanoiCommunes.get(code));
  }

  public List<LegacyWard> hanoiLegacyWards() {
    return List.copyOf(hanoiLegacyWards.values());
  }

  public Optional<LegacyWard> hanoiLegacyWard(String code) {
    return Optional.ofNullable(hanoiLegacyWards.get(code));
  }

  /**
   * The name of an address's commune. A legacy district code says the commune code is from the
   * pre-2025 table: a merged unit kept one predecessor's code (00004 was Trúc Bạch, is now Ba Đình).
   */
  public Optional<String> communeName(String communeCode, String legacyDistrictCode) {
    if (legacyDistrictCode != null) {
      return hanoiLegacyWard(communeCode).filter(w -> w.districtCode().equals(legacyDistrictCode)).map(LegacyWard::wardName);
    }
    return hanoiCommune(communeCode).map(Commune::name);
  }

  private static <T> Map<String, T> index(List<T> rows, Function<T, String> key) {
    Map<String, T> out = new LinkedHashMap<>();
    for (T row : rows) {
      if (out.put(key.apply(row), row) != null) throw new IllegalStateException("duplicate code " + key.apply(row));
    }
    return out;
  }

  /** Rows without the header; the files hold no quoted fields (README: no field contains a comma). */
  private static List<String[]> read(String file, int columns) {
    String name = RESOURCE_DIR + file;
    try (InputStream in = ReferenceUnits.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String[]> rows = new ArrayList<>();
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) continue;
        String[] cells = Normalizer.normalize(line, Normalizer.Form.NFC).split(",", -1);
        if (cells.length != columns) throw new IllegalStateException(name + ": expected " + columns + " columns in '" + line + "'");
        rows.add(cells);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
