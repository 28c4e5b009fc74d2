package vn.egov.gateway.upstream;

import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;
import vn.egov.gateway.config.UpstreamConfig;

/**
 * Maps the national IdP's claims (named in Vietnamese: {@code SoDinhDanh}, {@code HoVaTen}, ...)
 * to a {@link CitizenIdentity}, as configured. Text is NFC-normalised here, once, at the edge.
 */
public final class ClaimMapper {
  private static final Pattern ID_NUMBER = Pattern.compile("^[0-9]{12}$");

  private final UpstreamConfig.ClaimMapping names;
  private final DateTimeFormatter birthdateFormat;
  private final String acrClaim;
  private final Map<String, String> acrValues;

  public ClaimMapper(UpstreamConfig config) {
    this.names = config.claims();
    this.birthdateFormat = DateTimeFormatter.ofPattern(names.birthdateFormat());
    this.acrClaim = config.acrClaim();
    this.acrValues = config.acrValues();
  }

  /**
   * @param idTokenClaims the verified ID token's claims (for {@code acr}, {@code auth_time})
   * @param userInfo      the userinfo response, whose {@code sub} has been checked against the ID token
   */
  public CitizenIdentity map(Map<String, Object> idTokenClaims, JsonObject userInfo, Instant now) {
    JsonObject all = new JsonObject(new java.util.HashMap<>(idTokenClaims)).mergeIn(userInfo);
    String id = text(all, names.identityNumber());
    if (id == null || !ID_NUMBER.matcher(id).matches()) {
      throw new UpstreamException(UpstreamException.Reason.INVALID_CLAIMS,
          "claim " + names.identityNumber() + " is missing or not a 12-digit identity number");
    }
    String name = text(all, names.name());
    if (name == null || name.isBlank()) {
      throw new UpstreamException(UpstreamException.Reason.INVALID_CLAIMS, "claim " + names.name() + " is missing");
    }
    LocalDate birthdate = null;
    String rawBirthdate = text(all, names.birthdate());
    if (rawBirthdate != null) {
      try {
        birthdate = LocalDate.parse(rawBirthdate, birthdateFormat);
      } catch (DateTimeParseException e) {
        throw new UpstreamException(UpstreamException.Reason.INVALID_CLAIMS,
            "claim " + names.birthdate() + " is not a date in the format " + names.birthdateFormat());
      }
    }
    CitizenIdentity.Gender gender = null;
    String rawGender = text(all, names.gender());
    if (rawGender != null) {
      if (rawGender.equals(nfc(names.genderMale()))) gender = CitizenIdentity.Gender.MALE;
      else if (rawGender.equals(nfc(names.genderFemale()))) gender = CitizenIdentity.Gender.FEMALE;
    }
    // A missing or unknown acr is the lowest level: never assume more assurance than was asserted.
    Object acr = idTokenClaims.get(acrClaim);
    String mapped = acr == null ? null : acrValues.get(String.valueOf(acr));
    CitizenIdentity.Level level = mapped == null ? CitizenIdentity.Level.LOA1 : CitizenIdentity.Level.fromAcr(mapped);
    Object authTime = idTokenClaims.get("auth_time");
    Instant at = authTime instanceof java.util.Date d ? d.toInstant()
        : authTime instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : now;
    return new CitizenIdentity(id, name, birthdate, gender,
        text(all, names.phone()), text(all, names.email()),
        residence(all, names.permanentAddress()), residence(all, names.currentAddress()),
        level, String.valueOf(idTokenClaims.get("sub")), at);
  }

  private static String text(JsonObject all, String claim) {
    if (claim == null || claim.isBlank()) return null;
    Object v = all.getValue(claim);
    if (v == null || v instanceof JsonObject || v instanceof io.vertx.core.json.JsonArray) return null;
    return nfc(String.valueOf(v).trim());
  }

  private static String nfc(String s) {
    return s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /** An address claim: VNeID's structured object (MaTinh, MaXa, MaHuyenCu, ChiTiet, DiaChiDayDu) or plain text. */
  private static Residence residence(JsonObject all, String claim) {
    if (claim == null || claim.isBlank()) return null;
    Object v = all.getValue(claim);
    if (v instanceof JsonObject o) {
      return new Residence(nfc(o.getString("MaTinh")), nfc(o.getString("MaXa")), nfc(o.getString("MaHuyenCu")),
          nfc(o.getString("ChiTiet")), nfc(o.getString("DiaChiDayDu")));
    }
    if (v instanceof String s && !s.isBlank()) return new Residence(null, null, null, null, nfc(s));
    return null;
  }
}
