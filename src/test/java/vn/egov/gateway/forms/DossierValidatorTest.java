package vn.egov.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.prefill.AdministrativeUnits;
import vn.egov.gateway.prefill.PrefillSigner;
import vn.egov.gateway.prefill.Procedure;
import vn.egov.gateway.prefill.ProcedureCatalogue;

/**
 * The validator over the five shipped procedures: a correct form passes; each schema problem and
 * each domain rule fails at its exact pointer with its code, and nothing else is reported; locked
 * fields are held to the gateway's prefill signature; hostile forms are refused cheaply.
 * The day of filing is 10 March 2026 (Vietnam).
 */
class DossierValidatorTest {
  static final String ISSUER = "http://localhost:8080";
  static final Instant NOW = Instant.parse("2026-03-10T03:00:00Z");
  static final String CLIENT = "demo-portal";
  static final String SUBJECT = "pairwise-subject-1";

  static ProcedureCatalogue catalogue;
  static AdministrativeUnits units;
  static SigningKeys keys;
  static PrefillSigner signer;
  static DossierValidator validator;

  @BeforeAll
  static void load() throws Exception {
    catalogue = ProcedureCatalogue.load(Path.of("config/procedures"));
    units = AdministrativeUnits.load();
    keys = SigningKeys.load(List.of(Path.of("certs-dev/gateway-signing-1.jwk")));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    signer = new PrefillSigner(ISSUER, keys, clock, Duration.ofDays(30));
    validator = new DossierValidator(units, signer, clock);
  }

  static Procedure procedure(String code) {
    return catalogue.find(code).orElseThrow();
  }

  // ---- fixtures: a real-looking citizen of Hà Nội, ID numbers consistent with the dates ----

  static JsonObject address(String commune, String detail) {
    return new JsonObject().put("provinceCode", "01").put("provinceName", "Hà Nội").put("communeCode", commune)
        .put("detail", detail);
  }

  /** Male, born 12/4/1985, birth registered in Hà Nội: 001 + 0 (male, 1900s) + 85 + 6 digits. */
  static JsonObject applicant() {
    return new JsonObject()
        .put("fullName", "Nguyễn Văn An")
        .put("gender", "MALE")
        .put("birthdate", "1985-04-12")
        .put("identityNumber", "001085123456")
        .put("permanentAddress", address("00004", "Số 1 phố Hoàng Diệu"))
        .put("phone", "0912345678")
        .put("email", "an.nguyen@example.vn");
  }

  static JsonObject school(String name) {
    return new JsonObject().put("name", name).put("provinceCode", "01").put("communeCode", "00070");
  }

