package vn.egov.gateway.store;

import io.vertx.core.json.JsonArray;
import java.time.Instant;

/**
 * One link of the audit hash chain. {@code hash} is the SHA-256 (hex) of the canonical JSON array
 * {@code [prevHash, seq, at, type, data]}; the first entry's {@code prevHash} is {@link #GENESIS}.
 * A verifier recomputes each hash and checks each {@code prevHash} against the entry before.
 */
public record AuditEntry(long seq, Instant at, String type, String data, String prevHash, String hash) {
  public static final String GENESIS = "0".repeat(64);

  public static String hashOf(String prevHash, long seq, Instant at, String type, String data) {
    return Columns.sha256Hex(new JsonArray().add(prevHash).add(seq).add(at.toString()).add(type).add(data).encode());
  }

  /** Whether the entry's own hash matches its content (the link to the previous entry is checked by the caller). */
  public boolean hashMatches() {
    return hash.equals(hashOf(prevHash, seq, at, type, data));
  }
}
