package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonObject;

/** A text shown to citizens, in Vietnamese (the default) and English. */
public record Localized(String vi, String en) {

  public JsonObject toJson() {
    return new JsonObject().put("vi", vi).put("en", en);
  }
}
