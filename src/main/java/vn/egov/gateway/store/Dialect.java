package vn.egov.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few places where H2 (in PostgreSQL mode) and PostgreSQL differ for this store. Everything
 * else is one SQL text written with {@code ?} placeholders.
 */
public enum Dialect {
  POSTGRESQL("postgresql") {
    /** The reactive PostgreSQL client wants {@code $1, $2, ...}. */
    @Override
    public String sql(String portable) {
      StringBuilder out = new StringBuilder(portable.length() + 16);
      boolean quoted = false;
      int n = 0;
      for (int i = 0; i < portable.length(); i++) {
        char c = portable.charAt(i);
        if (c == '\'') quoted = !quoted;
        if (c == '?' && !quoted) {
          out.append('$').append(++n);
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    @Override
    Future<Boolean> tryTransactionLock(SqlConnection conn, long key) {
      return conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(key))
          .map(rows -> rows.iterator().next().getBoolean(0));
    }

    @Override
    Future<Void> lockSession(SqlConnection conn, long key) {
      return conn.preparedQuery("SELECT pg_advisory_lock($1)").execute(Tuple.of(key)).mapEmpty();
    }

    @Override
    Future<Void> unlockSession(SqlConnection conn, long key) {
      return conn.preparedQuery("SELECT pg_advisory_unlock($1)").execute(Tuple.of(key)).mapEmpty();
    }

    @Override
    String upsert(String table, List<String> keys, List<String> columns) {
      return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders(columns.size())
          + ") ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET "
          + columns.stream().filter(c -> !keys.contains(c)).map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    @Override
    boolean updateReturning() {
      return true;
    }

    @Override
    String returning(String update, String columns) {
      return update + " RETURNING " + columns;
    }

    /** One array parameter: one statement text (and one prepared statement) whatever the count. */
    @Override
    Condition oneOf(String column, List<String> values) {
      return new Condition(column + " = ANY(?)", List.of((Object) values.toArray(new String[0])));
    }

    /**
     * One round trip: every insert but the last becomes a data-modifying {@code WITH} query of the
     * last. They all run against one snapshot, so none may read what another writes; foreign keys
     * between them hold, since PostgreSQL checks those at the end of the statement.
     */
    @Override
    Future<Void> insertAll(SqlConnection conn, List<Insert> inserts) {
      StringBuilder text = new StringBuilder();
      List<Object> params = new ArrayList<>();
      for (int i = 0; i < inserts.size() - 1; i++) {
        text.append(i == 0 ? "WITH " : ", ").append("insert_").append(i).append(" AS (").append(inserts.get(i).sql()).append(')');
        params.addAll(inserts.get(i).params());
      }
      Insert last = inserts.get(inserts.size() - 1);
      text.append(inserts.size() > 1 ? " " : "").append(last.sql());
      params.addAll(last.params());
      return conn.preparedQuery(sql(text.toString())).execute(Tuple.wrap(params)).mapEmpty();
    }
  },

  H2("h2") {
    @Override
    public String sql(String portable) {
      return portable;
    }

    /**
     * vertx-jdbc-client 5.0.7 leaves a connection in manual-commit mode after its commit or
     * rollback (vert-x3/vertx-jdbc-client#356), and the pool hands it out like that: every later
     * statement on it would then run in a transaction nobody commits, reporting success while
     * its writes stay invisible to other connections, keep their rows locked (so {@code SKIP
     * LOCKED} passes them over) and are lost when the connection closes. Put it back into
     * auto-commit mode, discarding whatever a failed commit may have left.
     */
    @Override
    public <T> Future<T> withTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
      return pool.withConnection(conn -> conn.begin()
          .compose(tx -> work.apply(conn).compose(
              result -> tx.commit().map(result),
              failure -> tx.rollback().transform(v -> Future.<T>failedFuture(failure))))
          .transform(outcome -> (outcome.succeeded() ? autoCommit(conn) : endTransaction(conn)).transform(v -> outcome.succeeded()
              ? Future.succeededFuture(outcome.result()) : Future.<T>failedFuture(outcome.cause()))));
    }

    /** After a commit that succeeded nothing is left to discard: one statement instead of {@link #endTransaction}'s two. */
    private Future<Void> autoCommit(SqlConnection conn) {
      return conn.query("SET AUTOCOMMIT TRUE").execute().<Void>mapEmpty().recover(err -> {
        LOG.warn("cannot restore auto-commit on an H2 connection: {}", err.toString());
        return Future.succeededFuture();
      });
    }

    @Override
    Future<Void> endTransaction(SqlConnection conn) {
      return conn.query("ROLLBACK").execute()
          .compose(v -> conn.query("SET AUTOCOMMIT TRUE").execute())
          .<Void>mapEmpty()
          .recover(err -> {
            // The session is broken (the database is closing): its next statement fails loudly.
            LOG.warn("cannot restore auto-commit on an H2 connection: {}", err.toString());
            return Future.succeededFuture();
          });
    }

    /** One embedded instance: a concurrent duplicate waits on the row lock of the key instead. */
    @Override
    Future<Boolean> tryTransactionLock(SqlConnection conn, long key) {
      return Future.succeededFuture(true);
    }

    /** H2 files are locked by their process; within it, the composition root opens the store once. */
    @Override
    Future<Void> lockSession(SqlConnection conn, long key) {
      return Future.succeededFuture();
    }

    @Override
    Future<Void> unlockSession(SqlConnection conn, long key) {
      return Future.succeededFuture();
    }

    @Override
    String upsert(String table, List<String> keys, List<String> columns) {
      return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY (" + String.join(", ", keys) + ") VALUES ("
          + placeholders(columns.size()) + ")";
    }

    @Override
    boolean updateReturning() {
      return false;
    }

    /** H2's data change delta table: the rows as the update left them. */
    @Override
    String returning(String update, String columns) {
      return "SELECT " + columns + " FROM FINAL TABLE (" + update + ")";
    }
  };

  private static final Logger LOG = LoggerFactory.getLogger(Dialect.class);

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** The folder under {@code db/migration/} for migrations that differ per dialect. */
  public String folder() {
    return folder;
  }

  /** The statement in this dialect's placeholder syntax (no {@code ?} may appear inside a string literal). */
  public abstract String sql(String portable);

  /**
   * {@code work} in one transaction on a connection of {@code pool}: committed if its future
   * succeeds, rolled back if it fails, and the connection returned to the pool in auto-commit
   * mode. Every transaction of the store goes through here, never through
   * {@code Pool.withTransaction} directly (see {@link #endTransaction}).
   */
  public <T> Future<T> withTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work);
  }

  /** Leaves {@code conn} in auto-commit mode after a transaction on it ended (committed, rolled back or failed). Never fails. */
  Future<Void> endTransaction(SqlConnection conn) {
    return Future.succeededFuture();
  }

  /** One {@code INSERT} (without {@code RETURNING}) and its parameters, for {@link #insertAll}. */
  record Insert(String sql, List<Object> params) {
    private static final String VALUES = " VALUES ";

    static Insert of(String sql, Object... params) {
      return new Insert(sql, Arrays.asList(params));
    }

    /**
     * The inserts with one text (one table, one {@code VALUES} row each) as one multi-row insert
     * each, in the order their texts first appear, each row's parameters in the inserts' order.
     */
    static List<Insert> merged(List<Insert> inserts) {
      Map<String, List<Insert>> byText = new LinkedHashMap<>();
      for (Insert i : inserts) byText.computeIfAbsent(i.sql(), k -> new ArrayList<>()).add(i);
      List<Insert> out = new ArrayList<>(byText.size());
      for (var e : byText.entrySet()) {
        String text = e.getKey();
        int at = text.indexOf(VALUES);
        if (at < 0) throw new IllegalArgumentException("not an INSERT ... VALUES (...): " + text);
        String row = text.substring(at + VALUES.length());
        List<Object> params = new ArrayList<>();
        for (Insert i : e.getValue()) params.addAll(i.params());
        out.add(new Insert(text.substring(0, at) + VALUES + String.join(", ", java.util.Collections.nCopies(e.getValue().size(), row)),
            params));
      }
      return out;
    }
  }

  /**
   * The inserts, in {@code conn}'s transaction, all or none. H2 runs them one after the other;
   * PostgreSQL as one statement (see there), so they may not depend on one another's rows except
   * through foreign keys.
   */
  Future<Void> insertAll(SqlConnection conn, List<Insert> inserts) {
    Future<Void> done = Future.succeededFuture();
    for (Insert insert : inserts) {
      done = done.compose(v -> conn.preparedQuery(sql(insert.sql())).execute(Tuple.wrap(insert.params())).mapEmpty());
    }
    return done;
  }

  /** A condition of a {@code WHERE} clause with its parameters. */
  record Condition(String sql, List<Object> params) {
  }

  /** {@code column} equals one of {@code values}. */
  Condition oneOf(String column, List<String> values) {
    return new Condition(column + " IN (" + placeholders(values.size()) + ")", List.copyOf(values));
  }

  /** Takes a lock held until the transaction ends, without waiting; {@code false} if another holds it. */
  abstract Future<Boolean> tryTransactionLock(SqlConnection conn, long key);

  /** Takes a lock held by the connection until {@link #unlockSession}, waiting for it. */
  abstract Future<Void> lockSession(SqlConnection conn, long key);

  abstract Future<Void> unlockSession(SqlConnection conn, long key);

  /** Insert or, on a conflict of {@code keys}, update the other columns; parameters are {@code columns} in order. */
  abstract String upsert(String table, List<String> keys, List<String> columns);

  /** Whether {@code UPDATE ... RETURNING} is available (for statements that join, where {@link #returning} cannot be used). */
  abstract boolean updateReturning();

  /** A single-table update that also returns {@code columns} of the rows it changed. */
  abstract String returning(String update, String columns);

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  /** The SQLSTATE of a failure from either client, or {@code null}. */
  static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DatabaseException d && d.getSqlState() != null) return d.getSqlState();
      if (t instanceof SQLException s && s.getSQLState() != null) return s.getSQLState();
      if (t.getCause() == t) break;
    }
    return null;
  }

  /** A unique constraint refused a row (SQLSTATE 23505 in both databases). */
  public static boolean isUniqueViolation(Throwable failure) {
    return "23505".equals(sqlState(failure));
  }

  /**
   * Another transaction was in the way: H2's lock timeout (HYT00), PostgreSQL's lock not available
   * (55P03), a serialization failure (40001) or a deadlock (40P01).
   */
  public static boolean isContention(Throwable failure) {
    String state = sqlState(failure);
    return "HYT00".equals(state) || "55P03".equals(state) || "40001".equals(state) || "40P01".equals(state);
  }
}
