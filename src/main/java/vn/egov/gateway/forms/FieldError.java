package vn.egov.gateway.forms;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One finding about a submitted form: where (a JSON pointer, RFC 6901, into the form; {@code ""}
 * for the form as a whole), what (a stable kebab-case code portals can switch on) and a message
 * for people in Vietnamese and English. Used for errors and for warnings alike.
 */
public record FieldError(String pointer, String code, String messageVi, String messageEn) {

  public FieldError {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(messageVi, "messageVi");
    Objects.requireNonNull(messageEn, "messageEn");
  }

  /**
   * {@code {"pointer", "code", "message": {"vi", "en"}, "detail"}}: the shape of one entry of a
   * verdict's {@code errors} and of a {@code validation-failed} problem's {@code errors} (RFC 9457
   * section 3 allows such extension members); {@code detail} repeats the English message for
   * generic problem+json clients.
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("pointer", pointer)
        .put("code", code)
        .put("message", new JsonObject().put("vi", messageVi).put("en", messageEn))
        .put("detail", messageEn);
  }
}
