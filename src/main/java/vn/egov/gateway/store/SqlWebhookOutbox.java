package vn.egov.gateway.store;

import static vn.egov.gateway.store.Columns.micros;
import static vn.egov.gateway.store.Columns.ts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.egov.gateway.dossier.WebhookEvent;

/**
 * The portals' webhook events, written by {@link SqlDossierStore} with the change they report and
 * leased here by the notifier, one instance at a time per event.
 */
public final class SqlWebhookOutbox {
  private static final List<String> COLUMNS = List.of("id", "client_id", "receipt_code", "event_type", "payload", "attempts");

  private final Pool pool;
  private final Dialect dialect;
  private final OutboxVacuum vacuum;

  public SqlWebhookOutbox(Database database) {
    this.pool = database.pool();
    this.dialect = database.dialect();
    this.vacuum = database.outboxVacuum();
  }

  public Future<List<WebhookEvent>> lease(String owner, int limit, Duration leaseDuration, Instant now) {
    if (limit <= 0) return Future.succeededFuture(List.of());
    return Leasing.lease(pool, dialect, vacuum, "webhook_events", COLUMNS, owner, limit, now, micros(now.plus(leaseDuration)))
        .map(rows -> {
          List<WebhookEvent> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new WebhookEvent(r.getString("id"), r.getString("client_id"), r.getString("receipt_code"),
                r.getString("event_type"), r.getString("payload"), r.getInteger("attempts")));
          }
          return out;
        });
  }

  /** Sent (2xx), or nowhere to send it: {@code state} is DELIVERED or SKIPPED. */
  public Future<Boolean> done(String id, String owner, String state, Instant at) {
    return update("UPDATE webhook_events SET state = ?, done_at = ?, lease_until = NULL WHERE id = ? AND state = 'IN_FLIGHT'"
        + " AND lease_owner = ?", state, ts(at), id, owner);
  }

  public Future<Boolean> retryLater(String id, String owner, Instant next, String error) {
    return update("UPDATE webhook_events SET state = 'PENDING', next_attempt_at = ?, last_error = ?, lease_owner = NULL,"
        + " lease_until = NULL WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?", ts(micros(next)), clip(error), id, owner);
  }

  /** The retry budget is spent. */
  public Future<Boolean> giveUp(String id, String owner, Instant at, String error) {
    return update("UPDATE webhook_events SET state = 'FAILED', done_at = ?, last_error = ?, lease_until = NULL WHERE id = ?"
        + " AND state = 'IN_FLIGHT' AND lease_owner = ?", ts(at), clip(error), id, owner);
  }

  /** Events by state, for ops and tests. */
  public Future<java.util.Map<String, Long>> countsByState() {
    return pool.preparedQuery(dialect.sql("SELECT state, COUNT(*) AS n FROM webhook_events GROUP BY state")).execute()
        .map(rows -> {
          java.util.Map<String, Long> out = new java.util.TreeMap<>();
          for (Row r : rows) out.put(r.getString("state"), r.getLong("n"));
          return out;
        });
  }

  private Future<Boolean> update(String sql, Object... params) {
    return pool.preparedQuery(dialect.sql(sql)).execute(Tuple.wrap(params)).map(rows -> rows.rowCount() == 1);
  }

  private static String clip(String text) {
    return text == null || text.length() <= 4000 ? text : text.substring(0, 4000);
  }
}
