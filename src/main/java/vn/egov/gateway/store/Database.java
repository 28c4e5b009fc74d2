package vn.egov.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;

/**
 * The durable store's connection pool, opened from {@link StoreOptions} with the schema migrated.
 * Both kinds are Vert.x {@link Pool}s: PostgreSQL through the reactive client, H2 through
 * {@link JDBCPool}, which runs every JDBC call on a worker thread, never on an event loop.
 */
public final class Database {
  private final Pool pool;
  private final Dialect dialect;
  private final StoreOptions options;
  private final List<Integer> migrated;
  private final OutboxVacuum outboxVacuum;

  private Database(Pool pool, Dialect dialect, StoreOptions options, List<Integer> migrated, OutboxVacuum outboxVacuum) {
    this.pool = pool;
    this.dialect = dialect;
    this.options = options;
    this.migrated = List.copyOf(migrated);
    this.outboxVacuum = outboxVacuum;
  }

  /** Opens the pool and applies pending migrations; on failure the pool is closed again. */
  public static Future<Database> open(Vertx vertx, StoreOptions options) {
    PoolOptions poolOptions = new PoolOptions().setName(options.poolName()).setMaxSize(options.poolSize());
    Pool pool;
    Dialect dialect;
    if (options.kind() == StoreOptions.Kind.EMBEDDED) {
      dialect = Dialect.H2;
      pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(options.jdbcUrl()).setUser("sa").setPassword(""),
          poolOptions);
    } else {
      dialect = Dialect.POSTGRESQL;
      PgConnectOptions connect = new PgConnectOptions().setHost(options.host()).setPort(options.port())
          .setDatabase(options.database()).setUser(options.user()).addProperty("application_name", "egov-gateway")
          // Named prepared statements, parsed and planned once per connection rather than per
          // execution: the store's statements are a fixed set (lists go in as array parameters).
          .setCachePreparedStatements(true);
      if (options.password() != null) connect.setPassword(options.password());
      if (options.schema() != null) connect.addProperty("search_path", options.schema());
      pool = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
    }
    String lockName = options.kind() + " " + options.database() + " " + options.schema();
    return Migrations.run(vertx, pool, dialect, lockName)
        .compose(applied -> (dialect == Dialect.POSTGRESQL ? OutboxVacuum.forServer(pool) : Future.succeededFuture(OutboxVacuum.NONE))
            .map(vacuum -> new Database(pool, dialect, options, applied, vacuum)))
        .recover(err -> pool.close().transform(closed -> Future.failedFuture(err)));
  }

  public Pool pool() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  public StoreOptions options() {
    return options;
  }

  /** Who vacuums the outboxes when the server does not (PostgreSQL with autovacuum off). */
  public OutboxVacuum outboxVacuum() {
    return outboxVacuum;
  }

  /** The migration versions this open applied (empty when the schema was already current). */
  public List<Integer> migrated() {
    return migrated;
  }

  public Future<Void> close() {
    return pool.close();
  }
}
