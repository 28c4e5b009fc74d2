package vn.egov.gateway.forms;

import java.util.Optional;

/**
 * A 12-digit personal identification number (số định danh cá nhân) decoded as DOMAIN.md gives it:
 * 3-digit code of the province where the birth was registered ({@code 0} + the pre-2025 province
 * code), a century-and-sex digit, the last two digits of the year of birth, 6 random digits. There
 * is no check digit. Century/sex digit d: year = 1900 + 100 x (d div 2) + YY, sex = d mod 2 (0 male).
 */
record IdentityNumber(String provincePrefix, int birthYear, boolean female) {

  /** The decoded number, or empty unless it is exactly 12 ASCII digits. */
  static Optional<IdentityNumber> parse(String s) {
    if (s == null || s.length() != 12) return Optional.empty();
    for (int i = 0; i < 12; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return Optional.empty();
    }
    int d = s.charAt(3) - '0';
    int yy = (s.charAt(4) - '0') * 10 + (s.charAt(5) - '0');
    return Optional.of(new IdentityNumber(s.substring(0, 3), 1900 + 100 * (d / 2) + yy, d % 2 == 1));
  }

  /** The pre-2025 province code the prefix names, if it has the {@code 0} + 2-digit shape. */
  Optional<String> legacyProvinceCode() {
    return provincePrefix.charAt(0) == '0' ? Optional.of(provincePrefix.substring(1)) : Optional.empty();
  }
}