  static JsonArray documents(String... kinds) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < kinds.length; i++) out.add(new JsonObject().put("kind", kinds[i]).put("fileId", "file-" + i));
    return out;
  }

  static JsonObject validForm(String code) {
    return switch (code) {
      case "1.001612" -> new JsonObject()
          .put("applicant", applicant().put("ethnicity", "Kinh").put("nationality", "Việt Nam")
              .put("currentAddress", address("00008", "Số 5 phố Đội Cấn")))
          .put("business", new JsonObject().put("name", "Hộ kinh doanh Phở An").put("address", address("00070", "Số 10 Hàng Bạc"))
              .put("phone", "+84987654321")
              .put("lines", new JsonArray().add(new JsonObject().put("division", "56").put("description", "Bán phở")))
              .put("capital", 50_000_000).put("employees", 2))
          .put("members", new JsonArray().add(new JsonObject().put("fullName", "Trần Thị Bình")
              .put("identityNumber", "001187654321").put("birthdate", "1987-02-03")))
          .put("declarations", new JsonObject().put("notOwnerElsewhere", true).put("truthful", true));
      case "2.000720" -> new JsonObject()
          .put("applicant", applicant())
          .put("business", new JsonObject().put("name", "Hộ kinh doanh Phở An").put("registrationNumber", "01A8012345")
              .put("registrationDate", "2019-05-06").put("taxCode", "0101234567").put("address", address("00070", "Số 10 Hàng Bạc")))
          .put("termination", new JsonObject().put("date", "2026-03-31").put("reason", "Chuyển sang thành lập doanh nghiệp"))
          .put("documents", documents("TAX_CLEARANCE_NOTICE", "ORIGINAL_CERTIFICATE"))
          .put("declarations", new JsonObject().put("debtsSettled", true).put("truthful", true));
      case "1.005099", "1.005100" -> {
        boolean primary = code.equals("1.005099");
        // Primary: a boy born 5/9/2017 (8 on the day of filing): 001 + 2 (male, 2000s) + 17.
        // Lower secondary: a girl born 20/5/2013 (12): 001 + 3 (female, 2000s) + 13.
        JsonObject student = primary
            ? new JsonObject().put("fullName", "Nguyễn Minh Khang").put("gender", "MALE").put("birthdate", "2017-09-05")
                .put("identityNumber", "001217004321").put("grade", 3).put("schoolYear", "2025-2026")
            : new JsonObject().put("fullName", "Nguyễn Thu Hà").put("gender", "FEMALE").put("birthdate", "2013-05-20")
                .put("identityNumber", "001313009876").put("grade", 7).put("schoolYear", "2025-2026");
        yield new JsonObject()
            .put("applicant", applicant().put("currentAddress", address("00008", "Số 5 phố Đội Cấn")).put("relationship", "FATHER"))
            .put("student", student)
            .put("fromSchool", school(primary ? "Trường Tiểu học Ba Đình" : "Trường THCS Ba Đình"))
            .put("toSchool", school(primary ? "Trường Tiểu học Hoàn Kiếm" : "Trường THCS Hoàn Kiếm"))
            .put("reason", new JsonObject().put("kind", "RELOCATION").put("detail", "Gia đình chuyển nhà"))
            .put("documents", documents("SCHOOL_RECORD", "SENDING_SCHOOL_REFERRAL"))
            .put("declarations", new JsonObject().put("truthful", true));
      }
      case "1.010811" -> {
        JsonObject a = applicant().put("relationship", "CHILD");
        a.remove("email");
        yield new JsonObject()
            .put("applicant", a)
            .put("martyr", new JsonObject().put("fullName", "Nguyễn Văn Hùng").put("birthYear", 1950).put("hometown", "Xã Mê Linh, Hà Nội")
                .put("dateOfDeath", "1972-12-20").put("certificateNumber", "HN-123456"))
            .put("grave", new JsonObject().put("cemetery", "Nghĩa trang liệt sĩ Trường Sơn").put("provinceCode", "44"))
            .put("visit", new JsonObject().put("visitors", 2).put("plannedDate", "2026-04-15"))
            .put("documents", documents("MARTYR_FAMILY_CERTIFICATE", "GRAVE_NOTICE"))
            .put("declarations", new JsonObject().put("truthful", true));
      }
      default -> throw new IllegalArgumentException(code);
    };
  }

  /** What prefill would have signed for this form: every prefilled field present in it. */
  static String prefillFor(String code, JsonObject form, String client, String subject, String procedureClaim, PrefillSigner by) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (var rule : procedure(code).prefill()) {
      Object v = Pointers.get(form, rule.field());
      if (v != null) values.put(rule.field(), v);
    }
    JsonObject json = new JsonObject();
    values.forEach(json::put);
    return by.sign(client, subject, procedureClaim, new JsonObject(json.encode()).getMap());
  }

  static String prefillFor(String code, JsonObject form) {
    return prefillFor(code, form, CLIENT, SUBJECT, code, signer);
  }

  static Verdict check(String code, JsonObject form) {
    return validator.validate(procedure(code), form, prefillFor(code, form), CLIENT, SUBJECT);
  }

  static Verdict checkUnsigned(String code, JsonObject form) {
    return validator.validate(procedure(code), form, null, CLIENT, SUBJECT);
  }

  static List<String> codes(List<FieldError> errors) {
    return errors.stream().map(e -> e.pointer() + " " + e.code()).toList();
  }

  // ---- valid forms ----

  @ParameterizedTest
  @ValueSource(strings = {"1.001612", "2.000720", "1.005099", "1.005100", "1.010811"})
  void aCorrectFormWithItsPrefillPasses(String code) {
    Verdict v = check(code, validForm(code));
    assertThat(codes(v.errors())).isEmpty();
    assertThat(codes(v.warnings())).isEmpty();
    assertThat(v.valid()).isTrue();
    assertThat(v.form()).isEqualTo(validForm(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.001612", "2.000720", "1.005099", "1.005100", "1.010811"})
  void withoutPrefillTheFormIsAcceptedAndEveryLockedFieldIsFlaggedUnverified(String code) {
    JsonObject form = validForm(code);
    Verdict v = checkUnsigned(code, form);
    assertThat(v.valid()).isTrue();
    List<String> expected = procedure(code).prefill().stream()
        .filter(r -> r.locked() && Pointers.get(form, r.field()) != null).map(r -> r.field() + " prefill-missing").toList();
    assertThat(expected).isNotEmpty();
    assertThat(codes(v.warnings())).containsExactlyInAnyOrderElementsOf(expected);
  }

  // ---- schema errors: the leaf only, once ----

  @Test
  void aMissingRequiredFieldIsNamedAtItsOwnPointer() {
    JsonObject form = validForm("1.001612");
    form.getJsonObject("applicant").remove("ethnicity");
    form.getJsonObject("business").getJsonArray("lines").getJsonObject(0).remove("description");
    form.remove("declarations");
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder(
        "/applicant/ethnicity required", "/business/lines/0/description required", "/declarations required");
    FieldError e = v.errors().stream().filter(x -> x.pointer().equals("/applicant/ethnicity")).findFirst().orElseThrow();
    assertThat(e.messageVi()).contains("«Dân tộc»");
    assertThat(e.messageEn()).contains("'Ethnicity'");
    assertThat(e.toJson().getJsonObject("message").getString("vi")).isEqualTo(e.messageVi());
  }

  @Test
  void anUnknownFieldIsReportedAloneWithoutTheParentsCascade() {
    JsonObject form = validForm("1.001612");
    form.getJsonObject("applicant").put("nickname", "An");
    form.getJsonObject("applicant").getJsonObject("permanentAddress").put("zip", "100000");
    form.put("a/b", 1);
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder(
        "/applicant/nickname unknown-field", "/applicant/permanentAddress/zip unknown-field", "/a~1b unknown-field");
  }

  @Test
  void eachSchemaKeywordGivesOneCleanError() {
    JsonObject form = validForm("1.001612");
    JsonObject a = form.getJsonObject("applicant");
    a.put("gender", "X");
    a.put("birthdate", "1985-02-30");
    a.put("fullName", "A".repeat(101));
    a.put("email", "not-an-email");
    form.getJsonObject("business").put("capital", "50000000");
    form.getJsonObject("business").put("employees", 5000);
    form.getJsonObject("business").getJsonArray("lines").getJsonObject(0).put("division", "99");
    form.getJsonObject("declarations").put("truthful", false);
    form.getJsonArray("members").getJsonObject(0).put("fullName", "");
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder(
        "/applicant/gender enum",
        "/applicant/birthdate format-date",
        "/applicant/fullName max-length",
        "/applicant/email email",
        "/business/capital type",
        "/business/employees maximum",
        "/business/lines/0/division enum",
        "/declarations/truthful const",
        "/members/0/fullName min-length");
    FieldError gender = v.errors().stream().filter(x -> x.pointer().equals("/applicant/gender")).findFirst().orElseThrow();
    assertThat(gender.messageEn()).contains("'Sex'").contains("MALE, FEMALE");
    FieldError member = v.errors().stream().filter(x -> x.pointer().equals("/members/0/fullName")).findFirst().orElseThrow();
    assertThat(member.messageVi()).contains("(mục 1)");
  }

  @Test
  void anEmptyEmailIsAnEmailErrorNotAnInternalError() {
    // Vert.x's e-mail format check throws on "": the validator must answer with the field's error.
    JsonObject form = validForm("1.001612");
    form.getJsonObject("applicant").put("email", "");
    form.getJsonObject("business").put("email", "");
    form.getJsonObject("applicant").put("gender", "X");
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).contains("/applicant/email email", "/business/email email", "/applicant/gender enum");
    assertThat(v.errors()).filteredOn(e -> e.pointer().equals("/applicant/email")).singleElement()
        .satisfies(e -> assertThat(e.messageVi()).contains("thư điện tử"));
    assertThat(form.getJsonObject("applicant").getString("email")).as("the portal's form is not changed").isEmpty();
  }

  @Test
  void tooFewItemsAndAWrongTypeForAWholeGroup() {
    JsonObject form = validForm("2.000720");
    form.put("documents", documents("OTHER"));
    form.put("termination", "hôm nay");
    Verdict v = checkUnsigned("2.000720", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder("/documents min-items", "/termination type");
  }

  // ---- domain rules ----

  @Test
  void anIdentityNumberWhoseYearDisagreesWithTheBirthdate() {
    JsonObject form = validForm("1.005099");
    form.getJsonObject("student").put("identityNumber", "001216004321"); // 2016, but born 2017
    Verdict v = checkUnsigned("1.005099", form);
    assertThat(codes(v.errors())).containsExactly("/student/identityNumber identity-number-year-mismatch");
    assertThat(v.errors().get(0).messageEn()).contains("2016").contains("2017");
  }

  @Test
  void anIdentityNumberWhoseSexDisagreesWithTheDeclaredSex() {
    JsonObject form = validForm("1.005100");
    form.getJsonObject("student").put("gender", "MALE"); // digit 3: female
    Verdict v = checkUnsigned("1.005100", form);
    assertThat(codes(v.errors())).containsExactly("/student/identityNumber identity-number-sex-mismatch");
  }

  @Test
  void anIdentityNumberThatIsNotTwelveAsciiDigits() {
    JsonObject form = validForm("1.001612");
    form.getJsonArray("members").getJsonObject(0).put("identityNumber", "００１１８７６５４３２１"); // full-width digits
    form.getJsonObject("applicant").put("identityNumber", "00108512345");
    Verdict v = checkUnsigned("1.001612", form);
    // The members' numbers have the schema's pattern but no consistency rule in this procedure.
    assertThat(codes(v.errors())).containsExactlyInAnyOrder(
        "/applicant/identityNumber identity-number-format", "/members/0/identityNumber pattern");
  }

  @Test
  void withoutAUsableBirthdateAnIdentityNumberFromTheFutureIsStillRefused() {
    JsonObject form = validForm("1.005099");
    form.getJsonObject("student").put("birthdate", "2017-02-30").put("identityNumber", "001230004321"); // 2030
    Verdict v = checkUnsigned("1.005099", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder("/student/birthdate format-date",
        "/student/identityNumber identity-number-future-year");
  }

  @Test
  void aLongUnknownMemberNameIsShortenedInTheMessage() {
    JsonObject form = validForm("1.005099");
    String name = "x".repeat(10_000);
    form.put(name, 1);
    FieldError e = checkUnsigned("1.005099", form).errors().get(0);
    assertThat(e.pointer()).isEqualTo("/" + name);
    assertThat(e.messageEn().length()).isLessThan(300);
  }

  @Test
  void anUnknownBirthRegistrationPrefixIsAWarningOnly() {
    JsonObject form = validForm("1.005099");
    form.getJsonObject("student").put("identityNumber", "800217004321"); // not 0 + a province code
    Verdict v = checkUnsigned("1.005099", form);
    assertThat(v.valid()).isTrue();
    assertThat(codes(v.warnings())).contains("/student/identityNumber identity-number-unknown-province");
  }

  @Test
  void theProvincePrefixIsReadWithTheLegacyTable() {
    // 015 is Yên Bái before 2025 (now part of Lào Cai, which kept code 15); 027 is Bắc Ninh, a
    // code that no longer names a province since 1 July 2025: both are known birth registrations.
    for (String prefix : new String[] {"015", "027", "093"}) {
      JsonObject form = validForm("1.005099");
      form.getJsonObject("student").put("identityNumber", prefix + "217004321");
      assertThat(codes(checkUnsigned("1.005099", form).warnings())).as(prefix).noneMatch(w -> w.contains("identity-number"));
    }
  }

  @Test
  void aBirthdateAfterTheDayOfFiling() {
    JsonObject form = validForm("1.001612");
    form.getJsonArray("members").getJsonObject(0).put("birthdate", "2026-03-11").put("identityNumber", "001326000001");
    form.getJsonArray("members").add(new JsonObject().put("fullName", "Trần Văn C").put("identityNumber", "001090000002")
        .put("birthdate", "1990-01-01"));
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactly("/members/0/birthdate birthdate-in-future");
  }

  @Test
  void theDayOfFilingIsTheVietnameseCalendarDay() {
    // 10 March 2026 at 03:00 UTC is already 10:00 in Hà Nội; a birth on 10 March is not in the future.
    JsonObject form = validForm("1.001612");
    form.getJsonArray("members").getJsonObject(0).put("birthdate", "2026-03-10").put("identityNumber", "001326000001");
    assertThat(codes(checkUnsigned("1.001612", form).errors())).isEmpty();
  }

  @Test
  void otherDatesAfterTheDayOfFiling() {
    JsonObject closing = validForm("2.000720");
    closing.getJsonObject("business").put("registrationDate", "2026-12-01");
    assertThat(codes(checkUnsigned("2.000720", closing).errors())).containsExactly("/business/registrationDate date-in-future");

    JsonObject grave = validForm("1.010811");
    grave.getJsonObject("martyr").put("dateOfDeath", "2030-01-01");
    assertThat(codes(checkUnsigned("1.010811", grave).errors())).containsExactly("/martyr/dateOfDeath date-in-future");
  }

  @Test
  void anAgeOutsideTheProceduresRange() {
    JsonObject primary = validForm("1.005099");
    // 13 years old: too old for primary school (6-11).
    primary.getJsonObject("student").put("birthdate", "2012-09-05").put("identityNumber", "001212004321");
    Verdict v = checkUnsigned("1.005099", primary);
    assertThat(codes(v.errors())).containsExactly("/student/birthdate age-out-of-range");
    assertThat(v.errors().get(0).messageEn()).contains("13").contains("6–11");

    // The owner of a household business must be an adult: 17 the day before the 18th birthday...
    JsonObject minor = validForm("1.001612");
    minor.getJsonObject("applicant").put("birthdate", "2008-03-11").put("identityNumber", "001208123456");
    assertThat(codes(checkUnsigned("1.001612", minor).errors())).containsExactly("/applicant/birthdate age-out-of-range");
    // ...and 18 on it.
    JsonObject adult = validForm("1.001612");
    adult.getJsonObject("applicant").put("birthdate", "2008-03-10").put("identityNumber", "001208123456");
    assertThat(codes(checkUnsigned("1.001612", adult).errors())).isEmpty();
  }

  @Test
  void aNumberThatIsNotAVietnameseMobile() {
    JsonObject form = validForm("1.001612");
    form.getJsonObject("applicant").put("phone", "0212345678"); // a landline prefix
    form.getJsonObject("business").put("phone", "84987654321"); // neither 0... nor +84...
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder("/applicant/phone vn-mobile", "/business/phone vn-mobile");
  }

  @Test
  void anEmailAddressThatIsNotOne() {
    JsonObject form = validForm("1.001612");
    form.getJsonObject("business").put("email", "ban hang@example.vn");
    assertThat(codes(checkUnsigned("1.001612", form).errors())).containsExactly("/business/email email");
  }

  @Test
  void administrativeUnitsMustBeInForceOnTheDayOfFiling() {
    JsonObject form = validForm("1.005099");
    form.getJsonObject("applicant").getJsonObject("currentAddress").put("communeCode", "99999");
    form.getJsonObject("fromSchool").put("provinceCode", "27").put("communeCode", "09268");  // Bắc Ninh before 2025
    form.getJsonObject("toSchool").put("provinceCode", "00");
    Verdict v = checkUnsigned("1.005099", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder(
        "/applicant/currentAddress/communeCode admin-unit-unknown",
        "/fromSchool/provinceCode admin-unit-not-in-force",
        "/toSchool/provinceCode admin-unit-unknown");
    FieldError moved = v.errors().stream().filter(e -> e.pointer().equals("/fromSchool/provinceCode")).findFirst().orElseThrow();
    assertThat(moved.messageEn()).contains("Bắc Ninh").contains("24");
  }

  @Test
  void aPre2025AddressIsRefusedWithItsNewUnitOrTheCandidates() {
    JsonObject form = validForm("1.005099");
    // Phúc Xá (Ba Đình) went whole into Hồng Hà (00097); Cống Vị was split.
    form.getJsonObject("applicant").put("currentAddress", address("00001", "Số 3 ngõ 1").put("legacyDistrictCode", "001"));
    form.getJsonObject("applicant").put("permanentAddress", address("00007", "Số 4 ngõ 2").put("legacyDistrictCode", "001"));
    Verdict v = checkUnsigned("1.005099", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder(
        "/applicant/currentAddress/communeCode admin-unit-not-in-force",
        "/applicant/permanentAddress/communeCode admin-unit-not-in-force");
    assertThat(v.errors().stream().filter(e -> e.pointer().startsWith("/applicant/currentAddress")).findFirst().orElseThrow().messageEn())
        .contains("Hồng Hà").contains("00097");
    assertThat(v.errors().stream().filter(e -> e.pointer().startsWith("/applicant/permanentAddress")).findFirst().orElseThrow().messageEn())
        .contains("choose");
  }

  @Test
  void communesOfProvincesWithoutReferenceDataAreKeptWithAWarning() {
    JsonObject form = validForm("1.005099");
    form.getJsonObject("toSchool").put("provinceCode", "79").put("communeCode", "26734");
    Verdict v = checkUnsigned("1.005099", form);
    assertThat(v.valid()).isTrue();
    assertThat(codes(v.warnings())).contains("/toSchool/communeCode admin-unit-unchecked");
  }

  @Test
  void textIsNormalisedToNfcAndControlCharactersAreRefused() {
    JsonObject form = validForm("1.001612");
    String decomposed = Normalizer.normalize("Hộ kinh doanh Phở Nguyễn", Normalizer.Form.NFD);
    assertThat(decomposed).isNotEqualTo("Hộ kinh doanh Phở Nguyễn");
    form.getJsonObject("business").put("name", decomposed);
    form.getJsonObject("business").getJsonArray("lines").getJsonObject(0).put("description", "Bán\u0000 phở");
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(v.form().getJsonObject("business").getString("name")).isEqualTo("Hộ kinh doanh Phở Nguyễn");
    assertThat(codes(v.errors())).containsExactly("/business/lines/0/description invalid-text");
  }

  // ---- locked fields and the prefill signature ----

  @Test
  void aChangedLockedFieldIsNamed() {
    JsonObject original = validForm("1.001612");
    String jws = prefillFor("1.001612", original);
    JsonObject tampered = validForm("1.001612");
    tampered.getJsonObject("applicant").put("fullName", "Nguyễn Văn Ân");
    tampered.getJsonObject("applicant").getJsonObject("permanentAddress").put("detail", "Số 2 phố Hoàng Diệu");
    tampered.getJsonObject("applicant").put("phone", "0987000111"); // not locked: the citizen may give another number
    Verdict v = validator.validate(procedure("1.001612"), tampered, jws, CLIENT, SUBJECT);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder(
        "/applicant/fullName locked-field-changed", "/applicant/permanentAddress locked-field-changed");
  }

  @Test
  void aRemovedLockedFieldIsAChangeToo() {
    JsonObject original = validForm("1.001612");
    original.getJsonObject("applicant").put("idCard", new JsonObject().put("issueDate", "2021-05-01")
        .put("issuePlace", "Cục Cảnh sát quản lý hành chính về trật tự xã hội").put("expiryDate", "2046-04-12"));
    String jws = prefillFor("1.001612", original);
    JsonObject form = original.copy();
    form.getJsonObject("applicant").remove("idCard");
    Verdict v = validator.validate(procedure("1.001612"), form, jws, CLIENT, SUBJECT);
    assertThat(codes(v.errors())).containsExactly("/applicant/idCard locked-field-changed");
  }

  @Test
  void aDecomposedNameEqualsThePrecomposedLockedValue() {
    JsonObject original = validForm("1.005099");
    String jws = prefillFor("1.005099", original);
    JsonObject form = validForm("1.005099");
    form.getJsonObject("applicant").put("fullName", Normalizer.normalize("Nguyễn Văn An", Normalizer.Form.NFD));
    Verdict v = validator.validate(procedure("1.005099"), form, jws, CLIENT, SUBJECT);
    assertThat(codes(v.errors())).isEmpty();
    assertThat(v.form().getJsonObject("applicant").getString("fullName")).isEqualTo("Nguyễn Văn An");
  }

  @Test
  void anAddressPrefillCouldNotConvertIsTheCitizensToChoose() {
    // The register held a split pre-2025 ward: prefill released it unlocked with the old code.
    JsonObject original = validForm("1.005099");
    original.getJsonObject("applicant").put("permanentAddress", address("00007", "Số 4 ngõ 2").put("legacyDistrictCode", "001"));
    String jws = prefillFor("1.005099", original);
    JsonObject form = validForm("1.005099");
    form.getJsonObject("applicant").put("permanentAddress", address("00008", "Số 4 ngõ 2"));
    Verdict v = validator.validate(procedure("1.005099"), form, jws, CLIENT, SUBJECT);
    assertThat(codes(v.errors())).isEmpty();
    assertThat(codes(v.warnings())).containsExactly("/applicant/permanentAddress prefill-missing");
  }

  @Test
  void aPrefillOfAnotherPortalCitizenOrProcedureOrAnExpiredOrAlteredOneIsRefused() throws Exception {
    JsonObject form = validForm("1.005099");
    PrefillSigner past = new PrefillSigner(ISSUER, keys, Clock.fixed(NOW.minus(Duration.ofDays(31)), ZoneOffset.UTC), Duration.ofDays(30));
    PrefillSigner otherIssuer = new PrefillSigner("https://elsewhere.example", keys, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30));
    SigningKeys strangerKeys = new SigningKeys(List.of(new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
        .keyID("stranger").generate()));
    PrefillSigner stranger = new PrefillSigner(ISSUER, strangerKeys, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(30));
    String good = prefillFor("1.005099", form);
    String[] parts = good.split("\\.");
    JsonObject payload = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8));
    payload.getJsonObject("values").put("/applicant/fullName", "Nguyễn Văn Ân");
    String altered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];

    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("another portal", prefillFor("1.005099", form, "other-portal", SUBJECT, "1.005099", signer));
    bad.put("another citizen", prefillFor("1.005099", form, CLIENT, "someone-else", "1.005099", signer));
    bad.put("another procedure", prefillFor("1.005099", form, CLIENT, SUBJECT, "1.005100", signer));
    bad.put("expired", prefillFor("1.005099", form, CLIENT, SUBJECT, "1.005099", past));
    bad.put("altered", altered);
    bad.put("other issuer", prefillFor("1.005099", form, CLIENT, SUBJECT, "1.005099", otherIssuer));
    bad.put("unknown key", prefillFor("1.005099", form, CLIENT, SUBJECT, "1.005099", stranger));
    bad.put("garbage", "not.a.jws");
    bad.put("alg none", "eyJhbGciOiJub25lIn0." + parts[1] + ".");
    for (var e : bad.entrySet()) {
      Verdict v = validator.validate(procedure("1.005099"), form, e.getValue(), CLIENT, SUBJECT);
      assertThat(codes(v.errors())).as(e.getKey()).containsExactly(" prefill-invalid");
    }
    assertThat(validator.validate(procedure("1.005099"), form, good, CLIENT, SUBJECT).valid()).isTrue();
  }

  // ---- hostile input ----

  @Test
  void deeplyNestedInputStopsAtTheDepthLimit() {
    JsonObject form = validForm("1.001612");
    JsonObject deep = new JsonObject();
    JsonObject at = deep;
    for (int i = 0; i < 100_000; i++) {
      JsonObject next = new JsonObject();
      at.put("x", next);
      at = next;
    }
    form.put("junk", deep);
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(v.valid()).isFalse();
    assertThat(v.errors()).hasSize(1);
    assertThat(v.errors().get(0).code()).isEqualTo("too-deep");
    assertThat(v.errors().get(0).pointer()).startsWith("/junk/x/x/");
  }

  @Test
  void aHugeArrayIsRefusedAtItsPointer() {
    JsonObject form = validForm("1.001612");
    JsonArray many = new JsonArray();
    for (int i = 0; i < 10_000; i++) many.add(new JsonObject().put("fullName", "X").put("identityNumber", "001090000002").put("birthdate", "1990-01-01"));
    form.put("members", many);
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactly("/members max-items");
  }

  @Test
  void anArrayFarOverItsMaxItemsIsRefusedBeforeItsItemsAreLookedAt() {
    JsonObject form = validForm("1.001612");
    JsonArray members = new JsonArray();
    for (int i = 0; i < 41; i++) members.add(new JsonObject().put("fullName", "").put("birthdate", "2030-01-01").put("x", 1));
    form.put("members", members);
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactly("/members max-items");
    assertThat(v.errors().get(0).messageEn()).contains("more than 20 items");

    // Just over: the whole verdict, so the citizen sees everything at once.
    JsonArray some = new JsonArray();
    for (int i = 0; i < 21; i++) some.add(new JsonObject().put("fullName", "Trần Văn B").put("identityNumber", "001090000002").put("birthdate", "1990-01-01"));
    some.getJsonObject(3).put("birthdate", "2030-01-01").put("identityNumber", "001230000002");
    form.put("members", some);
    assertThat(codes(checkUnsigned("1.001612", form).errors()))
        .containsExactlyInAnyOrder("/members max-items", "/members/3/birthdate birthdate-in-future");
  }

  @Test
  void theErrorListIsCut() {
    JsonObject form = validForm("1.001612");
    for (int i = 0; i < 500; i++) form.put("unknown" + i, i);
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(v.errors()).hasSize(DossierValidator.MAX_ERRORS + 1);
    assertThat(v.errors().get(DossierValidator.MAX_ERRORS).code()).isEqualTo("too-many-errors");
  }

  @Test
  void manySmallArraysBeyondTheValueLimitAreRefused() {
    JsonObject form = validForm("1.001612");
    JsonObject junk = new JsonObject();
    for (int i = 0; i < 20; i++) {
      JsonArray a = new JsonArray();
      for (int j = 0; j < 900; j++) a.add(j);
      junk.put("a" + i, a);
    }
    form.put("junk", junk);
    assertThat(codes(checkUnsigned("1.001612", form).errors())).containsExactly(" too-large");
  }

  @Test
  void aHugeStringIsOneMaxLengthError() {
    JsonObject form = validForm("1.001612");
    form.getJsonObject("business").put("name", "Ạ".repeat(1_000_000));
    assertThat(codes(checkUnsigned("1.001612", form).errors())).containsExactly("/business/name max-length");
  }

  @Test
  void wrongTypesEverywhere() {
    JsonObject form = new JsonObject().put("applicant", 5).put("business", new JsonArray()).put("declarations", "yes")
        .put("members", new JsonObject()).put("documents", true);
    Verdict v = checkUnsigned("1.001612", form);
    assertThat(codes(v.errors())).containsExactlyInAnyOrder("/applicant type", "/business type", "/declarations type",
        "/members type", "/documents type");
    assertThat(codes(v.warnings())).isEmpty();
  }

  @Test
  void anEmptyFormListsWhatIsRequired() {
    Verdict v = checkUnsigned("1.010811", new JsonObject());
    assertThat(codes(v.errors())).containsExactlyInAnyOrder("/applicant required", "/martyr required", "/grave required",
        "/visit required", "/documents required", "/declarations required");
  }

  // ---- one instance for every event loop ----

  @Test
  void oneValidatorServesManyThreadsAtOnce() throws Exception {
    JsonObject good = validForm("1.001612");
    String jws = prefillFor("1.001612", good);
    JsonObject bad = validForm("1.001612");
    bad.getJsonObject("applicant").put("fullName", "Nguyễn Văn Ân").put("phone", "0212345678");
    List<String> expectedBad = codes(validator.validate(procedure("1.001612"), bad, jws, CLIENT, SUBJECT).errors());
    assertThat(expectedBad).containsExactlyInAnyOrder("/applicant/fullName locked-field-changed", "/applicant/phone vn-mobile");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> runs = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(pool.submit(() -> {
          for (int i = 0; i < 25; i++) {
            if (!validator.validate(procedure("1.001612"), good, jws, CLIENT, SUBJECT).valid()) return false;
            if (!codes(validator.validate(procedure("1.001612"), bad, jws, CLIENT, SUBJECT).errors()).equals(expectedBad)) return false;
          }
          return true;
        }));
      }
      for (var run : runs) assertThat(run.get()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
