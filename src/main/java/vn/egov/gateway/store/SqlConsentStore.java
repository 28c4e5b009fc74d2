package vn.egov.gateway.store;

import static vn.egov.gateway.store.Columns.instant;
import static vn.egov.gateway.store.Columns.ts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import vn.egov.gateway.oidc.ConsentStore;

/**
 * Consent decisions in the durable store: every decision in {@code consent_decisions} (the record
 * the law asks for), the standing consent per citizen and portal in {@code consents}. Scopes are
 * kept as the OAuth scope string (RFC 6749, section 3.3), sorted.
 */
public final class SqlConsentStore implements ConsentStore {
  private static final String WITHDRAWN = "withdrawn";

  private final Pool pool;
  private final Dialect dialect;
  private final String upsertStanding;

  public SqlConsentStore(Database database) {
    this(database.pool(), database.dialect());
  }

  public SqlConsentStore(Pool pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.upsertStanding = dialect.sql(dialect.upsert("consents", List.of("citizen_key", "client_id"),
        List.of("citizen_key", "client_id", "scopes", "purpose", "granted_at")));
  }

  @Override
  public Future<Void> record(Decision d) {
    String scopes = scopeString(d.scopes());
    return dialect.withTransaction(pool, conn -> insertDecision(conn, d.citizenKey(), d.clientId(), scopes, d.approved(), d.purpose(), d.at())
        .compose(v -> d.approved()
            ? conn.preparedQuery(upsertStanding).execute(Tuple.of(d.citizenKey(), d.clientId(), scopes, d.purpose(), ts(d.at())))
                .<Void>mapEmpty()
            : Future.<Void>succeededFuture()));
  }

  @Override
  public Future<Set<String>> granted(String citizenKey, String clientId) {
    return exec(pool, "SELECT scopes FROM consents WHERE citizen_key = ? AND client_id = ?", citizenKey, clientId)
        .map(rows -> rows.size() == 0 ? Set.of() : scopeSet(rows.iterator().next().getString("scopes")));
  }

  /** One query: the standing consent carries the time it was given. */
  @Override
  public Future<java.util.Optional<Standing>> standing(String citizenKey, String clientId) {
    return exec(pool, "SELECT scopes, granted_at FROM consents WHERE citizen_key = ? AND client_id = ?", citizenKey, clientId)
        .map(rows -> {
          if (rows.size() == 0) return java.util.Optional.<Standing>empty();
          Row r = rows.iterator().next();
          Set<String> scopes = scopeSet(r.getString("scopes"));
          return scopes.isEmpty() ? java.util.Optional.<Standing>empty() : java.util.Optional.of(new Standing(scopes, instant(r, "granted_at")));
        });
  }

  @Override
  public Future<Boolean> withdraw(String citizenKey, String clientId, Instant at) {
    return dialect.withTransaction(pool, conn -> exec(conn, "DELETE FROM consents WHERE citizen_key = ? AND client_id = ?", citizenKey, clientId)
        .compose(deleted -> deleted.rowCount() == 0
            ? Future.succeededFuture(false)
            : insertDecision(conn, citizenKey, clientId, "", false, WITHDRAWN, at).map(true)));
  }

  @Override
  public Future<List<Decision>> history(String citizenKey) {
    return exec(pool, "SELECT citizen_key, client_id, scopes, approved, purpose, decided_at FROM consent_decisions"
        + " WHERE citizen_key = ? ORDER BY decided_at, seq", citizenKey).map(rows -> {
          List<Decision> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Decision(r.getString("citizen_key"), r.getString("client_id"), scopeSet(r.getString("scopes")),
                r.getBoolean("approved"), r.getString("purpose"), instant(r, "decided_at")));
          }
          return out;
        });
  }

  private Future<Void> insertDecision(SqlClient client, String citizenKey, String clientId, String scopes, boolean approved,
                                      String purpose, Instant at) {
    return exec(client, "INSERT INTO consent_decisions (citizen_key, client_id, scopes, approved, purpose, decided_at)"
        + " VALUES (?, ?, ?, ?, ?, ?)", citizenKey, clientId, scopes, approved, purpose, ts(at)).mapEmpty();
  }

  private Future<RowSet<Row>> exec(SqlClient client, String sql, Object... params) {
    return client.preparedQuery(dialect.sql(sql)).execute(Tuple.wrap(params));
  }

  private static String scopeString(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  private static Set<String> scopeSet(String scopes) {
    return scopes == null || scopes.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(scopes.trim().split(" +")));
  }
}
