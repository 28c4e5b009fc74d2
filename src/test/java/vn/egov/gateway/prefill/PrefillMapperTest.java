package vn.egov.gateway.prefill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.prefill.AdministrativeUnits.Status;

/** Register record to form: values at their pointers, provenance, consent, minimisation, NFC. */
class PrefillMapperTest {
  static final Set<String> ALL_SCOPES = Set.of("openid", "profile", "identity_number", "address", "phone", "email", "prefill");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-30T03:00:00Z"), ZoneId.of("Asia/Ho_Chi_Minh"));

  static PrefillMapper mapper;
  static Procedure everyKind;
  static ProcedureCatalogue shipped;

  @BeforeAll
  static void load() {
    mapper = new PrefillMapper(AdministrativeUnits.load());
    everyKind = ProcedureCatalogue.load(Path.of("src/test/resources/procedures")).find("1.999100").orElseThrow();
    shipped = ProcedureCatalogue.load(Path.of("config/procedures"));
  }

  static JsonObject citizen() throws Exception {
    return new JsonObject(Files.readString(Path.of("src/test/resources/register/citizen.json")));
  }

  @Test
  void registerValuesArePlacedAtTheirPointersWithTheirProvenance() throws Exception {
    PrefilledForm form = mapper.map(everyKind, citizen(), ALL_SCOPES, CLOCK);
    JsonObject values = form.values();

    assertThat(values.getJsonObject("applicant").getString("fullName")).isEqualTo("Nguyễn Văn An");
    assertThat(values.getJsonObject("applicant").getString("birthdate")).isEqualTo("1988-05-17");
    assertThat(values.getJsonObject("applicant").getString("gender")).isEqualTo("MALE");
    assertThat(values.getJsonObject("applicant").getString("identityNumber")).isEqualTo("001088001234");
    assertThat(values.getJsonObject("applicant").getString("maritalStatus")).isEqualTo("Đã kết hôn");
    assertThat(values.getJsonObject("applicant").getJsonObject("idCard")).isEqualTo(new JsonObject()
        .put("issueDate", "2021-04-10").put("issuePlace", "Cục Cảnh sát quản lý hành chính về trật tự xã hội")
        .put("expiryDate", "2028-05-17"));
    assertThat(values.getJsonObject("family").getJsonObject("father")).isEqualTo(new JsonObject()
        .put("fullName", "Nguyễn Văn Bình").put("identityNumber", "001058004567").put("nationality", "Việt Nam"));
    assertThat(values.getJsonObject("family").getString("motherName")).isEqualTo("Trần Thị Cúc");
    assertThat(values.getJsonObject("family").getString("householdHead")).isEqualTo("Nguyễn Văn An");
    assertThat(values.getJsonObject("family").getJsonArray("householdMembers")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("fullName", "Nguyễn Văn An").put("identityNumber", "001088001234")
            .put("relationship", "Chủ hộ").put("birthdate", "1988-05-17"))
        .add(new JsonObject().put("fullName", "Nguyễn Minh Khang").put("identityNumber", "001217003210")
            .put("relationship", "Con").put("birthdate", "2017-08-20")));

