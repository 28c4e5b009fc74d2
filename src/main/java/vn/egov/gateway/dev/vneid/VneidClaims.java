package vn.egov.gateway.dev.vneid;

import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.util.List;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.Citizen.Address;
import vn.egov.gateway.dev.ReferenceUnits;

/**
 * The national IdP's claims, with the Vietnamese names public third-party code shows (DOMAIN.md,
 * unconfirmed): {@code SoDinhDanh}, {@code HoVaTen}, {@code NgayThangNamSinh} as yyyyMMdd, ...
 * The gateway maps them in configuration, so these names live only here and in its config.
 */
final class VneidClaims {
  static final String LOA1 = "LoA1";
  static final String LOA2 = "LoA2";

  static final String IDENTITY_NUMBER = "SoDinhDanh";
  static final String FULL_NAME = "HoVaTen";
  static final String BIRTHDATE = "NgayThangNamSinh";
  static final String GENDER = "GioiTinh";
  static final String ACCOUNT_LEVEL = "LoaiTaiKhoan";
  static final String TECH_ID = "TechID";
  static final String ETHNICITY = "DanToc";
  static final String NATIONALITY = "QuocTich";
  static final String HOMETOWN = "QueQuan";
  static final String PERMANENT_ADDRESS = "ThuongTru";
  static final String CURRENT_ADDRESS = "NoiOHienNay";
  static final String PHONE = "SoDienThoai";
  static final String EMAIL = "ThuDienTu";

  /** For discovery's {@code claims_supported}: the ID token's claims, then userinfo's. */
  static final List<String> SUPPORTED = List.of(
      "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr",
      IDENTITY_NUMBER, FULL_NAME, BIRTHDATE, GENDER, ACCOUNT_LEVEL, TECH_ID, ETHNICITY, NATIONALITY, HOMETOWN,
      PERMANENT_ADDRESS, CURRENT_ADDRESS, PHONE, EMAIL);

  private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final ReferenceUnits units;

  VneidClaims(ReferenceUnits units) {
    this.units = units;
  }

  /** VNeID levels map onto the assurance levels portals ask for: level 1 is LoA1, level 2 is LoA2. */
  static String acr(Citizen citizen) {
    return citizen.level() == 2 ? LOA2 : LOA1;
  }

  /** The userinfo response (OIDC Core 5.3.2); {@code sub} is the same opaque subject as in the ID token. */
  JsonObject userinfo(Citizen c) {
    return new JsonObject()
        .put("sub", c.upstreamSubject())
        .put(IDENTITY_NUMBER, c.identityNumber())
        .put(FULL_NAME, c.fullName())
        .put(BIRTHDATE, c.birthdate().format(YYYYMMDD))
        .put(GENDER, c.gender().vietnamese())
        .put(ACCOUNT_LEVEL, "MUC_" + c.level())
        .put(TECH_ID, c.techId())
        .put(ETHNICITY, c.ethnicity())
        .put(NATIONALITY, c.nationality())
        .put(HOMETOWN, c.hometown())
        .put(PERMANENT_ADDRESS, address(c.permanentAddress()))
        .put(CURRENT_ADDRESS, address(c.currentAddress()))
        .put(PHONE, c.phone())
        .put(EMAIL, c.email());
  }

  /** A structured address; {@code MaHuyenCu} is set only for pre-2025 data, whose MaXa is then a legacy ward code. */
  JsonObject address(Address a) {
    String province = a.legacy()
        ? units.legacyProvince(a.provinceCode()).map(ReferenceUnits.Province::name).orElse(null)
        : units.province(a.provinceCode()).map(ReferenceUnits.Province::name).orElse(null);
    return new JsonObject()
        .put("MaTinh", a.provinceCode())
        .put("TenTinh", province)
        .put("MaXa", a.communeCode())
        .put("TenXa", units.communeName(a.communeCode(), a.legacyDistrictCode()).orElse(null))
        .put("MaHuyenCu", a.legacyDistrictCode())
        .put("ChiTiet", a.detail())
        .put("DiaChiDayDu", a.fullText());
  }
}
