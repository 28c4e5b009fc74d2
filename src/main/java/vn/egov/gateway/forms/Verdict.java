package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating a form.
 *
 * @param form     the form with every text NFC-normalised: what should be stored and delivered
 * @param errors   findings that make the dossier unacceptable; empty when valid
 * @param warnings findings the citizen or the agency should see that do not block filing (an ID
 *                 number of a birth registered abroad, fields not verified against the register...)
 */
public record Verdict(JsonObject form, List<FieldError> errors, List<FieldError> warnings) {

  public Verdict {
    Objects.requireNonNull(form, "form");
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean valid() {
    return errors.isEmpty();
  }

  public JsonArray errorsJson() {
    return new JsonArray(errors.stream().map(FieldError::toJson).toList());
  }

  public JsonArray warningsJson() {
    return new JsonArray(warnings.stream().map(FieldError::toJson).toList());
  }

  /** The body of {@code POST /api/v1/procedures/{code}/validate}. */
  public JsonObject toJson() {
    return new JsonObject().put("valid", valid()).put("errors", errorsJson()).put("warnings", warningsJson()).put("form", form);
  }
}
