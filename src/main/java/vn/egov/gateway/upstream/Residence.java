package vn.egov.gateway.upstream;

import io.vertx.core.json.JsonObject;

/**
 * A structured address as the national systems give it: province and commune codes, the legacy
 * district code for data from before 1 July 2025, the street detail and the full text.
 */
public record Residence(String provinceCode, String communeCode, String legacyDistrictCode, String detail, String formatted) {

  public JsonObject toJson() {
    return new JsonObject().put("provinceCode", provinceCode).put("communeCode", communeCode)
        .put("legacyDistrictCode", legacyDistrictCode).put("detail", detail).put("formatted", formatted);
  }

  public static Residence fromJson(JsonObject j) {
    if (j == null) return null;
    return new Residence(j.getString("provinceCode"), j.getString("communeCode"), j.getString("legacyDistrictCode"),
        j.getString("detail"), j.getString("formatted"));
  }

  /** The OIDC Core 5.1.1 address claim, with the Vietnamese unit codes as extra members. */
  public JsonObject toClaim() {
    JsonObject c = new JsonObject().put("formatted", formatted).put("country", "VN");
    if (detail != null) c.put("street_address", detail);
    if (provinceCode != null) c.put("province_code", provinceCode);
    if (communeCode != null) c.put("commune_code", communeCode);
    if (legacyDistrictCode != null) c.put("legacy_district_code", legacyDistrictCode);
    return c;
  }
}
