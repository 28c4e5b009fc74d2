package vn.egov.gateway.dossier;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import vn.egov.gateway.prefill.Procedure;

/**
 * The validation the submission path runs before anything is stored: the procedure's schema,
 * the Vietnamese domain rules and the locked prefilled fields (the same checks as
 * {@code POST /api/v1/procedures/{code}/validate}).
 */
@FunctionalInterface
public interface FormCheck {

  /**
   * The normalised form to store, or the errors (each with pointer, code, messages) when invalid;
   * the warnings go to the agency with the dossier.
   */
  Checked check(Procedure procedure, JsonObject form, String prefillJws, String clientId, String subject);

  record Checked(JsonObject form, JsonArray errors, JsonArray warnings) {
    public Checked(JsonObject form, JsonArray errors) {
      this(form, errors, new JsonArray());
    }

    public boolean valid() {
      return errors.isEmpty();
    }
  }
}
