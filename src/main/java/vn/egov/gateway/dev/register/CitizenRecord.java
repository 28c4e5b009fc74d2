package vn.egov.gateway.dev.register;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.Citizen.Address;
import vn.egov.gateway.dev.Citizen.Household;
import vn.egov.gateway.dev.Citizen.Member;
import vn.egov.gateway.dev.Citizen.Relative;

/**
 * A citizen's record as the register's API writes it: the JSON edge of {@link Citizen}. The
 * top-level names are the "register attributes" procedure mappings refer to (package-info lists
 * them): keep them stable.
 */
final class CitizenRecord {
  /** The top-level attributes, in the order a full record has them. */
  static final List<String> ATTRIBUTES = List.of(
      "identityNumber", "fullName", "otherNames", "birthdate", "gender", "placeOfBirth", "birthRegistrationPlace",
      "hometown", "ethnicity", "religion", "nationality", "bloodType", "formerIdNumber", "idCard",
      "father", "mother", "spouse", "children", "legalRepresentative",
      "permanentAddress", "temporaryAddress", "currentAddress", "residenceFileNumber", "maritalStatus", "household",
      "phone", "email", "dateOfDeath", "updatedAt");

  /** ISO 3166-1 alpha-2: every address of the synthetic population is in Viet Nam. */
  static final String COUNTRY = "VN";

  private CitizenRecord() {
  }

  static JsonObject of(Citizen c) {
    return new JsonObject()
        .put("identityNumber", c.identityNumber())
        .put("fullName", c.fullName())
        .put("otherNames", new JsonArray(List.copyOf(c.otherNames())))
        .put("birthdate", date(c.birthdate()))
        .put("gender", c.gender().name())
        .put("placeOfBirth", c.placeOfBirth())
        .put("birthRegistrationPlace", c.birthRegistrationPlace())
        .put("hometown", c.hometown())
        .put("ethnicity", c.ethnicity())
        .put("religion", c.religion())
        .put("nationality", c.nationality())
        .put("bloodType", c.bloodType().name())
        .put("formerIdNumber", c.formerIdNumber())
        .put("idCard", new JsonObject()
            .put("issueDate", date(c.idCard().issueDate()))
            .put("issuePlace", c.idCard().issuePlace())
            .put("expiryDate", date(c.idCard().expiryDate())))
        .put("father", relative(c.father()))
        .put("mother", relative(c.mother()))
        .put("spouse", relative(c.spouse()))
        .put("children", new JsonArray(c.children().stream().map(CitizenRecord::relative).toList()))
        .put("legalRepresentative", relative(c.legalRepresentative()))
        .put("permanentAddress", address(c.permanentAddress()))
        .put("temporaryAddress", address(c.temporaryAddress()))
        .put("currentAddress", address(c.currentAddress()))
        .put("residenceFileNumber", c.residenceFileNumber())
        .put("maritalStatus", c.maritalStatus().vietnamese())
        .put("household", household(c.household()))
        .put("phone", c.phone())
        .put("email", c.email())
        // Listed citizens are alive: the register would hold the date of death or of going missing.
        .put("dateOfDeath", null)
        .put("updatedAt", c.updatedAt().toString());
  }

  /** Only the named attributes, in the record's own order; the names must be known ones. */
  static JsonObject only(JsonObject record, Collection<String> attributes) {
    JsonObject out = new JsonObject();
    for (String name : ATTRIBUTES) {
      if (attributes.contains(name)) out.put(name, record.getValue(name));
    }
    return out;
  }

  /** The register keeps a relative's name, ID number and nationality (Art. 9), not their birth date or sex. */
  private static JsonObject relative(Relative r) {
    if (r == null) return null;
    return new JsonObject()
        .put("fullName", r.fullName())
        .put("identityNumber", r.identityNumber())
        .put("nationality", r.nationality());
  }

  /** {@code legacyDistrictCode} is set for data from before 1 July 2025; its commune code is then a pre-2025 ward. */
  private static JsonObject address(Address a) {
    if (a == null) return null;
    return new JsonObject()
        .put("country", COUNTRY)
        .put("provinceCode", a.provinceCode())
        .put("communeCode", a.communeCode())
        .put("legacyDistrictCode", a.legacyDistrictCode())
        .put("detail", a.detail())
        .put("formatted", a.fullText());
  }

  private static JsonObject household(Household h) {
    JsonArray members = new JsonArray();
    for (Member m : h.members()) {
      members.add(new JsonObject()
          .put("fullName", m.fullName())
          .put("identityNumber", m.identityNumber())
          .put("relationship", m.relationship().vietnamese())
          .put("birthdate", date(m.birthdate())));
    }
    return new JsonObject()
        .put("headName", h.headName())
        .put("headIdentityNumber", h.headIdentityNumber())
        .put("relationshipToHead", h.relationshipToHead().vietnamese())
        .put("members", members);
  }

  private static String date(LocalDate d) {
    return d == null ? null : d.toString();
  }
}
