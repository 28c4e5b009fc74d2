package vn.egov.gateway.store;

import static vn.egov.gateway.store.Columns.ts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Leasing rows of an outbox table (delivery jobs, webhook events) that has the columns
 * {@code id, state, attempts, next_attempt_at, lease_owner, lease_until}: the due rows are
 * locked with {@code FOR UPDATE SKIP LOCKED}, so concurrent instances never lease the same row. A
 * row is due when it is pending and its next attempt has come, or in flight with its lease run out
 * (the holder died or hung); these are the two halves each dialect reads separately.
 */
final class Leasing {
  /**
   * A row of another table read with each leased row, in the same statement: {@code table}'s row
   * whose {@code key} equals the leased row's {@code key}, its {@code columns} named
   * {@code PREFIX + column} in the result (all {@code NULL} when there is no such row).
   */
  record With(String table, String key, List<String> columns) {
    static final String PREFIX = "w_";
  }

  private Leasing() {
  }

  /** Leases up to {@code limit} due rows to {@code owner} until {@code until}; the leased rows' {@code columns}. */
  static Future<RowSet<Row>> lease(Pool pool, Dialect dialect, OutboxVacuum vacuum, String table, List<String> columns, String owner,
      int limit, Instant now, Instant until) {
    return lease(pool, dialect, vacuum, table, columns, null, owner, limit, now, until);
  }

  /** {@link #lease}, each leased row with its row of {@code with} (null: none). */
  static Future<RowSet<Row>> lease(Pool pool, Dialect dialect, OutboxVacuum vacuum, String table, List<String> columns, With with,
      String owner, int limit, Instant now, Instant until) {
    return leaseRows(pool, dialect, table, columns, with, owner, limit, now, until)
        .onSuccess(rows -> vacuum.leased(table, rows.size()));
  }

  private static Future<RowSet<Row>> leaseRows(Pool pool, Dialect dialect, String table, List<String> columns, With with,
      String owner, int limit, Instant now, Instant until) {
    String withColumns = with == null ? ""
        : with.columns().stream().map(c -> ", w." + c + " AS " + With.PREFIX + c).collect(Collectors.joining());
    if (dialect.updateReturning()) {
      // Each half is read from its own partial index (migration V5) in that index's order, rather
      // than both through a bitmap of entries the planner cannot skip: an ordered scan marks the
      // entries of rows gone by as dead and stops at the limit. Rows locked by another instance's
      // lease are skipped, not waited for; the rows one half locks beyond the limit stay locked
      // only until this statement commits. The locking CTEs are materialised so that each runs
      // exactly once.
      String key = with == null ? "" : ", " + with.key();
      String pending = "SELECT id, next_attempt_at" + key + " FROM " + table + " WHERE state = 'PENDING' AND next_attempt_at <= ?"
          + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
      String lapsed = "SELECT id, next_attempt_at" + key + " FROM " + table + " WHERE state = 'IN_FLIGHT' AND lease_until <= ?"
          + " ORDER BY lease_until LIMIT ? FOR UPDATE SKIP LOCKED";
      String from = with == null ? "due" : "due LEFT JOIN " + with.table() + " w ON w." + with.key() + " = due." + with.key();
      return pool.preparedQuery(dialect.sql("WITH pending AS MATERIALIZED (" + pending + "), lapsed AS MATERIALIZED (" + lapsed + "),"
              + " due AS MATERIALIZED (SELECT * FROM pending UNION ALL SELECT * FROM lapsed ORDER BY next_attempt_at, id LIMIT ?)"
              + " UPDATE " + table + " j SET state = 'IN_FLIGHT', lease_owner = ?, lease_until = ?, attempts = j.attempts + 1"
              + " FROM " + from + " WHERE j.id = due.id RETURNING "
              + columns.stream().map(c -> "j." + c).collect(Collectors.joining(", ")) + withColumns))
          .execute(Tuple.of(ts(now), limit, ts(now), limit, limit, owner, ts(until)));
    }
    // H2 has no UPDATE ... FROM ... RETURNING: lock the due rows (H2 honours SKIP LOCKED too),
    // update them and read them back, in one transaction. It also plans the OR of the two halves as a
    // scan of the whole table, done rows included (their number only grows): each half is asked
    // of its own index instead, and the two merged.
    String pending = "SELECT id, next_attempt_at FROM " + table + " WHERE state = 'PENDING' AND next_attempt_at <= ?"
        + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
    String expired = "SELECT id, next_attempt_at FROM " + table + " WHERE state = 'IN_FLIGHT' AND lease_until <= ?"
        + " ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
    return dialect.withTransaction(pool, conn -> conn.preparedQuery(dialect.sql(pending)).execute(Tuple.of(ts(now), limit))
        .compose(waiting -> conn.preparedQuery(dialect.sql(expired)).execute(Tuple.of(ts(now), limit)).compose(lapsed -> {
          // In lease order; the rows beyond the limit stay locked only until this transaction ends.
          List<Row> found = new ArrayList<>();
          waiting.forEach(found::add);
          lapsed.forEach(found::add);
          found.sort(Comparator.comparing((Row r) -> Columns.instant(r, "next_attempt_at")).thenComparing(r -> r.getString("id")));
          List<Object> ids = new ArrayList<>();
          for (Row r : found.subList(0, Math.min(limit, found.size()))) ids.add(r.getString("id"));
          if (ids.isEmpty()) return Future.succeededFuture(waiting);
          String in = " WHERE j.id IN (" + Dialect.placeholders(ids.size()) + ")";
          List<Object> params = new ArrayList<>(List.of(owner, ts(until)));
          params.addAll(ids);
          String read = "SELECT " + columns.stream().map(c -> "j." + c).collect(Collectors.joining(", ")) + withColumns
              + " FROM " + table + " j"
              + (with == null ? "" : " LEFT JOIN " + with.table() + " w ON w." + with.key() + " = j." + with.key()) + in;
          return conn.preparedQuery(dialect.sql("UPDATE " + table + " j SET state = 'IN_FLIGHT', lease_owner = ?, lease_until = ?,"
                  + " attempts = attempts + 1" + in)).execute(Tuple.wrap(params))
              .compose(v -> conn.preparedQuery(dialect.sql(read)).execute(Tuple.wrap(ids)));
        })));
  }
}
