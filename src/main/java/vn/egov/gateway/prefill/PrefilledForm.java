package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A procedure's form filled from the population register: each mapped field with its provenance,
 * and the form object with the released values in place.
 *
 * @param procedure   the procedure code
 * @param retrievedAt when the register record was mapped
 */
public record PrefilledForm(String procedure, Instant retrievedAt, List<PrefilledField> fields) {

  public PrefilledForm {
    fields = List.copyOf(fields);
  }

  public Optional<PrefilledField> field(String pointer) {
    return fields.stream().filter(f -> f.pointer().equals(pointer)).findFirst();
  }

  /** The form object with every released value at its pointer; withheld and absent fields are left out. */
  public JsonObject values() {
    JsonObject values = new JsonObject();
    for (PrefilledField f : fields) {
      Object value = f.value();
      if (value != null) JsonPointer.from(f.pointer()).writeJson(values, value, true);
    }
    return values;
  }

  /** The API shape: {@code {"procedure", "retrievedAt", "fields": {pointer: {...}}, "values": {...}}}. */
  public JsonObject toJson() {
    JsonObject byPointer = new JsonObject();
    for (PrefilledField f : fields) byPointer.put(f.pointer(), f.toJson());
    return new JsonObject()
        .put("procedure", procedure)
        .put("retrievedAt", retrievedAt.toString())
        .put("fields", byPointer)
        .put("values", values());
  }
}