    PrefilledField name = form.field("/applicant/fullName").orElseThrow();
    assertThat(name.source()).isEqualTo("population-register");
    assertThat(name.attribute()).isEqualTo("fullName");
    assertThat(name.verified()).isTrue();
    assertThat(name.locked()).isTrue();
    assertThat(name.provenance().note().vi()).isEqualTo("Cơ sở dữ liệu quốc gia về dân cư, cập nhật 2026-05-01T08:30:00+07:00.");
    assertThat(form.field("/applicant/phone").orElseThrow().locked()).isFalse();
    assertThat(form.field("/family/motherName").orElseThrow().attribute()).isEqualTo("mother.fullName");
    assertThat(form.retrievedAt()).isEqualTo(CLOCK.instant());
    assertThat(form.procedure()).isEqualTo("1.999100");
  }

  @Test
  void aConvertedAddressCarriesTheNewUnitsAndSaysSo() throws Exception {
    // 00004 Phường Trúc Bạch (Quận Ba Đình) went whole into 00004 Phường Ba Đình.
    PrefilledForm form = mapper.map(everyKind, citizen(), ALL_SCOPES, CLOCK);
    PrefilledField address = form.field("/applicant/permanentAddress").orElseThrow();

    assertThat(address.value()).isEqualTo(new JsonObject()
        .put("country", "VN").put("provinceCode", "01").put("provinceName", "Hà Nội")
        .put("communeCode", "00004").put("communeName", "Phường Ba Đình")
        .put("detail", "Số 12 phố Trúc Bạch")
        .put("formatted", "Số 12 phố Trúc Bạch, Phường Ba Đình, Thành phố Hà Nội"));
    assertThat(address.verified()).isTrue();
    assertThat(address.locked()).isTrue();
    assertThat(address.provenance().conversion().status()).isEqualTo(Status.CONVERTED);
    assertThat(address.provenance().note().vi()).startsWith("Chuyển đổi từ Phường Trúc Bạch (Quận Ba Đình) sang Phường Ba Đình")
        .contains("khoản 3 Điều 1 Nghị quyết 1656/NQ-UBTVQH15");
    assertThat(address.toJson().getJsonObject("provenance").getString("unitStatus")).isEqualTo("CONVERTED");
    // An address member is read from the converted address.
    assertThat(form.field("/applicant/permanentAddressText").orElseThrow().value())
        .isEqualTo("Số 12 phố Trúc Bạch, Phường Ba Đình, Thành phố Hà Nội");
  }

  @Test
  void aConvertedAddressWhoseCodeChangedCarriesTheNewCode() throws Exception {
    // 00001 Phường Phúc Xá (Quận Ba Đình) went whole into 00097 Phường Hồng Hà (clause 14).
    JsonObject record = citizen();
    record.put("currentAddress", new JsonObject().put("country", "VN").put("provinceCode", "01").put("communeCode", "00001")
        .put("legacyDistrictCode", "001").put("detail", "Số 8 phố Phúc Xá")
        .put("formatted", "Số 8 phố Phúc Xá, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội"));

    PrefilledField address = mapper.map(everyKind, record, ALL_SCOPES, CLOCK).field("/applicant/currentAddress").orElseThrow();

    assertThat(address.value()).isEqualTo(new JsonObject()
        .put("country", "VN").put("provinceCode", "01").put("provinceName", "Hà Nội")
        .put("communeCode", "00097").put("communeName", "Phường Hồng Hà")
        .put("detail", "Số 8 phố Phúc Xá")
        .put("formatted", "Số 8 phố Phúc Xá, Phường Hồng Hà, Thành phố Hà Nội"));
    assertThat(address.provenance().note().vi()).contains("Phường Phúc Xá (Quận Ba Đình)", "khoản 14");
    assertThat(address.toJson().getJsonObject("provenance").getJsonObject("legacy").getJsonObject("commune").getString("code"))
        .isEqualTo("00001");
  }

  @Test
  void anAmbiguousAddressKeepsTheLegacyCodeUnverifiedAndUnlockedWithCandidates() throws Exception {
    // 00007 Phường Cống Vị was split between Ngọc Hà and Giảng Võ: the street decides, the citizen chooses.
    PrefilledField address = mapper.map(everyKind, citizen(), ALL_SCOPES, CLOCK).field("/applicant/currentAddress").orElseThrow();

    JsonObject value = (JsonObject) address.value();
    assertThat(value.getString("communeCode")).isEqualTo("00007");
    assertThat(value.getString("communeName")).isEqualTo("Phường Cống Vị");
    assertThat(value.getString("legacyDistrictCode")).isEqualTo("001");
    assertThat(value.getString("formatted")).contains("Phường Cống Vị, Quận Ba Đình");
    assertThat(address.verified()).isFalse();
    assertThat(address.locked()).as("locked in the procedure, but the citizen must choose").isFalse();
    JsonObject provenance = address.toJson().getJsonObject("provenance");
    assertThat(provenance.getString("unitStatus")).isEqualTo("AMBIGUOUS");
    assertThat(provenance.getJsonArray("candidates").stream().map(c -> ((JsonObject) c).getString("code")))
        .containsExactly("00008", "00025");
  }

  @Test
  void anUnknownOrCurrentAddressIsKeptAsGivenAndFlagged() throws Exception {
    JsonObject record = citizen();
    record.getJsonObject("permanentAddress").put("communeCode", "99999");
    record.put("currentAddress", new JsonObject().put("country", "VN").put("provinceCode", "01").put("communeCode", "09022")
        .put("detail", "Thôn Bạch Đa").put("formatted", "Thôn Bạch Đa, Xã Mê Linh, Thành phố Hà Nội"));

    PrefilledForm form = mapper.map(everyKind, record, ALL_SCOPES, CLOCK);

    PrefilledField unknown = form.field("/applicant/permanentAddress").orElseThrow();
    assertThat(((JsonObject) unknown.value()).getString("communeCode")).isEqualTo("99999");
    assertThat(((JsonObject) unknown.value()).getString("legacyDistrictCode")).isEqualTo("001");
    assertThat(unknown.provenance().conversion().status()).isEqualTo(Status.UNKNOWN);
    assertThat(unknown.toJson().getJsonObject("provenance").getString("unitStatus")).isEqualTo("UNKNOWN");
    PrefilledField current = form.field("/applicant/currentAddress").orElseThrow();
    assertThat(current.value()).isEqualTo(new JsonObject().put("country", "VN").put("provinceCode", "01").put("provinceName", "Hà Nội")
        .put("communeCode", "09022").put("communeName", "Xã Mê Linh").put("detail", "Thôn Bạch Đa")
        .put("formatted", "Thôn Bạch Đa, Xã Mê Linh, Thành phố Hà Nội"));
    assertThat(current.provenance().conversion().status()).isEqualTo(Status.CURRENT);
    assertThat(current.verified()).isTrue();
    assertThat(current.locked()).isTrue();
  }

  @Test
  void onlyTheMappedAttributesAndMembersLeaveTheMapper() throws Exception {
    PrefilledForm form = mapper.map(everyKind, citizen(), ALL_SCOPES, CLOCK);
    String json = form.toJson().encode();

    assertThat(form.toJson().getJsonObject("fields").fieldNames())
        .containsExactlyInAnyOrderElementsOf(everyKind.prefill().stream().map(PrefillRule::field).toList());
    // Unmapped attributes, and unknown members of mapped objects, never appear.
    assertThat(json).doesNotContain("Phật giáo", "religion", "bloodType", "\"AB\"", "012345678", "HS-001-2019-000123",
        "CHIP-0042", "chipSerial", "placeOfBirth", "Nam Định", "001160007890");
    assertThat(mapper.attributesNeeded(everyKind)).containsExactly("fullName", "birthdate", "gender", "identityNumber",
        "ethnicity", "idCard", "permanentAddress", "currentAddress", "temporaryAddress", "phone", "email", "maritalStatus",
        "father", "mother", "spouse", "household");
  }

  @Test
  void aFieldWithoutItsConsentScopeIsWithheldAndNamesTheScope() throws Exception {
    Set<String> noAddressNoEmail = Set.of("openid", "profile", "identity_number", "phone", "prefill");

    PrefilledForm form = mapper.map(everyKind, citizen(), noAddressNoEmail, CLOCK);

    PrefilledField address = form.field("/applicant/permanentAddress").orElseThrow();
    assertThat(address.withheld()).isTrue();
    assertThat(address.value()).isNull();
    assertThat(address.missingScopes()).containsExactly("address");
    assertThat(address.verified()).isFalse();
    assertThat(address.toJson().getBoolean("withheld")).isTrue();
    assertThat(address.toJson().getJsonArray("missingScopes")).containsExactly("address");
    assertThat(form.field("/applicant/email").orElseThrow().missingScopes()).containsExactly("email");
    assertThat(form.field("/applicant/fullName").orElseThrow().withheld()).isFalse();
    assertThat(form.values().getJsonObject("applicant").fieldNames())
        .doesNotContain("permanentAddress", "permanentAddressText", "currentAddress", "email")
        .contains("fullName", "phone");
    assertThat(form.toJson().encode()).doesNotContain("Trúc Bạch", "an.nguyen1988");
    assertThat(mapper.attributesNeeded(everyKind, noAddressNoEmail))
        .doesNotContain("permanentAddress", "currentAddress", "temporaryAddress", "email").contains("fullName", "phone");
  }

  @Test
  void withoutThePrefillScopeNothingIsReleased() throws Exception {
    Set<String> loginOnly = Set.of("openid", "profile", "identity_number", "address", "phone", "email");

    PrefilledForm form = mapper.map(everyKind, citizen(), loginOnly, CLOCK);

    assertThat(form.fields()).allSatisfy(f -> {
      assertThat(f.withheld()).isTrue();
      assertThat(f.missingScopes()).contains("prefill");
    });
    assertThat(form.values()).isEqualTo(new JsonObject());
    assertThat(mapper.attributesNeeded(everyKind, loginOnly)).isEmpty();
  }

  @Test
  void sensitiveAttributesCannotBeMappedEvenByAHandBuiltProcedure() throws Exception {
    for (String path : List.of("religion", "bloodType", "dateOfDeath", "father.healthStatus", "faceImage", "fingerprints",
        "locationHistory")) {
      assertThat(RegisterAttribute.isSensitivePath(path)).as(path).isTrue();
    }
    for (String path : List.of("fullName", "household.headName", "hometown", "ethnicity", "placeOfBirth", "idCard")) {
      assertThat(RegisterAttribute.isSensitivePath(path)).as(path).isFalse();
    }
    assertThat(RegisterAttribute.RELIGION.scope()).isEmpty();
    Procedure leaky = new Procedure("1.999999", new Localized("x", "x"), new Agency("000.00.01.H26", new Localized("x", "x")), 1,
        Optional.empty(), AssuranceLevel.LOA1, new Localized("x", "x"), new JsonObject(), null,
        List.of(new PrefillRule("/religion", RegisterPath.parse("religion").orElseThrow(), false)), List.of(), Path.of("x"));

    assertThatThrownBy(() -> mapper.map(leaky, citizen(), ALL_SCOPES, CLOCK))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("religion is sensitive");
  }

  @Test
  void noShippedProcedureReleasesSensitiveOrUnmappedData() throws Exception {
    for (Procedure p : shipped.list()) {
      String json = mapper.map(p, citizen(), ALL_SCOPES, CLOCK).toJson().encode();
      assertThat(json).as(p.code()).doesNotContain("Phật giáo", "\"AB\"", "012345678", "HS-001-2019-000123");
      assertThat(mapper.attributesNeeded(p)).as(p.code()).doesNotContain("religion", "bloodType", "dateOfDeath")
          .contains("fullName", "identityNumber");
    }
  }

  @Test
  void releasedTextsAreNfc() throws Exception {
    JsonObject record = citizen();
    String nfd = Normalizer.normalize("Nguyễn Thị Hương", Normalizer.Form.NFD);
    record.put("fullName", nfd);
    record.getJsonObject("father").put("fullName", Normalizer.normalize("Lê Văn Đức", Normalizer.Form.NFD));
    record.getJsonObject("permanentAddress").put("detail", Normalizer.normalize("Số 3 phố Hòe Nhai", Normalizer.Form.NFD));
    assertThat(nfd).isNotEqualTo("Nguyễn Thị Hương");

    PrefilledForm form = mapper.map(everyKind, record, ALL_SCOPES, CLOCK);

    assertThat(form.field("/applicant/fullName").orElseThrow().value()).isEqualTo("Nguyễn Thị Hương");
    assertThat(((JsonObject) form.field("/family/father").orElseThrow().value()).getString("fullName")).isEqualTo("Lê Văn Đức");
    assertThat(((JsonObject) form.field("/applicant/permanentAddress").orElseThrow().value()).getString("detail"))
        .isEqualTo("Số 3 phố Hòe Nhai");
    String json = form.toJson().encode();
    assertThat(Normalizer.isNormalized(json, Normalizer.Form.NFC)).isTrue();
  }

  @Test
  void attributesTheRegisterLacksAreEmptyUnverifiedAndOpenToTheCitizen() throws Exception {
    PrefilledForm form = mapper.map(everyKind, citizen(), ALL_SCOPES, CLOCK);

    for (String pointer : List.of("/applicant/temporaryAddress", "/family/spouseName")) {
      PrefilledField f = form.field(pointer).orElseThrow();
      assertThat(f.value()).as(pointer).isNull();
      assertThat(f.verified()).as(pointer).isFalse();
      assertThat(f.locked()).as(pointer).isFalse();
      assertThat(f.withheld()).as(pointer).isFalse();
      assertThat(f.provenance().note().en()).contains("Not in the National Population Database");
    }
  }

  @Test
  void anExpiredIdCardIsSaidSo() throws Exception {
    Clock later = Clock.fixed(Instant.parse("2029-01-02T03:00:00Z"), ZoneId.of("Asia/Ho_Chi_Minh"));

    PrefilledField card = mapper.map(everyKind, citizen(), ALL_SCOPES, later).field("/applicant/idCard").orElseThrow();

    assertThat(card.provenance().note().vi()).contains("Thẻ căn cước đã hết hạn ngày 2028-05-17");
    assertThat(mapper.map(everyKind, citizen(), ALL_SCOPES, CLOCK).field("/applicant/idCard").orElseThrow()
        .provenance().note().vi()).doesNotContain("hết hạn");
  }

  @Test
  void theApiShapeOfAShippedProcedure() throws Exception {
    Procedure primary = shipped.find("1.005099").orElseThrow();

    JsonObject json = mapper.map(primary, citizen(), ALL_SCOPES, CLOCK).toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("procedure", "retrievedAt", "fields", "values");
    assertThat(json.getString("procedure")).isEqualTo("1.005099");
    assertThat(json.getString("retrievedAt")).isEqualTo("2026-09-30T03:00:00Z");
    JsonObject name = json.getJsonObject("fields").getJsonObject("/applicant/fullName");
    assertThat(name.fieldNames()).contains("value", "source", "verified", "locked", "provenance");
    assertThat(name.getString("value")).isEqualTo("Nguyễn Văn An");
    assertThat(name.getString("source")).isEqualTo("population-register");
    assertThat(json.getJsonObject("values").getJsonObject("applicant").getString("identityNumber")).isEqualTo("001088001234");
    assertThat(json.getJsonObject("values").fieldNames()).containsExactly("applicant");
    // The prefilled values fit the form: with the parts the citizen types in, the dossier is valid.
    JsonObject dossier = json.getJsonObject("values");
    dossier.getJsonObject("applicant").put("relationship", "FATHER");
    dossier.put("student", new JsonObject().put("fullName", "Nguyễn Minh Khang").put("gender", "MALE").put("birthdate", "2017-08-20")
            .put("identityNumber", "001217003210").put("grade", 3).put("schoolYear", "2026-2027"))
        .put("fromSchool", new JsonObject().put("name", "Trường Tiểu học Thạch Đà A").put("provinceCode", "01").put("communeCode", "08980"))
        .put("toSchool", new JsonObject().put("name", "Trường Tiểu học Mê Linh").put("provinceCode", "01").put("communeCode", "09022"))
        .put("reason", new JsonObject().put("kind", "RELOCATION"))
        .put("documents", new JsonArray().add(new JsonObject().put("kind", "SCHOOL_RECORD").put("fileId", "f-1")))
        .put("declarations", new JsonObject().put("truthful", true));
    var result = primary.validator().validate(dossier);
    assertThat(result.getValid()).as(String.valueOf(result.toJson())).isTrue();
  }
}
