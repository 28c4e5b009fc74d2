package vn.egov.gateway.prefill;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vn.egov.gateway.oidc.Scope;

/**
 * The top-level attributes of a citizen's record in the population register (Law on
 * Identification 2023, Art. 9; DOMAIN.md), each with the consent scope that releases it and the
 * members of its value. A prefill source is a path into the record: an attribute
 * ({@code permanentAddress}) or one of its members ({@code father.fullName}).
 *
 * <p>Sensitive attributes have no scope: no consent releases them into a form. Decree 13/2023/NĐ-CP
 * Art. 2(4) and DOMAIN.md ("Sensitive data ... never goes into prefill").
 */
public enum RegisterAttribute {
  IDENTITY_NUMBER("identityNumber", Scope.IDENTITY_NUMBER, Kind.TEXT),
  FULL_NAME("fullName", Scope.PROFILE, Kind.TEXT),
  OTHER_NAMES("otherNames", Scope.PROFILE, Kind.TEXT),
  BIRTHDATE("birthdate", Scope.PROFILE, Kind.DATE),
  GENDER("gender", Scope.PROFILE, Kind.TEXT),
  PLACE_OF_BIRTH("placeOfBirth", Scope.PROFILE, Kind.TEXT),
  BIRTH_REGISTRATION_PLACE("birthRegistrationPlace", Scope.PROFILE, Kind.TEXT),
  HOMETOWN("hometown", Scope.PROFILE, Kind.TEXT),
  ETHNICITY("ethnicity", Scope.PROFILE, Kind.TEXT),
  RELIGION("religion", null, Kind.TEXT),
  NATIONALITY("nationality", Scope.PROFILE, Kind.TEXT),
  BLOOD_TYPE("bloodType", null, Kind.TEXT),
  FORMER_ID_NUMBER("formerIdNumber", Scope.PREFILL, Kind.TEXT),
  ID_CARD("idCard", Scope.PREFILL, Kind.OBJECT, "issueDate", "issuePlace", "expiryDate"),
  FATHER("father", Scope.PREFILL, Kind.OBJECT, "fullName", "identityNumber", "nationality"),
  MOTHER("mother", Scope.PREFILL, Kind.OBJECT, "fullName", "identityNumber", "nationality"),
  SPOUSE("spouse", Scope.PREFILL, Kind.OBJECT, "fullName", "identityNumber", "nationality"),
  PERMANENT_ADDRESS("permanentAddress", Scope.ADDRESS, Kind.ADDRESS, Address.MEMBERS),
  TEMPORARY_ADDRESS("temporaryAddress", Scope.ADDRESS, Kind.ADDRESS, Address.MEMBERS),
  CURRENT_ADDRESS("currentAddress", Scope.ADDRESS, Kind.ADDRESS, Address.MEMBERS),
  RESIDENCE_FILE_NUMBER("residenceFileNumber", Scope.ADDRESS, Kind.TEXT),
  MARITAL_STATUS("maritalStatus", Scope.PREFILL, Kind.TEXT),
  HOUSEHOLD("household", Scope.PREFILL, Kind.OBJECT, "headName", "headIdentityNumber", "relationshipToHead", "members"),
  PHONE("phone", Scope.PHONE, Kind.TEXT),
  EMAIL("email", Scope.EMAIL, Kind.TEXT),
  DATE_OF_DEATH("dateOfDeath", null, Kind.DATE);

  /** The shape of a value, to check it fits the form field it is mapped to. */
  public enum Kind {
    TEXT, DATE, OBJECT, ADDRESS, LIST;

    /** The JSON Schema {@code type} a form field needs to hold a value of this kind. */
    public String jsonType() {
      return switch (this) {
        case TEXT, DATE -> "string";
        case OBJECT, ADDRESS -> "object";
        case LIST -> "array";
      };
    }
  }

  /** Members of a register address, and the names the gateway adds after conversion. */
  public static final class Address {
    static final String[] MEMBERS = {"country", "provinceCode", "communeCode", "legacyDistrictCode", "detail", "formatted"};
    /** What a prefilled address may carry: the register's members plus the unit names. */
    public static final List<String> FORM_MEMBERS = List.of("country", "provinceCode", "provinceName", "communeCode",
        "communeName", "legacyDistrictCode", "detail", "formatted");

    private Address() {
    }
  }

  /** Household members' own members: the only ones that leave the gateway. */
  public static final List<String> HOUSEHOLD_MEMBER_FIELDS = List.of("fullName", "identityNumber", "relationship", "birthdate");

  /**
   * Words that mark health, biometric or location data anywhere in a path (a word of a camelCase
   * name starting with one of these); refused even if a future register adds such an attribute
   * (Decree 13/2023/NĐ-CP Art. 2(4)).
   */
  private static final List<String> SENSITIVE_WORDS = List.of("religion", "blood", "death", "health", "medical", "disab",
      "biometric", "fingerprint", "face", "iris", "dna", "genetic", "location", "criminal");

  private final String attribute;
  private final Scope scope;
  private final Kind kind;
  private final List<String> members;

  RegisterAttribute(String attribute, Scope scope, Kind kind, String... members) {
    this.attribute = attribute;
    this.scope = scope;
    this.kind = kind;
    this.members = List.of(members);
  }

  /** The attribute's name in the register record. */
  public String attribute() {
    return attribute;
  }

  /** The consent scope that releases it; empty for sensitive attributes, which nothing releases. */
  public Optional<Scope> scope() {
    return Optional.ofNullable(scope);
  }

  public Kind kind() {
    return kind;
  }

  /** The members of an object value, the only ones copied out of the record. */
  public List<String> members() {
    return members;
  }

  public boolean sensitive() {
    return scope == null;
  }

  public static Optional<RegisterAttribute> of(String attribute) {
    for (RegisterAttribute a : values()) if (a.attribute.equals(attribute)) return Optional.of(a);
    return Optional.empty();
  }

  /** Whether a source path names sensitive data: a sensitive attribute, or a health/biometric-like name. */
  public static boolean isSensitivePath(String path) {
    String top = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
    if (of(top).map(RegisterAttribute::sensitive).orElse(false)) return true;
    // Compare whole camelCase words, so that "headName" is not read as holding "dna".
    for (String word : path.split("\\.|(?<=[a-z0-9])(?=[A-Z])")) {
      String w = word.toLowerCase(Locale.ROOT);
      if (SENSITIVE_WORDS.stream().anyMatch(w::startsWith)) return true;
    }
    return false;
  }
}
