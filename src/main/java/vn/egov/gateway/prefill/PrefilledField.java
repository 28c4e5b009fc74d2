package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One prefilled form field with its provenance (DESIGN.md section 4).
 *
 * @param pointer       JSON pointer into the form
 * @param value         a text, a JSON object (address, parent, ID card) or array (household members); null when
 *                      withheld or not in the register
 * @param source        where the value comes from: {@value PrefillMapper#SOURCE}
 * @param attribute     the register attribute path read, e.g. {@code permanentAddress}, {@code father.fullName}
 * @param verified      true for register data the gateway vouches for; false when withheld, absent, or an
 *                      address whose current unit the citizen must choose
 * @param locked        whether the citizen must send the value back unchanged
 * @param provenance    where the value came from and what the gateway did to it
 * @param missingScopes consent scopes the citizen did not give; not empty means the field is withheld
 */
public record PrefilledField(String pointer, Object value, String source, String attribute, boolean verified, boolean locked,
    Provenance provenance, List<String> missingScopes) {

  public PrefilledField {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(provenance, "provenance");
    value = copy(value);
    missingScopes = List.copyOf(missingScopes);
  }

  @Override
  public Object value() {
    return copy(value);
  }

  /** Not released: the citizen did not consent to a scope the attribute needs. */
  public boolean withheld() {
    return !missingScopes.isEmpty();
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject()
        .put("value", copy(value))
        .put("source", source)
        .put("attribute", attribute)
        .put("verified", verified)
        .put("locked", locked)
        .put("withheld", withheld())
        .put("provenance", provenance.toJson());
    if (withheld()) j.put("missingScopes", new JsonArray(missingScopes));
    return j;
  }

  private static Object copy(Object value) {
    if (value instanceof JsonObject o) return o.copy();
    if (value instanceof JsonArray a) return a.copy();
    return value;
  }
}
