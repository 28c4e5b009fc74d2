package vn.egov.gateway.upstream;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Who logged in, as the national IdP asserted it, mapped from its own claim names. The identity
 * number is the key to the population register; it never becomes a subject identifier.
 */
public record CitizenIdentity(
    String identityNumber,
    String fullName,
    LocalDate birthdate,
    Gender gender,
    String phone,
    String email,
    Residence permanentAddress,
    Residence currentAddress,
    Level level,
    String upstreamSubject,
    Instant authTime) {

  public enum Gender {
    MALE("male"), FEMALE("female");

    private final String claim;

    Gender(String claim) {
      this.claim = claim;
    }

    /** The OIDC Core 5.1 {@code gender} value. */
    public String claim() {
      return claim;
    }
  }

  /** VNeID assurance levels, as {@code acr} values. Level 2 counts as presenting the ID card. */
  public enum Level {
    LOA1("LoA1"), LOA2("LoA2");

    private final String acr;

    Level(String acr) {
      this.acr = acr;
    }

    public String acr() {
      return acr;
    }

    public boolean satisfies(Level required) {
      return this.ordinal() >= required.ordinal();
    }

    public static Level fromAcr(String acr) {
      for (Level l : values()) if (l.acr.equals(acr)) return l;
      return null;
    }
  }

  /** The identity number with all but the last three digits hidden, for logs and audit lines. */
  public String maskedIdentityNumber() {
    return mask(identityNumber);
  }

  public static String mask(String id) {
    if (id == null || id.length() < 4) return "***";
    return "*".repeat(id.length() - 3) + id.substring(id.length() - 3);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("identityNumber", identityNumber)
        .put("fullName", fullName)
        .put("birthdate", birthdate == null ? null : birthdate.toString())
        .put("gender", gender == null ? null : gender.name())
        .put("phone", phone)
        .put("email", email)
        .put("permanentAddress", permanentAddress == null ? null : permanentAddress.toJson())
        .put("currentAddress", currentAddress == null ? null : currentAddress.toJson())
        .put("level", level.name())
        .put("upstreamSubject", upstreamSubject)
        .put("authTime", authTime.getEpochSecond());
  }

  public static CitizenIdentity fromJson(JsonObject j) {
    return new CitizenIdentity(
        j.getString("identityNumber"),
        j.getString("fullName"),
        j.getString("birthdate") == null ? null : LocalDate.parse(j.getString("birthdate")),
        j.getString("gender") == null ? null : Gender.valueOf(j.getString("gender")),
        j.getString("phone"),
        j.getString("email"),
        Residence.fromJson(j.getJsonObject("permanentAddress")),
        Residence.fromJson(j.getJsonObject("currentAddress")),
        Level.valueOf(j.getString("level")),
        j.getString("upstreamSubject"),
        Instant.ofEpochSecond(j.getLong("authTime")));
  }
}
