package vn.egov.gateway.prefill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.egov.gateway.config.ConfigException;

/** The shipped procedures load; every kind of mistake in a procedure file is named by file, key and problem. */
class ProcedureCatalogueTest {
  static final Path SHIPPED = Path.of("config/procedures");

  @TempDir
  Path dir;

  @Test
  void theShippedCatalogueHoldsTheFiveProceduresWithTheirAgenciesLevelsAndTimeLimits() {
    ProcedureCatalogue catalogue = ProcedureCatalogue.load(SHIPPED);

    assertThat(catalogue.list()).extracting(Procedure::code)
        .containsExactly("1.001612", "1.005099", "1.005100", "1.010811", "2.000720");
    record Expected(String agency, AssuranceLevel level, int days, boolean greenTuesday) {
    }
    Map<String, Expected> expected = Map.of(
        "1.001612", new Expected("000.21.30.H26", AssuranceLevel.LOA2, 3, false),
        "2.000720", new Expected("000.21.30.H26", AssuranceLevel.LOA2, 3, true),
        "1.005099", new Expected("000.22.30.H26", AssuranceLevel.LOA1, 9, true),
        "1.005100", new Expected("000.22.30.H26", AssuranceLevel.LOA1, 8, true),
        "1.010811", new Expected("000.22.30.H26", AssuranceLevel.LOA2, 4, true));
    for (Procedure p : catalogue.list()) {
      Expected e = expected.get(p.code());
      assertThat(p.agency().code()).as(p.code()).isEqualTo(e.agency());
      assertThat(p.requiredLevel()).as(p.code()).isEqualTo(e.level());
      assertThat(p.workingDays()).as(p.code()).isEqualTo(e.days());
      assertThat(p.fastTrack()).as(p.code())
          .isEqualTo(e.greenTuesday() ? java.util.Optional.of(new FastTrack(DayOfWeek.TUESDAY, 60)) : java.util.Optional.empty());
    }
    assertThat(catalogue.find("1.005099").orElseThrow().name().vi()).isEqualTo("Chuyển trường đối với học sinh tiểu học");
    assertThat(catalogue.find("9.999999")).isEmpty();
  }

