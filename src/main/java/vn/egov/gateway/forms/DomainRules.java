package vn.egov.gateway.forms;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import vn.egov.gateway.prefill.AdministrativeUnits;
import vn.egov.gateway.prefill.AdministrativeUnits.Conversion;
import vn.egov.gateway.prefill.DomainRule;

/**
 * The Vietnamese domain rules a procedure names (config/procedures/*.yaml, {@code rules:}), applied
 * to a form that already went through the schema. A value the schema already refused is not
 * judged again (one error per problem); a value that is absent is the schema's business
 * ({@code required}). Rules whose pointers hold {@code *} apply to every item of the array.
 */
final class DomainRules {
  private static final DateTimeFormatter DMY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
  /**
   * Vietnamese mobile numbers: 10 digits, 0 + a network digit 3, 5, 7, 8 or 9 (the prefixes in use
   * since the 2018 renumbering), or the same in E.164 form (+84 instead of the 0), as the shipped
   * schemas' patterns also accept. A bare "84..." is refused: it is neither form. The value is not
   * rewritten: the agency receives what the citizen typed, and the portal's copy stays the same.
   */
  private static final Pattern VN_MOBILE = Pattern.compile("(?:0|\\+84)[35789][0-9]{8}");
  /** RFC 5321/5322 addr-spec in its common ASCII form: dot-atom local part (64 max), a dotted host name. */
  private static final Pattern EMAIL = Pattern.compile(
      "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
          + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private final AdministrativeUnits units;
  private final JsonObject form;
  private final FormModel model;
  private final LocalDate today;
  private final Set<String> refused;
  private final List<FieldError> errors;
  private final List<FieldError> warnings;

  private DomainRules(AdministrativeUnits units, FormModel model, JsonObject form, LocalDate today, Set<String> refused,
      List<FieldError> errors, List<FieldError> warnings) {
    this.units = units;
    this.model = model;
    this.form = form;
    this.today = today;
    this.refused = refused;
    this.errors = errors;
    this.warnings = warnings;
  }

  /**
   * @param refused pointers the schema already reported
   * @param badText texts that are not well-formed Unicode or hold control characters
   */
  static void apply(AdministrativeUnits units, FormModel model, JsonObject form, LocalDate today, Set<String> refused,
      List<String> badText, List<FieldError> errors, List<FieldError> warnings) {
    DomainRules r = new DomainRules(units, model, form, today, refused, errors, warnings);
    r.refine();
    for (DomainRule rule : model.procedure.rules()) r.apply(rule, badText);
  }

  /**
   * A schema {@code pattern} failure on a field a rule is about says less than the rule would:
   * a phone number's becomes {@code vn-mobile}, an identity number's {@code identity-number-format},
   * with the rule's message.
   */
  private void refine() {
    for (int i = 0; i < errors.size(); i++) {
      FieldError e = errors.get(i);
      if (!e.code().equals("pattern")) continue;
      for (DomainRule rule : model.procedure.rules()) {
        if (rule.kind() == DomainRule.Kind.VN_MOBILE && rule.fields().stream().anyMatch(f -> matches(f, e.pointer()))) {
          errors.set(i, mobileError(e.pointer()));
        } else if (rule.kind() == DomainRule.Kind.IDENTITY_NUMBER_CONSISTENT && matches(rule.fields().get(0), e.pointer())) {
          errors.set(i, identityFormatError(e.pointer()));
        }
      }
    }
  }

  /** Whether a concrete pointer is one a rule's pointer (with {@code *} for any item) names. */
  static boolean matches(String pattern, String pointer) {
    List<String> p = Pointers.segments(pattern);
    List<String> c = Pointers.segments(pointer);
    if (p == null || c == null || p.size() != c.size()) return false;
    for (int i = 0; i < p.size(); i++) {
      if (p.get(i).equals("*") ? !Pointers.isIndex(c.get(i)) : !p.get(i).equals(c.get(i))) return false;
    }
    return true;
  }

  private void apply(DomainRule rule, List<String> badText) {
    switch (rule.kind()) {
      case NFC -> {
        // Every text was NFC-normalised before validation; what is left to refuse is text that
        // no normalisation can make sound (unpaired surrogates, control characters).
        for (String at : badText) {
          FormModel.Label l = model.label(at);
          errors.add(new FieldError(at, "invalid-text", l.vi() + " chứa ký tự điều khiển hoặc ký tự Unicode không hợp lệ.",
              l.en() + " contains control characters or invalid Unicode."));
        }
      }
      case IDENTITY_NUMBER_CONSISTENT -> each(rule.fields().get(0), (at, v) -> identity(rule, at, v));
      case BIRTHDATE_NOT_FUTURE -> rule.fields().forEach(f -> each(f, (at, v) -> notFuture(at, v, "birthdate-in-future")));
      case DATE_NOT_FUTURE -> rule.fields().forEach(f -> each(f, (at, v) -> notFuture(at, v, "date-in-future")));
      case VN_MOBILE -> rule.fields().forEach(f -> each(f, this::mobile));
      case EMAIL -> rule.fields().forEach(f -> each(f, this::email));
      case ADMIN_UNIT_VALID -> rule.fields().forEach(f -> each(f, this::adminUnit));
      case AGE_RANGE -> {
        int[] range = rule.ageRange();
        rule.fields().forEach(f -> each(f, (at, v) -> age(at, v, range[0], range[1])));
      }
    }
  }

  private interface Check {
    void at(String pointer, Object value);
  }

  /** Every present value a (possibly wildcard) pointer names that the schema did not refuse. */
  private void each(String pointer, Check check) {
    Pointers.expand(form, pointer, (at, v) -> {
      if (!refused.contains(at)) check.at(at, v);
    });
  }

  private void identity(DomainRule rule, String at, Object value) {
    if (!(value instanceof String id)) return;
    FormModel.Label l = model.label(at);
    Optional<IdentityNumber> parsed = IdentityNumber.parse(id);
    if (parsed.isEmpty()) {
      errors.add(identityFormatError(at));
      return;
    }
    IdentityNumber n = parsed.get();
    String birthAt = concrete(rule.fields().get(1), rule.fields().get(0), at);
    String sexAt = concrete(rule.fields().get(2), rule.fields().get(0), at);
    LocalDate birth = birthAt == null || refused.contains(birthAt) ? null : date(Pointers.get(form, birthAt));
    if (birth != null && birth.getYear() != n.birthYear()) {
      FormModel.Label b = model.label(birthAt);
      errors.add(new FieldError(at, "identity-number-year-mismatch",
          l.vi() + " mang năm sinh " + n.birthYear() + ", không khớp với " + b.vi() + " (" + birth.getYear() + ").",
          l.en() + " encodes the year of birth " + n.birthYear() + ", which does not match " + b.en() + " (" + birth.getYear() + ")."));
    } else if (birth == null && n.birthYear() > today.getYear()) {
      errors.add(new FieldError(at, "identity-number-future-year", l.vi() + " mang năm sinh " + n.birthYear() + " ở tương lai.",
          l.en() + " encodes the year of birth " + n.birthYear() + ", which is in the future."));
    }
    Object sex = sexAt == null || refused.contains(sexAt) ? null : Pointers.get(form, sexAt);
    if ("MALE".equals(sex) || "FEMALE".equals(sex)) {
      boolean female = sex.equals("FEMALE");
      if (female != n.female()) {
        FormModel.Label s = model.label(sexAt);
        errors.add(new FieldError(at, "identity-number-sex-mismatch",
            l.vi() + " mang giới tính " + (n.female() ? "nữ" : "nam") + ", không khớp với " + s.vi() + ".",
            l.en() + " encodes the sex " + (n.female() ? "female" : "male") + ", which does not match " + s.en() + "."));
      }
    }
    // DOMAIN.md: an unknown prefix is a warning, not a rejection (births registered abroad).
    boolean known = n.legacyProvinceCode().flatMap(units::currentProvinceOfLegacy).isPresent();
    if (!known) {
      warnings.add(new FieldError(at, "identity-number-unknown-province",
          l.vi() + " có mã nơi đăng ký khai sinh " + n.provincePrefix() + " không thuộc 63 tỉnh, thành phố (có thể đăng ký khai sinh ở nước ngoài).",
          l.en() + " has the birth-registration code " + n.provincePrefix()
              + ", which is none of the 63 provinces (the birth may have been registered abroad)."));
    }
  }

  /**
   * The pointer of a rule's other field for one concrete item: {@code /members/* /birthdate} for
   * the identity number at {@code /members/3/identityNumber} is {@code /members/3/birthdate}.
   */
  static String concrete(String pattern, String idPattern, String idConcrete) {
    if (!pattern.contains("*")) return pattern;
    List<String> p = Pointers.segments(pattern);
    List<String> ip = Pointers.segments(idPattern);
    List<String> ic = Pointers.segments(idConcrete);
    if (p == null || ip == null || ic == null || ip.size() != ic.size()) return null;
    List<String> indices = new ArrayList<>();
    for (int i = 0; i < ip.size(); i++) if (ip.get(i).equals("*")) indices.add(ic.get(i));
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (String s : p) {
      if (s.equals("*")) {
        if (next >= indices.size()) return null;
        out.append('/').append(indices.get(next++));
      } else {
        out.append('/').append(Pointers.escape(s));
      }
    }
    return out.toString();
  }

  private void notFuture(String at, Object value, String code) {
    LocalDate d = date(value);
    if (d == null) return;
    if (d.isAfter(today)) {
      FormModel.Label l = model.label(at);
      errors.add(new FieldError(at, code,
          l.vi() + " (" + DMY.format(d) + ") sau ngày nộp hồ sơ (" + DMY.format(today) + ").",
          l.en() + " (" + d + ") is after the day of filing (" + today + ")."));
    }
  }

  private void age(String at, Object value, int min, int max) {
    LocalDate birth = date(value);
    if (birth == null || birth.isAfter(today)) return; // a future birth date is birthdate-not-future's to report
    int years = Period.between(birth, today).getYears();
    if (years < min || years > max) {
      FormModel.Label l = model.label(at);
      errors.add(new FieldError(at, "age-out-of-range",
          "Theo " + l.vi() + ", tuổi tại ngày nộp hồ sơ là " + years + ", ngoài độ tuổi " + min + "–" + max + " của thủ tục này.",
          "By " + l.en() + ", the age on the day of filing is " + years + ", outside this procedure's range of " + min + "–" + max + "."));
    }
  }

  private void mobile(String at, Object value) {
    if (!(value instanceof String s)) return;
    if (!VN_MOBILE.matcher(s).matches()) errors.add(mobileError(at));
  }

  private FieldError mobileError(String at) {
    FormModel.Label l = model.label(at);
    return new FieldError(at, "vn-mobile",
        l.vi() + " không phải là số di động Việt Nam (10 chữ số bắt đầu bằng 03, 05, 07, 08, 09; hoặc +84 thay cho số 0 đầu).",
        l.en() + " is not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09; or +84 instead of the leading 0).");
  }

  private FieldError identityFormatError(String at) {
    FormModel.Label l = model.label(at);
    return new FieldError(at, "identity-number-format", l.vi() + " phải gồm đúng 12 chữ số.", l.en() + " must be exactly 12 digits.");
  }

  private void email(String at, Object value) {
    if (!(value instanceof String s)) return;
    int atSign = s.lastIndexOf('@');
    boolean ok = s.length() <= 254 && atSign > 0 && atSign <= 64 && EMAIL.matcher(s).matches();
    if (!ok) {
      FormModel.Label l = model.label(at);
      errors.add(new FieldError(at, "email", l.vi() + " không phải là địa chỉ thư điện tử hợp lệ.",
          l.en() + " is not a valid e-mail address."));
    }
  }

  /**
   * Province and commune codes in force on the day of filing: the 34 provinces and (for Hà Nội,
   * the only province with commune data) the 126 communes since 1 July 2025. A pre-2025 address
   * (with a legacy district code) is refused when the gateway knows where it went, naming the
   * current unit or the candidates; where it cannot know (no commune data for that province, a
   * ward the tables lack) the address is kept with a warning, as prefill keeps it: refusing what
   * nobody can check would leave the citizen stuck with a locked register address.
   */
  private void adminUnit(String at, Object value) {
    if (!(value instanceof JsonObject address)) return;
    String provinceAt = Pointers.child(at, "provinceCode");
    String communeAt = Pointers.child(at, "communeCode");
    String districtAt = Pointers.child(at, "legacyDistrictCode");
    if (refused.contains(provinceAt) || refused.contains(communeAt) || refused.contains(districtAt)) return;
    String province = address.getValue("provinceCode") instanceof String s ? s : null;
    String commune = address.getValue("communeCode") instanceof String s ? s : null;
    String district = address.getValue("legacyDistrictCode") instanceof String s ? s : null;
    if (province == null) return;
    FormModel.Label l = model.label(at);
    if (district != null) {
      Conversion c = units.convert(province, commune, district);
      switch (c.status()) {
        case CONVERTED -> errors.add(new FieldError(communeAt, "admin-unit-not-in-force",
            l.vi() + ": đơn vị hành chính cũ không còn từ ngày 01/7/2025; nay là " + c.commune().name() + " (mã " + c.commune().code()
                + ", " + c.province().name() + "). " + c.note().vi(),
            l.en() + ": the pre-2025 unit no longer exists since 1 July 2025; it is now " + c.commune().name() + " (code "
                + c.commune().code() + ", " + c.province().name() + "). " + c.note().en()));
        case AMBIGUOUS -> errors.add(new FieldError(communeAt, "admin-unit-not-in-force",
            l.vi() + ": đơn vị hành chính cũ không còn từ ngày 01/7/2025; chọn đơn vị mới: "
                + c.candidates().stream().map(k -> k.name() + " (" + k.code() + ")").collect(Collectors.joining(", ")) + ".",
            l.en() + ": the pre-2025 unit no longer exists since 1 July 2025; choose the new unit: "
                + c.candidates().stream().map(k -> k.name() + " (" + k.code() + ")").collect(Collectors.joining(", ")) + "."));
        case CURRENT, UNKNOWN -> {
          if (c.province() == null) {
            unknownProvince(provinceAt, l, province);
          } else {
            warnings.add(new FieldError(at, "admin-unit-unchecked", l.vi() + ": " + c.note().vi(), l.en() + ": " + c.note().en()));
          }
        }
      }
      return;
    }
    if (units.province(province).isEmpty()) {
      Optional<AdministrativeUnits.Unit> now = units.currentProvinceOfLegacy(province);
      if (now.isPresent()) {
        errors.add(new FieldError(provinceAt, "admin-unit-not-in-force",
            l.vi() + ": mã tỉnh " + province + " không còn từ ngày 01/7/2025; nay thuộc " + now.get().name() + " (mã " + now.get().code() + ").",
            l.en() + ": province code " + province + " is no longer in force since 1 July 2025; it is now part of " + now.get().name()
                + " (code " + now.get().code() + ")."));
      } else {
        unknownProvince(provinceAt, l, province);
      }
      return;
    }
    if (commune == null || refused.contains(communeAt)) return;
    if (AdministrativeUnits.HANOI.equals(province)) {
      if (units.commune(commune).isEmpty()) {
        errors.add(new FieldError(communeAt, "admin-unit-unknown",
            l.vi() + ": mã xã " + commune + " không thuộc 126 xã, phường của Hà Nội từ ngày 01/7/2025.",
            l.en() + ": commune code " + commune + " is none of Hà Nội's 126 communes and wards in force since 1 July 2025."));
      }
    } else {
      String name = units.province(province).get().name();
      warnings.add(new FieldError(communeAt, "admin-unit-unchecked",
          l.vi() + ": chưa có danh mục cấp xã của " + name + " để kiểm tra mã xã " + commune + ".",
          l.en() + ": no commune list for " + name + " to check commune code " + commune + " against."));
    }
  }

  private void unknownProvince(String provinceAt, FormModel.Label l, String province) {
    errors.add(new FieldError(provinceAt, "admin-unit-unknown",
        l.vi() + ": mã tỉnh " + province + " không có trong danh mục tỉnh, thành phố.",
        l.en() + ": province code " + province + " is not a province code."));
  }

  /** An ISO calendar date (YYYY-MM-DD, strict), or null. */
  static LocalDate date(Object value) {
    if (!(value instanceof String s) || s.length() != 10) return null;
    try {
      return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
