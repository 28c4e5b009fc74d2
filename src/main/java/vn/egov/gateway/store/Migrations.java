package vn.egov.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL files listed in {@code db/migration/index.txt}, in order, each in its
 * own transaction, and records them in {@code schema_version} with a checksum. A file may exist
 * per dialect ({@code db/migration/postgresql/V2__x.sql}) where the SQL cannot be shared.
 *
 * <p>Several instances may start at once on PostgreSQL: the whole run holds a session advisory
 * lock, so the second instance waits and then finds everything applied. H2 is single-instance.
 * H2 commits DDL implicitly, so there a failed migration can leave part of its DDL behind; the
 * files use {@code IF NOT EXISTS} where that keeps a rerun safe.
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  static final String LOCATION = "db/migration";
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

  record Migration(int version, String description, String sql, String checksum) {
  }

  private Migrations() {
  }

  /** Brings the schema up to date; the versions applied by this call, ascending. */
  static Future<List<Integer>> run(Vertx vertx, Pool pool, Dialect dialect, String lockName) {
    long lock = Columns.lockKey("egov-gateway migrations " + lockName);
    return vertx.executeBlocking(() -> load(dialect))
        .compose(migrations -> pool.getConnection().compose(conn -> dialect.lockSession(conn, lock)
            .compose(v -> migrate(conn, dialect, migrations))
            .eventually(() -> dialect.unlockSession(conn, lock))
            .eventually(conn::close)));
  }

  /** Reads the index and the files it names (blocking: class-path I/O). */
  static List<Migration> load(Dialect dialect) throws IOException {
    List<Migration> out = new ArrayList<>();
    int last = 0;
    for (String line : read(LOCATION + "/index.txt").split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) continue;
      Matcher m = NAME.matcher(name);
      if (!m.matches()) throw new IllegalStateException("migration file name must look like V1__init.sql: " + name);
      int version = Integer.parseInt(m.group(1));
      if (version <= last) throw new IllegalStateException("migrations must be listed in ascending version order: " + name);
      last = version;
      String sql = readOptional(LOCATION + "/" + dialect.folder() + "/" + name);
      if (sql == null) sql = read(LOCATION + "/" + name);
      out.add(new Migration(version, m.group(2), sql, Columns.sha256Hex(sql)));
    }
    return out;
  }

  private static Future<List<Integer>> migrate(SqlConnection conn, Dialect dialect, List<Migration> migrations) {
    return conn.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL,"
            + " checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)").execute()
        .compose(v -> conn.query("SELECT version, checksum FROM schema_version ORDER BY version").execute())
        .compose(rows -> {
          Map<Integer, String> applied = new HashMap<>();
          for (Row r : rows) applied.put(r.getInteger("version"), r.getString("checksum"));
          List<Migration> pending = new ArrayList<>();
          for (Migration m : migrations) {
            String checksum = applied.remove(m.version());
            if (checksum == null) {
              pending.add(m);
            } else if (!checksum.equals(m.checksum())) {
              return Future.failedFuture(new IllegalStateException("migration V" + m.version() + "__" + m.description()
                  + " was changed after it was applied (checksum " + checksum + " in schema_version, " + m.checksum()
                  + " now): add a new migration instead of editing an applied one"));
            }
          }
          if (!applied.isEmpty()) {
            LOG.warn("the database has migrations this build does not know: {} (a newer gateway applied them)", applied.keySet());
          }
          Future<List<Integer>> chain = Future.succeededFuture(new ArrayList<>());
          for (Migration m : pending) {
            chain = chain.compose(done -> apply(conn, dialect, m).map(v -> {
              done.add(m.version());
              return done;
            }));
          }
          return chain;
        });
  }

  private static Future<Void> apply(SqlConnection conn, Dialect dialect, Migration m) {
    return conn.begin().compose(tx -> {
      Future<Void> steps = Future.succeededFuture();
      for (String statement : statements(m.sql())) {
        steps = steps.compose(v -> conn.query(statement).execute().mapEmpty());
      }
      return steps
          .compose(v -> conn.preparedQuery(dialect.sql("INSERT INTO schema_version (version, description, checksum, applied_at)"
              + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)")).execute(Tuple.of(m.version(), m.description(), m.checksum())))
          .compose(v -> tx.commit())
          .onSuccess(v -> LOG.info("applied migration V{}__{}", m.version(), m.description()))
          .recover(err -> tx.rollback().transform(r -> Future.failedFuture(new IllegalStateException(
              "migration V" + m.version() + "__" + m.description() + " failed: " + err.getMessage(), err))));
    }).eventually(() -> dialect.endTransaction(conn));
  }

  /**
   * Splits a file into statements at semicolons outside string literals, dollar-quoted bodies
   * and {@code --} comments.
   */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean dollar = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (!quoted && !dollar && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        while (i < sql.length() && sql.charAt(i) != '\n') i++;
        current.append('\n');
        continue;
      }
      if (!dollar && c == '\'') quoted = !quoted;
      if (!quoted && c == '$' && i + 1 < sql.length() && sql.charAt(i + 1) == '$') {
        dollar = !dollar;
        current.append("$$");
        i++;
        continue;
      }
      if (c == ';' && !quoted && !dollar) {
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) out.add(current.toString().strip());
    return out;
  }

  private static String read(String resource) throws IOException {
    String text = readOptional(resource);
    if (text == null) throw new IOException("missing class-path resource " + resource);
    return text;
  }

  private static String readOptional(String resource) throws IOException {
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) return null;
      // Checksums must not depend on how git checked the file out.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
  }
}
