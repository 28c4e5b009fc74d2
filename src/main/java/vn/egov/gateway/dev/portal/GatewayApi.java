package vn.egov.gateway.dev.portal;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The gateway's REST API under {@code /api/v1}, called with the citizen's access token. Every call
 * answers the status and the JSON body (a problem+json document on errors); pages decide what a
 * status means to the citizen.
 */
public final class GatewayApi {
  private static final long TIMEOUT_MS = 10_000;
  private final WebClient http;
  private final String base;

  public GatewayApi(WebClient http, String gatewayUrl) {
    this.http = http;
    this.base = gatewayUrl.replaceAll("/+$", "") + "/api/v1";
  }

  /** An answer of the API. {@code body} is empty when the answer had none or was not JSON. */
  public record Answer(int status, JsonObject body) {
    public boolean ok() {
      return status / 100 == 2;
    }

    /** The {@code type} of a problem+json answer, e.g. {@code .../consent-required}, reduced to its last segment. */
    public String problem() {
      String type = body.getString("type", "");
      return type.substring(type.lastIndexOf('/') + 1);
    }
  }

  public Future<Answer> procedures() {
    return send(HttpMethod.GET, "/procedures", null, null, null);
  }

  public Future<Answer> procedure(String code) {
    return send(HttpMethod.GET, "/procedures/" + seg(code), null, null, null);
  }

  public Future<Answer> prefill(String token, String code) {
    return send(HttpMethod.GET, "/procedures/" + seg(code) + "/prefill", token, null, null);
  }

  public Future<Answer> validate(String token, String code, JsonObject form, String prefill) {
    return send(HttpMethod.POST, "/procedures/" + seg(code) + "/validate", token, null,
        new JsonObject().put("form", form).put("prefill", prefill));
  }

  /** Submits a dossier; the same idempotency key for a resubmission of the same form gives the same receipt. */
  public Future<Answer> submit(String token, String idempotencyKey, String code, JsonObject form, String prefill) {
    return send(HttpMethod.POST, "/dossiers", token, idempotencyKey,
        new JsonObject().put("procedure", code).put("form", form).put("prefill", prefill));
  }

  public Future<Answer> dossier(String token, String receiptCode) {
    return send(HttpMethod.GET, "/dossiers/" + seg(receiptCode), token, null, null);
  }

  public Future<Answer> myDossiers(String token) {
    return send(HttpMethod.GET, "/me/dossiers", token, null, null);
  }

  public Future<Answer> dataAccess(String token) {
    return send(HttpMethod.GET, "/me/data-access", token, null, null);
  }

  public Future<Answer> consents(String token) {
    return send(HttpMethod.GET, "/me/consents", token, null, null);
  }

  public Future<Answer> withdrawConsent(String token, String clientId) {
    return send(HttpMethod.DELETE, "/me/consents/" + seg(clientId), token, null, null);
  }

  private Future<Answer> send(HttpMethod method, String path, String token, String idempotencyKey, JsonObject body) {
    HttpRequest<Buffer> req = http.requestAbs(method, base + path).putHeader("Accept", "application/json").timeout(TIMEOUT_MS);
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    if (idempotencyKey != null) req.putHeader("Idempotency-Key", idempotencyKey);
    Future<HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendJsonObject(body);
    return sent.map(r -> new Answer(r.statusCode(), json(r.body())));
  }

  /** A list answer may be an array or an object; arrays are wrapped as {@code {"items": [...]}}. */
  private static JsonObject json(Buffer body) {
    if (body == null || body.length() == 0) return new JsonObject();
    try {
      Object value = io.vertx.core.json.Json.decodeValue(body);
      if (value instanceof JsonObject o) return o;
      if (value instanceof io.vertx.core.json.JsonArray a) return new JsonObject().put("items", a);
      return new JsonObject();
    } catch (DecodeException e) {
      return new JsonObject();
    }
  }

  private static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
