package vn.egov.gateway.prefill;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Who read whose register data, which attributes, for which procedure and purpose, on what legal
 * basis, when (Decree 13/2023; Law 91/2025/QH15): append-only, and readable by the citizen it
 * concerns. Keyed by the citizen's internal key, never by the identity number.
 */
public interface AccessLog {

  record Entry(String id, Instant at, String clientId, String citizenKey, String procedureCode, List<String> attributes,
               String purpose, String legalBasis, Instant consentAt, String requestId) {

    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("at", at.toString()).put("clientId", clientId)
          .put("procedure", procedureCode).put("attributes", new JsonArray(attributes)).put("purpose", purpose)
          .put("legalBasis", new JsonObject().put("type", legalBasis).put("consentedAt", consentAt == null ? null : consentAt.toString()))
          .put("requestId", requestId);
    }
  }

  Future<Void> append(Entry entry);

  /** The citizen's entries, newest first. */
  Future<List<Entry>> byCitizen(String citizenKey, int limit);
}
