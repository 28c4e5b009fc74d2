package vn.egov.gateway.store;

import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** Conversions between Java values and the columns both clients read and write the same way. */
final class Columns {
  private Columns() {
  }

  /**
   * Both databases keep microseconds. Every instant is truncated before it is stored (and before
   * anything derived from it, such as a hash or a stored answer), so what is read back is equal to
   * what was written.
   */
  static Instant micros(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
  }

  /** {@code TIMESTAMP WITH TIME ZONE} parameter: both clients encode an {@link OffsetDateTime}, PostgreSQL's no {@link Instant}. */
  static OffsetDateTime ts(Instant at) {
    return at == null ? null : micros(at).atOffset(ZoneOffset.UTC);
  }

  static Instant instant(Row row, String column) {
    Object v = row.getValue(column);
    if (v == null) return null;
    if (v instanceof OffsetDateTime o) return o.toInstant();
    if (v instanceof Instant i) return i;
    if (v instanceof LocalDateTime l) return l.toInstant(ZoneOffset.UTC);
    if (v instanceof java.sql.Timestamp t) return t.toInstant();
    throw new IllegalStateException("column " + column + " is not a timestamp: " + v.getClass().getName());
  }

  static long count(Row row, String column) {
    Object v = row.getValue(column);
    return v == null ? 0 : ((Number) v).longValue();
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  /** A 64-bit lock key from a name: the first eight bytes of its SHA-256. */
  static long lockKey(String name) {
    byte[] d = sha256(name);
    long k = 0;
    for (int i = 0; i < 8; i++) k = (k << 8) | (d[i] & 0xff);
    return k;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
