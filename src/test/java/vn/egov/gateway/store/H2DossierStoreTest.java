package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.dossier.DossierHistory;
import vn.egov.gateway.dossier.Receipt;
import vn.egov.gateway.dossier.StatusChange;
import vn.egov.gateway.dossier.StatusUpdate;
import vn.egov.gateway.dossier.SubmitResult;

/** The contract on the embedded store: a fresh in-memory H2 database per test, and one file database. */
class H2DossierStoreTest extends DossierStoreContract {
  private StoreOptions options;
  private int instances;

  @Override
  protected Database openFresh() throws Exception {
    options = StoreOptions.embeddedMemory("egov-test-" + UUID.randomUUID());
    return await(Database.open(vertx, options));
  }

  @Override
  protected Database openAnother(int poolSize) throws Exception {
    return await(Database.open(vertx, options.withPoolName("egov-store-" + ++instances).withPoolSize(poolSize)));
  }

  @Override
  protected void dropFresh() throws Exception {
    // DB_CLOSE_DELAY=-1 keeps a memory database until it is shut down explicitly.
    Database last = await(Database.open(vertx, options.withPoolName("egov-store-shutdown")));
    await(last.pool().query("SHUTDOWN").execute().recover(err -> io.vertx.core.Future.succeededFuture()));
    await(last.close());
  }

  @Test
  void aFileDatabaseKeepsItsDataWhenReopened(@TempDir Path dir) throws Exception {
    StoreOptions file = StoreOptions.embeddedFile(dir.resolve("egov")).withPoolName("egov-store-file");
    assertThat(file.jdbcUrl()).startsWith("jdbc:h2:file:" + dir.toAbsolutePath()).contains("MODE=PostgreSQL", "WRITE_DELAY=0");
    Database first = await(Database.open(vertx, file));
    Receipt receipt;
    try {
      SqlDossierStore s = new SqlDossierStore(first);
      receipt = await(s.submit(submission("file-key", "{\"a\":1}"))).receipt();
      assertThat(await(s.recordStatus(receipt.receiptCode(), 2, START.plusSeconds(5), "r1", "ok")).outcome())
          .isEqualTo(StatusUpdate.Outcome.APPLIED);
      assertThat(first.migrated()).containsExactly(1, 2, 3, 4, 5);
    } finally {
      await(first.close());
    }
    assertThat(Files.exists(dir.resolve("egov.mv.db"))).isTrue();

    Database reopened = await(Database.open(vertx, file));
    try {
      SqlDossierStore s = new SqlDossierStore(reopened);
      assertThat(reopened.migrated()).isEmpty();
      DossierHistory found = await(s.find(receipt.receiptCode())).orElseThrow();
      assertThat(found.dossier().status()).isEqualTo(2);
      assertThat(found.changes()).extracting(StatusChange::reportId).containsExactly(null, "r1");
      assertThat(await(s.submit(submission("file-key", "{\"a\":1}")))).isEqualTo(SubmitResult.replay(receipt));
      assertThat(code(await(s.submit(submission("file-key-2", "{\"a\":2}"))))).endsWith("-0002");
    } finally {
      await(reopened.close());
    }
  }
}