  @Test
  void everyShippedFormCompilesAndEveryPrefillPointerAndRuleFieldResolves() {
    for (Procedure p : ProcedureCatalogue.load(SHIPPED).list()) {
      JsonObject form = p.form();
      assertThat(form.getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
      // The compiled validator runs and enforces the form: an empty dossier lacks required parts.
      assertThat(p.validator().validate(new JsonObject()).getValid()).as(p.code()).isFalse();
      assertThat(p.prefill()).as(p.code()).isNotEmpty();
      for (PrefillRule rule : p.prefill()) {
        assertThat(FormSchema.resolve(form, rule.field())).as(p.code() + " " + rule.field()).isPresent();
        assertThat(rule.attribute().sensitive()).isFalse();
      }
      for (DomainRule rule : p.rules()) {
        for (String field : rule.fields()) assertThat(FormSchema.resolve(form, field)).as(p.code() + " " + field).isPresent();
      }
      // The applicant's identity comes from the register, locked (DOMAIN.md "Typical documents").
      assertThat(p.prefillFor("/applicant/identityNumber")).get().extracting(PrefillRule::locked).isEqualTo(true);
      assertThat(p.prefillFor("/applicant/fullName")).get().extracting(PrefillRule::locked).isEqualTo(true);
      assertThat(p.rules()).extracting(DomainRule::id).contains("nfc", "identity-number-consistent");
      String text = form.encode();
      assertThat(Normalizer.isNormalized(text, Normalizer.Form.NFC)).isTrue();
    }
  }

  @Test
  void aCompletePrimarySchoolTransferIsValidAndABadIdNumberIsNot() {
    Procedure primary = ProcedureCatalogue.load(SHIPPED).find("1.005099").orElseThrow();
    JsonObject address = new JsonObject().put("country", "VN").put("provinceCode", "01").put("provinceName", "Hà Nội")
        .put("communeCode", "09022").put("communeName", "Xã Mê Linh").put("detail", "Thôn Bạch Đa")
        .put("formatted", "Thôn Bạch Đa, Xã Mê Linh, Thành phố Hà Nội");
    JsonObject dossier = new JsonObject()
        .put("applicant", new JsonObject().put("fullName", "Nguyễn Thị Lan").put("gender", "FEMALE").put("birthdate", "1988-03-14")
            .put("identityNumber", "001188012345").put("permanentAddress", address).put("currentAddress", address)
            .put("relationship", "MOTHER").put("phone", "0912345678").put("email", "lan.nguyen@example.vn"))
        .put("student", new JsonObject().put("fullName", "Trần Minh Khôi").put("gender", "MALE").put("birthdate", "2017-09-02")
            .put("identityNumber", "001217004321").put("grade", 3).put("schoolYear", "2026-2027"))
        .put("fromSchool", new JsonObject().put("name", "Trường Tiểu học Thạch Đà A").put("provinceCode", "01").put("communeCode", "08980"))
        .put("toSchool", new JsonObject().put("name", "Trường Tiểu học Mê Linh").put("provinceCode", "01").put("communeCode", "09022"))
        .put("reason", new JsonObject().put("kind", "RELOCATION"))
        .put("documents", new io.vertx.core.json.JsonArray().add(new JsonObject().put("kind", "SCHOOL_RECORD").put("fileId", "f-123")))
        .put("declarations", new JsonObject().put("truthful", true));

    assertThat(primary.validator().validate(dossier).getValid()).isTrue();
    dossier.getJsonObject("student").put("identityNumber", "12345");
    assertThat(primary.validator().validate(dossier).getValid()).isFalse();
    dossier.getJsonObject("student").put("identityNumber", "001217004321").put("grade", 7);
    assertThat(primary.validator().validate(dossier).getValid()).isFalse();
    dossier.getJsonObject("student").put("grade", 3).put("nickname", "Bin");
    assertThat(primary.validator().validate(dossier).getValid()).as("additionalProperties: false").isFalse();
  }

  @Test
  void problemsInSeveralFilesAreReportedTogetherWithFileAndKey() {
    Path bad = Path.of("src/test/resources/procedures-bad");

    assertThatThrownBy(() -> ProcedureCatalogue.load(bad)).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.resolve("a-sensitive.yaml") + ": prefill[1].source: 'religion'")
          .contains("sensitive personal data and may never be prefilled", "Decree 13/2023/NĐ-CP"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.resolve("a-sensitive.yaml") + ": prefill[2].field:")
          .contains("'/applicant/fullName2' names no property of the form schema"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.resolve("a-sensitive.yaml") + ": prefill[2].source:")
          .contains("'nickname' is not a register attribute path"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.resolve("b-duplicate-code.yaml") + ": time-limit.working-days:")
          .contains("between 1 and 365 (got 0)"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.resolve("b-duplicate-code.yaml") + ": required-level:")
          .contains("[LoA1, LoA2] (got 'LoA3')"));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.resolve("c-duplicate-code.yaml") + ": code:")
          .contains("'1.999991' is also the code of " + bad.resolve("a-sensitive.yaml")));
      assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(bad.resolve("d-not-yaml.yaml") + ": is not valid YAML"));
    });
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake("sensitive: blood type", s -> s.replace("source: phone,", "source: bloodType,"),
            "prefill[1].source: 'bloodType' is sensitive personal data and may never be prefilled"),
        mistake("sensitive: date of death", s -> s.replace("source: phone,", "source: dateOfDeath,"),
            "prefill[1].source: 'dateOfDeath' is sensitive personal data"),
        mistake("sensitive: health-like name", s -> s.replace("source: phone,", "source: father.healthStatus,"),
            "prefill[1].source: 'father.healthStatus' is sensitive personal data"),
        mistake("unknown member", s -> s.replace("source: phone,", "source: father.age,"),
            "prefill[1].source: 'father.age' is not a register attribute path: father has the members fullName, identityNumber, nationality"),
        mistake("not a pointer", s -> s.replace("field: /applicant/phone", "field: applicant.phone"),
            "prefill[1].field: 'applicant.phone' is not a JSON pointer (RFC 6901)"),
        mistake("pointer not in schema", s -> s.replace("field: /applicant/phone", "field: /applicant/mobile"),
            "prefill[1].field: '/applicant/mobile' names no property of the form schema"),
        mistake("same field twice", s -> s.replace("field: /applicant/phone", "field: /applicant/fullName"),
            "prefill[1].field: '/applicant/fullName' is already prefilled by prefill[0].field"),
        mistake("locked without a source", s -> s.replace("{field: /applicant/phone, source: phone, locked: false}",
            "{field: /applicant/phone, locked: true}"),
            "prefill[1].source: is required: a locked field must be mapped to a register attribute"),
        mistake("address into a text field", s -> s.replace("source: phone,", "source: permanentAddress,"),
            "prefill[1].source: 'permanentAddress' is an object but form field /applicant/phone is of type [string]"),
        mistake("address field lacking members", s -> s.replace("        provinceName: {title: Tỉnh, x-title-en: Province, type: string}\n", ""),
            "prefill[2].field: form field /applicant/permanentAddress must declare provinceName to hold 'permanentAddress'"),
        mistake("LoA3", s -> s.replace("required-level: LoA1", "required-level: LoA3"),
            "required-level: must be one of [LoA1, LoA2] (got 'LoA3')"),
        mistake("no level", s -> s.replace("required-level: LoA1\n", ""), "required-level: is required: LoA1 or LoA2"),
        mistake("negative time limit", s -> s.replace("working-days: 3", "working-days: -2"),
            "time-limit.working-days: must be between 1 and 365 (got -2)"),
        mistake("time limit not a number", s -> s.replace("working-days: 3", "working-days: three"),
            "time-limit.working-days: must be a whole number (got 'three')"),
        mistake("weekday", s -> s.replace("weekday: TUESDAY", "weekday: TUESDAYS"),
            "fast-track.weekday: must be one of [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY] (got 'TUESDAYS')"),
        mistake("weekend fast track", s -> s.replace("weekday: TUESDAY", "weekday: SUNDAY"),
            "fast-track.weekday: must be a working day (got SUNDAY)"),
        mistake("fast track without minutes", s -> s.replace(", minutes: 60", ""), "fast-track.minutes: is required"),
        mistake("unquoted code", s -> s.replace("code: \"1.999001\"", "code: 1.999010"),
            "code: must be quoted (\"1.99901\"): unquoted, YAML reads it as a number"),
        mistake("malformed code", s -> s.replace("code: \"1.999001\"", "code: \"X-1\""),
            "code: 'X-1' is not a national procedure code such as 1.005099"),
        mistake("malformed agency code", s -> s.replace("code: 000.00.01.H26", "code: H26"),
            "agency.code: 'H26' is not an agency e-ID code such as 000.00.01.H26"),
        mistake("missing purpose", s -> s.replace("purpose: {vi: Thử nghiệm, en: Testing}\n", ""), "purpose.vi: is required"),
        mistake("typo in a key", s -> s.replace("time-limit:", "time_limit:"), "time_limit: is not a procedure key"),
        mistake("not a 2020-12 schema", s -> s.replace("https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#"),
            "form.$schema: must be https://json-schema.org/draft/2020-12/schema"),
        mistake("invalid schema keyword value", s -> s.replace("maxLength: 100", "maxLength: -1"),
            "form.properties.applicant.properties.fullName.maxLength: is not valid JSON Schema 2020-12: -1 is less than 0"),
        mistake("invalid type", s -> s.replace("fullName: {title: Họ và tên, x-title-en: Full name, type: string",
            "fullName: {title: Họ và tên, x-title-en: Full name, type: text"),
            "form.properties.applicant.properties.fullName.type: is not valid JSON Schema 2020-12"),
        mistake("bad regex", s -> s.replace("pattern: \"^[0-9]{12}$\"", "pattern: \"^[0-9{12$(\""),
            "form.properties.applicant.properties.identityNumber.pattern: '^[0-9{12$(' is not a valid regular expression"),
        mistake("dangling $ref", s -> s.replace("\"#/$defs/address\"", "\"#/$defs/adress\""),
            "form.properties.applicant.properties.permanentAddress.$ref: '#/$defs/adress' does not resolve"),
        mistake("missing English title", s -> s.replace("phone: {title: Số điện thoại, x-title-en: Phone, ", "phone: {title: Số điện thoại, "),
            "form.properties.applicant.properties.phone: needs a Vietnamese title and an English x-title-en"),
        mistake("open object", s -> s.replace("    applicant:\n      title: Người nộp\n      x-title-en: Applicant\n      type: object\n      additionalProperties: false\n",
            "    applicant:\n      title: Người nộp\n      x-title-en: Applicant\n      type: object\n"),
            "form.properties.applicant.additionalProperties: must be false"),
        mistake("not NFC", s -> s.replace("title: Họ và tên", "title: " + Normalizer.normalize("Họ và tên", Normalizer.Form.NFD)),
            "form.properties.applicant.properties.fullName.title: is not Unicode NFC"),
        mistake("unknown rule", s -> s.replace("  - nfc\n", "  - nfd\n"), "rules[0].rule: 'nfd' is not a known domain rule"),
        mistake("age range upside down", s -> s.replace("age-range:6-11", "age-range:11-6"),
            "rules[1].rule: 'age-range:11-6': the minimum age is above the maximum"),
        mistake("age range without bounds", s -> s.replace("age-range:6-11", "age-range"),
            "rules[1].rule: 'age-range' must be age-range:MIN-MAX"),
        mistake("rule on a missing field", s -> s.replace("fields: [/applicant/birthdate]", "fields: [/applicant/dob]"),
            "rules[1].fields: '/applicant/dob' names no property of the form schema"),
        mistake("rule without its fields", s -> s.replace("{rule: age-range:6-11, fields: [/applicant/birthdate]}", "age-range:6-11"),
            "rules[1].fields: age-range reads 1 form field(s) (got 0)"));
  }

  private static Arguments mistake(String name, UnaryOperator<String> edit, String expected) {
    return Arguments.of(name, edit, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeIsNamedByFileKeyAndProblem(String name, UnaryOperator<String> edit, String expected) throws Exception {
    String edited = edit.apply(VALID);
    assertThat(edited).as("the edit applies").isNotEqualTo(VALID);
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, edited);

    assertThatThrownBy(() -> ProcedureCatalogue.load(dir)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(file + ": " + expected)));
  }

  @Test
  void theValidFixtureLoadsSoEveryMistakeAboveIsTheEditAlone() throws Exception {
    Files.writeString(dir.resolve("valid.yaml"), VALID);

    Procedure p = ProcedureCatalogue.load(dir).find("1.999001").orElseThrow();

    assertThat(p.prefill()).extracting(r -> r.source().toString()).containsExactly("fullName", "phone", "permanentAddress");
    assertThat(p.rules()).extracting(DomainRule::id).containsExactly("nfc", "age-range:6-11");
    assertThat(p.rules().get(1).ageRange()).containsExactly(6, 11);
  }

  @Test
  void aMissingOrEmptyFolderStopsStartUp() throws Exception {
    assertThatThrownBy(() -> ProcedureCatalogue.load(dir.resolve("nowhere")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nowhere: procedures folder not found");
    assertThatThrownBy(() -> ProcedureCatalogue.load(dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("holds no procedure files (*.yaml)");
  }

  @Test
  void theFormIsImmutableFromOutside() {
    Procedure p = ProcedureCatalogue.load(SHIPPED).list().get(0);

    p.form().put("type", "array");

    assertThat(p.form().getString("type")).isEqualTo("object");
    assertThat(List.copyOf(p.prefill())).isEqualTo(p.prefill());
  }

  /** A small valid procedure; each mistake above is one edit of it. */
  static final String VALID = """
      code: "1.999001"
      name: {vi: Thủ tục thử nghiệm, en: Test procedure}
      agency:
        code: 000.00.01.H26
        name: {vi: Cơ quan thử nghiệm, en: Test agency}
      time-limit:
        working-days: 3
      fast-track: {weekday: TUESDAY, minutes: 60}
      required-level: LoA1
      purpose: {vi: Thử nghiệm, en: Testing}
      form:
        $schema: https://json-schema.org/draft/2020-12/schema
        type: object
        additionalProperties: false
        properties:
          applicant:
            title: Người nộp
            x-title-en: Applicant
            type: object
            additionalProperties: false
            properties:
              fullName: {title: Họ và tên, x-title-en: Full name, type: string, maxLength: 100}
              birthdate: {title: Ngày sinh, x-title-en: Date of birth, type: string, format: date}
              identityNumber: {title: Số định danh cá nhân, x-title-en: ID number, type: string, pattern: "^[0-9]{12}$"}
              phone: {title: Số điện thoại, x-title-en: Phone, type: string}
              permanentAddress: {$ref: "#/$defs/address", title: Nơi thường trú, x-title-en: Permanent residence}
        $defs:
          address:
            type: object
            additionalProperties: false
            properties:
              country: {title: Quốc gia, x-title-en: Country, type: string}
              provinceCode: {title: Mã tỉnh, x-title-en: Province code, type: string}
              provinceName: {title: Tỉnh, x-title-en: Province, type: string}
              communeCode: {title: Mã xã, x-title-en: Commune code, type: string}
              communeName: {title: Xã, x-title-en: Commune, type: string}
              legacyDistrictCode: {title: Mã huyện cũ, x-title-en: Legacy district code, type: string}
              detail: {title: Địa chỉ chi tiết, x-title-en: Detail, type: string}
              formatted: {title: Địa chỉ đầy đủ, x-title-en: Full address, type: string}
      prefill:
        - {field: /applicant/fullName, source: fullName, locked: true}
        - {field: /applicant/phone, source: phone, locked: false}
        - {field: /applicant/permanentAddress, source: permanentAddress, locked: true}
      rules:
        - nfc
        - {rule: age-range:6-11, fields: [/applicant/birthdate]}
      """;
}
