package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonObject;

/**
 * Where a prefilled value came from, for the citizen and the agency: a note in Vietnamese and
 * English and, for an address, how its units relate to the current ones.
 *
 * @param conversion the address conversion, or null for other fields
 */
public record Provenance(Localized note, AdministrativeUnits.Conversion conversion) {

  public JsonObject toJson() {
    JsonObject j = note.toJson();
    if (conversion != null) {
      JsonObject c = conversion.toJson();
      j.put("unitStatus", c.getString("status"));
      if (c.containsKey("candidates")) j.put("candidates", c.getJsonArray("candidates"));
      if (c.containsKey("legacy")) j.put("legacy", c.getJsonObject("legacy"));
    }
    return j;
  }
}
