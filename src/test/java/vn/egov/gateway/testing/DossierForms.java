package vn.egov.gateway.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;

/**
 * Complete, valid forms for the shipped procedures, the way a portal builds them: the prefilled
 * values as the gateway returned them, plus what the citizen types in.
 */
public final class DossierForms {
  private DossierForms() {
  }

  /** The prefilled values of a {@code GET .../prefill} answer written into a form. */
  public static JsonObject fromPrefill(JsonObject prefill, JsonObject typedIn) {
    JsonObject form = typedIn.copy();
    JsonObject fields = prefill.getJsonObject("fields");
    for (String pointer : fields.fieldNames()) {
      Object value = fields.getJsonObject(pointer).getValue("value");
      if (value != null) JsonPointer.from(pointer).writeJson(form, value, true);
    }
    return form;
  }

  /**
   * What a parent types into the primary school transfer form (1.005099): an 8-year-old boy
   * (born 2018, so ID digit 2 = male, 2000s) moving between two schools of Hà Nội.
   */
  public static JsonObject schoolTransferTypedIn() {
    return new JsonObject()
        .put("applicant", new JsonObject().put("relationship", "FATHER").put("phone", "0912345678"))
        .put("student", new JsonObject().put("fullName", "Nguyễn Minh Khôi").put("gender", "MALE").put("birthdate", "2018-05-12")
            .put("identityNumber", "001218012345").put("grade", 3).put("schoolYear", "2026-2027"))
        .put("fromSchool", new JsonObject().put("name", "Trường Tiểu học Ba Đình").put("provinceCode", "01").put("communeCode", "00004"))
        .put("toSchool", new JsonObject().put("name", "Trường Tiểu học Ngọc Hà").put("provinceCode", "01").put("communeCode", "00008"))
        .put("reason", new JsonObject().put("kind", "RELOCATION").put("detail", "Gia đình chuyển nơi ở"))
        .put("documents", new JsonArray().add(new JsonObject().put("kind", "SCHOOL_RECORD").put("fileId", "hoc-ba-2026")))
        .put("declarations", new JsonObject().put("truthful", true));
  }
}
