package vn.egov.gateway.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the durable store lives. {@link Kind#EMBEDDED}: H2 in a file (dev mode, {@code ./data/egov})
 * or in memory (tests), one gateway instance. {@link Kind#POSTGRESQL}: shared by every instance;
 * {@code schema}, when set, becomes the connections' {@code search_path}.
 */
public record StoreOptions(Kind kind, String h2Location, String host, int port, String database, String user,
                           String password, String schema, int poolSize, String poolName) {

  public enum Kind { EMBEDDED, POSTGRESQL }

  /**
   * Settings every H2 URL gets: PostgreSQL-compatible syntax, lower-case names like PostgreSQL,
   * NULLs sorted last like PostgreSQL, waiting for row locks rather than failing at once, and a
   * parsed-statement cache per session that holds the store's statements (H2 keeps 8 by default,
   * fewer than one submission and one delivery use, so each would be parsed again every time).
   */
  static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000"
      + ";QUERY_CACHE_SIZE=64";

  public StoreOptions {
    Objects.requireNonNull(kind, "kind");
    if (poolSize < 1) throw new IllegalArgumentException("poolSize must be at least 1");
    Objects.requireNonNull(poolName, "poolName");
    if (kind == Kind.EMBEDDED) Objects.requireNonNull(h2Location, "h2Location");
    if (kind == Kind.POSTGRESQL) {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(user, "user");
    }
  }

  /** The dev-mode default: {@code ./data/egov.mv.db}. */
  public static StoreOptions embeddedDefault() {
    return embeddedFile(Path.of("data", "egov"));
  }

  /** H2 in a file; H2 adds {@code .mv.db} to the path. */
  public static StoreOptions embeddedFile(Path file) {
    return new StoreOptions(Kind.EMBEDDED, "file:" + file.toAbsolutePath(), null, 0, null, null, null, null, 8, "egov-store");
  }

  /** H2 in memory, kept until the JVM exits (for tests); the same name in one JVM is the same database. */
  public static StoreOptions embeddedMemory(String name) {
    return new StoreOptions(Kind.EMBEDDED, "mem:" + name, null, 0, null, null, null, null, 8, "egov-store");
  }

  public static StoreOptions postgres(String host, int port, String database, String user, String password) {
    return new StoreOptions(Kind.POSTGRESQL, null, host, port, database, user, password, null, 16, "egov-store");
  }

  public StoreOptions withSchema(String schema) {
    return new StoreOptions(kind, h2Location, host, port, database, user, password, schema, poolSize, poolName);
  }

  public StoreOptions withPoolSize(int poolSize) {
    return new StoreOptions(kind, h2Location, host, port, database, user, password, schema, poolSize, poolName);
  }

  public StoreOptions withPoolName(String poolName) {
    return new StoreOptions(kind, h2Location, host, port, database, user, password, schema, poolSize, poolName);
  }

  /**
   * The H2 JDBC URL. A file database writes each commit through at once ({@code WRITE_DELAY=0}):
   * the gateway answers 202 only for a stored dossier. A memory database outlives its last
   * connection ({@code DB_CLOSE_DELAY=-1}) so a pool that shrinks to zero does not lose it.
   */
  public String jdbcUrl() {
    if (kind != Kind.EMBEDDED) throw new IllegalStateException("not an embedded store");
    String extra = h2Location.startsWith("mem:") ? ";DB_CLOSE_DELAY=-1" : ";WRITE_DELAY=0";
    return "jdbc:h2:" + h2Location + H2_SETTINGS + extra;
  }

  /** A description for logs, without the password. */
  @Override
  public String toString() {
    return kind == Kind.EMBEDDED
        ? "embedded H2 " + h2Location
        : "PostgreSQL " + user + "@" + host + ":" + port + "/" + database + (schema == null ? "" : " schema " + schema);
  }
}
