package vn.egov.gateway.store;

import static vn.egov.gateway.store.Columns.instant;
import static vn.egov.gateway.store.Columns.micros;
import static vn.egov.gateway.store.Columns.ts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail's table: appends that extend one hash chain, and reading it back in order. The
 * chain itself (what is logged, the verify command) belongs to the audit feature.
 */
public final class AuditStore {
  private final Pool pool;
  private final Dialect dialect;

  public AuditStore(Database database) {
    this(database.pool(), database.dialect());
  }

  public AuditStore(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /** What an append records; the store adds the sequence number and the hashes. */
  public record NewEntry(String type, String data, Instant at) {
  }

  /**
   * Appends an entry after the current last one. Every append first locks the single row of
   * {@code audit_lock}, so appends from any number of connections or instances take turns and
   * the chain cannot fork (the primary key on {@code seq} would refuse a fork anyway).
   */
  public Future<AuditEntry> append(String type, String data, Instant at) {
    return appendAll(List.of(new NewEntry(type, data, at))).map(list -> list.get(0));
  }

  /**
   * Appends several entries, in order, in one transaction under the same lock: one round of
   * locking for a batch, so a busy gateway does not queue one transaction per event.
   */
  public Future<List<AuditEntry>> appendAll(List<NewEntry> entries) {
    if (entries.isEmpty()) return Future.succeededFuture(List.of());
    return dialect.withTransaction(pool, conn -> conn.preparedQuery("SELECT id FROM audit_lock WHERE id = 1 FOR UPDATE").execute()
        .compose(locked -> conn.preparedQuery("SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1").execute())
        .compose(last -> {
          long seq = 0;
          String prev = AuditEntry.GENESIS;
          if (last.size() > 0) {
            Row r = last.iterator().next();
            seq = r.getLong("seq");
            prev = r.getString("hash");
          }
          List<AuditEntry> chained = new ArrayList<>();
          List<Tuple> rows = new ArrayList<>();
          for (NewEntry n : entries) {
            Instant exact = micros(n.at());
            seq++;
            AuditEntry entry = new AuditEntry(seq, exact, n.type(), n.data(), prev, AuditEntry.hashOf(prev, seq, exact, n.type(), n.data()));
            chained.add(entry);
            rows.add(Tuple.of(entry.seq(), ts(entry.at()), entry.type(), entry.data(), entry.prevHash(), entry.hash()));
            prev = entry.hash();
          }
          return conn.preparedQuery(dialect.sql("INSERT INTO audit_entries (seq, at, type, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)"))
              .executeBatch(rows)
              .map(v -> List.copyOf(chained));
        }));
  }

  /** Entries from {@code fromSeq} on, in chain order. */
  public Future<List<AuditEntry>> entries(long fromSeq, int limit) {
    return pool.preparedQuery(dialect.sql("SELECT seq, at, type, data, prev_hash, hash FROM audit_entries WHERE seq >= ?"
            + " ORDER BY seq LIMIT ?"))
        .execute(Tuple.of(fromSeq, limit))
        .map(rows -> {
          List<AuditEntry> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new AuditEntry(r.getLong("seq"), instant(r, "at"), r.getString("type"), r.getString("data"),
                r.getString("prev_hash"), r.getString("hash")));
          }
          return out;
        });
  }
}
