package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An administrative procedure as configured in {@code config/procedures/<file>.yaml} (DESIGN.md
 * section 4). Immutable: the form is copied in and out.
 *
 * @param code          national procedure code, e.g. {@code 1.005099}
 * @param workingDays   statutory time limit in working days from receipt of a complete dossier
 * @param fastTrack     the fast-track day, if the procedure has one
 * @param requiredLevel the VNeID level a citizen must have logged in with
 * @param purpose       why the register is read, shown to citizens in the access log
 * @param form          the form as a JSON Schema (2020-12)
 * @param validator     the compiled form schema
 * @param prefill       register attribute to form field mappings, in file order
 * @param rules         domain rules for the validator
 * @param file          where it was read from, for messages
 */
public record Procedure(String code, Localized name, Agency agency, int workingDays, Optional<FastTrack> fastTrack,
    AssuranceLevel requiredLevel, Localized purpose, JsonObject form, Validator validator, List<PrefillRule> prefill,
    List<DomainRule> rules, Path file) {

  public Procedure {
    Objects.requireNonNull(code, "code");
    form = form.copy();
    prefill = List.copyOf(prefill);
    rules = List.copyOf(rules);
  }

  @Override
  public JsonObject form() {
    return form.copy();
  }

  /** The prefill rule for a form field, if the field is prefilled. */
  public Optional<PrefillRule> prefillFor(String pointer) {
    return prefill.stream().filter(r -> r.field().equals(pointer)).findFirst();
  }

  /** The catalogue entry for portals ({@code GET /api/v1/procedures/{code}}). */
  public JsonObject toJson() {
    JsonObject timeLimit = new JsonObject().put("workingDays", workingDays);
    fastTrack.ifPresent(f -> timeLimit.put("fastTrack", new JsonObject().put("weekday", f.weekday().name()).put("minutes", f.minutes())));
    return new JsonObject()
        .put("code", code)
        .put("name", name.toJson())
        .put("agency", new JsonObject().put("code", agency.code()).put("name", agency.name().toJson()))
        .put("timeLimit", timeLimit)
        .put("requiredLevel", requiredLevel.acr())
        .put("purpose", purpose.toJson())
        .put("form", form.copy())
        .put("prefill", new JsonArray(prefill.stream()
            .map(r -> new JsonObject().put("field", r.field()).put("source", r.source().toString()).put("locked", r.locked()))
            .toList()))
        .put("rules", new JsonArray(rules.stream()
            .map(r -> new JsonObject().put("rule", r.id()).put("fields", new JsonArray(r.fields()))).toList()));
  }
}
