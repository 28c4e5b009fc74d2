package vn.egov.gateway.store;

import static vn.egov.gateway.store.Columns.instant;
import static vn.egov.gateway.store.Columns.ts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import vn.egov.gateway.prefill.AccessLog;

/**
 * The access log in the durable store. The table refuses updates and deletes (migration V2), so
 * the five-year record cannot be edited through the gateway's connection.
 */
public final class SqlAccessLog implements AccessLog {
  private final Pool pool;
  private final Dialect dialect;

  public SqlAccessLog(Database database) {
    this(database.pool(), database.dialect());
  }

  public SqlAccessLog(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  @Override
  public Future<Void> append(Entry e) {
    // One statement, committed on its own: pooled connections are in auto-commit (Dialect.withTransaction).
    return pool.preparedQuery(dialect.sql("INSERT INTO access_log (id, accessed_at, client_id, citizen_key, procedure_code,"
            + " attributes, purpose, legal_basis, consent_at, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        .execute(Tuple.wrap(new Object[] {e.id(), ts(e.at()), e.clientId(), e.citizenKey(), e.procedureCode(),
            new JsonArray(new ArrayList<>(e.attributes())).encode(), e.purpose(), e.legalBasis(), ts(e.consentAt()), e.requestId()}))
        .mapEmpty();
  }

  @Override
  public Future<List<Entry>> byCitizen(String citizenKey, int limit) {
    return pool.preparedQuery(dialect.sql("SELECT id, accessed_at, client_id, citizen_key, procedure_code, attributes, purpose,"
            + " legal_basis, consent_at, request_id FROM access_log WHERE citizen_key = ? ORDER BY accessed_at DESC, seq DESC LIMIT ?"))
        .execute(Tuple.of(citizenKey, limit))
        .map(rows -> {
          List<Entry> out = new ArrayList<>();
          for (Row r : rows) {
            List<String> attributes = new ArrayList<>();
            for (Object a : new JsonArray(r.getString("attributes"))) attributes.add((String) a);
            out.add(new Entry(r.getString("id"), instant(r, "accessed_at"), r.getString("client_id"), r.getString("citizen_key"),
                r.getString("procedure_code"), List.copyOf(attributes), r.getString("purpose"), r.getString("legal_basis"),
                instant(r, "consent_at"), r.getString("request_id")));
          }
          return out;
        });
  }
}
