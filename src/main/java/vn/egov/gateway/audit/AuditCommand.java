package vn.egov.gateway.audit;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import vn.egov.gateway.store.AuditStore;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.StoreOptions;

/**
 * {@code audit verify --config FILE}: opens the configured store, walks the whole chain and prints
 * the count and either OK or the first broken entry. Exit code 0 intact, 1 broken, 2 when the
 * store cannot be read. Runs on the command's own thread, outside any event loop.
 */
public final class AuditCommand {
  private AuditCommand() {
  }

  public static int verify(StoreOptions store, PrintStream out) {
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, store).await();
      try {
        AuditVerifier.Verdict v = new AuditVerifier(new AuditStore(db)).verify().await();
        if (v.ok()) {
          out.println("audit trail: " + v.count() + " entries, chain OK");
          return 0;
        }
        out.println("audit trail: " + v.count() + " entries verified, chain BROKEN at seq " + v.brokenSeq() + ": " + v.reason());
        return 1;
      } finally {
        db.close().await();
      }
    } catch (RuntimeException e) {
      out.println("audit trail: cannot read the store: " + e.getMessage());
      return 2;
    } finally {
      vertx.close().await();
    }
  }
}
