package vn.egov.gateway.audit;

import io.vertx.core.Future;
import vn.egov.gateway.store.AuditEntry;
import vn.egov.gateway.store.AuditStore;

/**
 * Walks the chain from its first entry: each entry must carry the next sequence number, link to
 * the previous entry's hash, and hash to its own stored hash. The first entry that fails names
 * the place where the trail was altered (a changed entry, or a missing one).
 */
public final class AuditVerifier {
  private static final int PAGE = 1000;

  /** The outcome: how many entries were read, and the first broken sequence number (0 when the chain is intact). */
  public record Verdict(long count, long brokenSeq, String reason) {
    public boolean ok() {
      return brokenSeq == 0;
    }
  }

  private final AuditStore store;

  public AuditVerifier(AuditStore store) {
    this.store = store;
  }

  public Future<Verdict> verify() {
    return page(1, 0, AuditEntry.GENESIS);
  }

  private Future<Verdict> page(long expectedSeq, long count, String prevHash) {
    return store.entries(expectedSeq, PAGE).compose(entries -> {
      long seq = expectedSeq;
      long n = count;
      String prev = prevHash;
      for (AuditEntry e : entries) {
        if (e.seq() != seq) {
          return Future.succeededFuture(new Verdict(n, seq, "entry " + seq + " is missing (entry " + (seq - 1) + " is followed by " + e.seq() + ")"));
        }
        if (!e.prevHash().equals(prev)) {
          return Future.succeededFuture(new Verdict(n, seq, "entry " + seq + " does not link to entry " + (seq - 1)));
        }
        if (!e.hashMatches()) {
          return Future.succeededFuture(new Verdict(n, seq, "entry " + seq + " was altered (its content does not match its hash)"));
        }
        prev = e.hash();
        seq++;
        n++;
      }
      if (entries.size() < PAGE) return Future.succeededFuture(new Verdict(n, 0, null));
      return page(seq, n, prev);
    });
  }
}
