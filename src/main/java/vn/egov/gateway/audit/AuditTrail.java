package vn.egov.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.regex.Pattern;
import vn.egov.gateway.store.AuditEntry;
import vn.egov.gateway.store.AuditStore;
import vn.egov.gateway.store.GroupCommit;

/**
 * The audit trail (DESIGN.md section 6): typed events appended to the SHA-256 hash chain of
 * {@link AuditStore}. Citizens appear only by their keyed citizen key (an HMAC of the ID number,
 * {@code PairwiseSubjects.citizenKey}), never by ID number; as a last guard any 12-digit run in
 * the data is masked before it is stored.
 *
 * <p>Appends are serialised twice: inside this process events queue and are written in batches,
 * one transaction at a time (group commit: a busy gateway does not open a transaction per event);
 * across instances and processes each transaction locks the store's {@code audit_lock} row, reads
 * the head and extends it, so the chain never forks.
 */
public final class AuditTrail {
  /** The event types; their names are what the chain stores. */
  public enum Event {
    LOGIN("login"), CONSENT("consent"), DATA_RELEASE("data-release"), SUBMISSION("submission"), DELIVERY("delivery"),
    STATUS_CHANGE("status-change");

    private final String type;

    Event(String type) {
      this.type = type;
    }

    public String type() {
      return type;
    }
  }

  private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])[0-9]{9}([0-9]{3})(?![0-9])");
  private static final int MAX_BATCH = 500;
  /** How long an event nobody waits for may wait for company (see the constructor). */
  static final java.time.Duration LINGER = java.time.Duration.ofMillis(10);

  private final Clock clock;
  // The rows of a batch extend one chain in order: a failure is the store's, never one row's.
  private final GroupCommit<AuditStore.NewEntry, AuditEntry> queue;

  public AuditTrail(AuditStore store, Clock clock) {
    this.clock = clock;
    this.queue = new GroupCommit<>(store::appendAll, MAX_BATCH, false);
  }

  /**
   * With {@code vertx}, the events nobody waits for (data releases, submissions, deliveries) may
   * wait up to {@link #LINGER} for others to share their commit when the chain is idle; logins,
   * consents and status changes, whose requests wait for their entry, are written at once.
   */
  public AuditTrail(AuditStore store, Clock clock, io.vertx.core.Vertx vertx) {
    this.clock = clock;
    this.queue = new GroupCommit<>(store::appendAll, MAX_BATCH, false, vertx, LINGER);
  }

  // --- typed events ----------------------------------------------------------------------------

  /** A citizen logged in at the national IdP through the gateway, for a portal's request. */
  public Future<AuditEntry> login(String citizenKey, String clientId, String level, String requestId) {
    return append(Event.LOGIN, new JsonObject().put("citizen", citizenKey).put("client", clientId).put("level", level)
        .put("request", requestId));
  }

  /** A consent decision for a portal and its scopes. */
  public Future<AuditEntry> consent(String citizenKey, String clientId, Collection<String> scopes, boolean approved, String requestId) {
    return append(Event.CONSENT, new JsonObject().put("citizen", citizenKey).put("client", clientId)
        .put("scopes", new JsonArray(new ArrayList<>(scopes))).put("decision", approved ? "approved" : "denied")
        .put("request", requestId));
  }

  /** Register attributes released to a portal for a procedure (the access log's entry, chained). */
  public Future<AuditEntry> dataRelease(String citizenKey, String clientId, String procedure, Collection<String> attributes,
      String accessId, String requestId) {
    return appendSoon(Event.DATA_RELEASE, new JsonObject().put("citizen", citizenKey).put("client", clientId)
        .put("procedure", procedure).put("attributes", new JsonArray(new ArrayList<>(attributes))).put("access", accessId)
        .put("request", requestId));
  }

  /** A dossier accepted (stored with its delivery job). */
  public Future<AuditEntry> submission(String receiptCode, String citizenKey, String clientId, String procedure,
      String bodyHash, String requestId) {
    return appendSoon(Event.SUBMISSION, new JsonObject().put("receipt", receiptCode).put("citizen", citizenKey)
        .put("client", clientId).put("procedure", procedure).put("body_sha256", bodyHash).put("request", requestId));
  }

  /** A delivery attempt's outcome ({@code delivered}, {@code retry}, {@code dead_letter}, {@code redrive}). */
  public Future<AuditEntry> delivery(String receiptCode, String agency, String outcome, int attempt, String detail) {
    return appendSoon(Event.DELIVERY, new JsonObject().put("receipt", receiptCode).put("agency", agency).put("outcome", outcome)
        .put("attempt", attempt).put("detail", detail));
  }

  /** A status reported by an agency (national codes 1-10) or set by the gateway (overdue). */
  public Future<AuditEntry> statusChange(String receiptCode, int status, String source, String reportId) {
    return append(Event.STATUS_CHANGE, new JsonObject().put("receipt", receiptCode).put("status", status)
        .put("source", source).put("report", reportId));
  }

  // --- the queue -------------------------------------------------------------------------------

  /** Appends any event; the future completes once its entry is committed in the chain. */
  public Future<AuditEntry> append(Event event, JsonObject data) {
    return queue.add(entry(event, data));
  }

  /** {@link #append} for an event nobody waits for: it may share a later commit (see the constructor). */
  Future<AuditEntry> appendSoon(Event event, JsonObject data) {
    return queue.addSoon(entry(event, data));
  }

  private AuditStore.NewEntry entry(Event event, JsonObject data) {
    String safe = ID_NUMBER.matcher(data.encode()).replaceAll("*********$1");
    return new AuditStore.NewEntry(event.type(), safe, clock.instant());
  }
}
