package vn.egov.gateway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem: a stable {@code type}, an HTTP status and a message in Vietnamese and English.
 * Portals read {@code type}; people read {@code title} and {@code detail}.
 */
public record Problem(int status, String type, String titleVi, String titleEn, String detail, JsonArray errors,
                      Integer retryAfterSeconds) {

  public static final String TYPE_BASE = "https://egov-gateway.vn/problems/";

  public static Problem of(int status, String slug, String titleVi, String titleEn) {
    return new Problem(status, TYPE_BASE + slug, titleVi, titleEn, null, null, null);
  }

  public Problem withDetail(String detail) {
    return new Problem(status, type, titleVi, titleEn, detail, errors, retryAfterSeconds);
  }

  public Problem withErrors(JsonArray errors) {
    return new Problem(status, type, titleVi, titleEn, detail, errors, retryAfterSeconds);
  }

  public Problem withRetryAfter(int seconds) {
    return new Problem(status, type, titleVi, titleEn, detail, errors, seconds);
  }

  public JsonObject toJson(String instance) {
    JsonObject json = new JsonObject()
        .put("type", type)
        .put("title", titleEn)
        .put("title_vi", titleVi)
        .put("status", status);
    if (detail != null) json.put("detail", detail);
    if (instance != null) json.put("instance", instance);
    if (errors != null) json.put("errors", errors);
    return json;
  }

  public ProblemException exception() {
    return new ProblemException(this);
  }
}
