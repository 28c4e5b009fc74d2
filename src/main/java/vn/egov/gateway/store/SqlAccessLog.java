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
  private final String insertSql;
  private final GroupCommit<Entry, Void> releases = new GroupCommit<>(this::insert, 256, true);

  public SqlAccessLog(Database database) {
    this(database.pool(), database.dialect());
  }

  public SqlAccessLog(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.insertSql = dialect.sql("INSERT INTO access_log (id, accessed_at, client_id, citizen_key, procedure_code,"
        + " attributes, purpose, legal_basis, consent_at, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  @Override
  public Future<Void> append(Entry e) {
    return releases.add(e);
  }

  /**
   * One row: a single auto-committed statement (pooled connections are in auto-commit, see
   * Dialect.withTransaction). Several: one batch in one transaction. On a {@code WRITE_DELAY=0} H2
   * file each commit rewrites the table's pages, which made it the largest cost of a prefill.
   */
  private Future<List<Void>> insert(List<Entry> entries) {
    List<Tuple> rows = new ArrayList<>(entries.size());
    for (Entry e : entries) rows.add(tuple(e));
    Future<?> done = rows.size() == 1 ? pool.preparedQuery(insertSql).execute(rows.get(0))
        : dialect.withTransaction(pool, conn -> conn.preparedQuery(insertSql).executeBatch(rows));
    return done.map(v -> java.util.Collections.nCopies(entries.size(), (Void) null));
  }

  private static Tuple tuple(Entry e) {
    return Tuple.wrap(new Object[] {e.id(), ts(e.at()), e.clientId(), e.citizenKey(), e.procedureCode(),
        new JsonArray(new ArrayList<>(e.attributes())).encode(), e.purpose(), e.legalBasis(), ts(e.consentAt()), e.requestId()});
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
