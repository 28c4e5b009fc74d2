package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.dossier.DeliveryJob;
import vn.egov.gateway.dossier.Dossier;
import vn.egov.gateway.dossier.DossierHistory;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.OutboxStats;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.dossier.Receipt;
import vn.egov.gateway.dossier.StatusChange;
import vn.egov.gateway.dossier.StatusUpdate;
import vn.egov.gateway.dossier.SubmitResult;
import vn.egov.gateway.oidc.ConsentStore;
import vn.egov.gateway.prefill.AccessLog;
import vn.egov.gateway.testing.BlockedThreadWatch;

/**
 * What every durable store must do, run against each one by a subclass that says how to open a
 * fresh, empty database and a second instance on the same database. Time comes from a clock the
 * tests move; concurrency is real (many transactions in flight on the pool at once).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DossierStoreContract {
  static final String AGENCY = "000.00.01.H26";
  static final String OTHER_AGENCY = "000.00.02.H26";
  static final String PORTAL = "portal-hanoi";
  static final String CITIZEN = "c-7f3a";
  static final Duration LEASE = Duration.ofMinutes(5);
  /** 09:00 in Hà Nội on 30 September 2026. */
  static final Instant START = Instant.parse("2026-09-30T02:00:00Z");

  protected Vertx vertx;
  private int blockedMark;
  private final List<Database> opened = new ArrayList<>();
  protected Database db;
  protected DossierStore store;
  protected MutableClock clock;

  /** A fresh, migrated, empty database of this kind. */
  protected abstract Database openFresh() throws Exception;

  /** Another instance (its own pool of {@code poolSize} connections) on the database the last {@link #openFresh} opened. */
  protected abstract Database openAnother(int poolSize) throws Exception;

  /** Another instance with a pool of the usual size. */
  protected Database openAnother() throws Exception {
    return openAnother(8);
  }

  /** Drops what {@link #openFresh} created, after every pool on it was closed. */
  protected abstract void dropFresh() throws Exception;

  @BeforeAll
  void startVertx() {
    // Netty 4.2's first pooled buffer registers its JFR events: a one-time, JVM-wide class
    // initialisation, measured at 500-650 ms on a loaded machine, on whichever event loop opened
    // the first PostgreSQL connection. A gateway pays it once at startup; pay it here, off the
    // event loop, so that the watch below measures the store.
    io.netty.buffer.ByteBufAllocator.DEFAULT.ioBuffer(64).release();
    vertx = Vertx.vertx(BlockedThreadWatch.options());
    blockedMark = BlockedThreadWatch.mark();
  }

  @AfterAll
  void stopVertx() throws Exception {
    if (vertx != null) vertx.close().await(30, TimeUnit.SECONDS);
    // All JDBC work ran on worker threads: not one event-loop stall in the whole class.
    BlockedThreadWatch.assertNoneSince(blockedMark);
  }

  @BeforeEach
  void openStore() throws Exception {
    clock = new MutableClock(START);
    db = track(openFresh());
    store = new SqlDossierStore(db);
  }

  @AfterEach
  void closeStore() throws Exception {
    for (Database d : opened) await(d.close());
    opened.clear();
    dropFresh();
  }

  protected Database track(Database database) {
    opened.add(database);
    return database;
  }

  // --- migrations ------------------------------------------------------------------------------

  @Test
  void migrationsRunOnAnEmptyDatabaseAndAgainChangeNothing() throws Exception {
    assertThat(db.migrated()).containsExactly(1, 2, 3, 4, 5);
    List<Integer> versions = schemaVersions(db);
    assertThat(versions).containsExactly(1, 2, 3, 4, 5);

    Database again = track(openAnother());

    assertThat(again.migrated()).isEmpty();
    assertThat(schemaVersions(again)).isEqualTo(versions);
  }

  // --- submission and idempotency --------------------------------------------------------------

  @Test
  void submitStoresTheDossierItsFirstHistoryEntryAndItsDeliveryJob() throws Exception {
    NewSubmission s = submission("key-1", "{\"a\":1}");

    SubmitResult result = await(store.submit(s));

    assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.NEW);
    Receipt receipt = result.receipt();
    assertThat(receipt.receiptCode()).isEqualTo(AGENCY + "-260930-0001");
    assertThat(receipt.status()).isEqualTo(1);
    assertThat(receipt.receivedAt()).isEqualTo(START);
    assertThat(receipt.dueAt()).isEqualTo(s.dueAt());

    DossierHistory found = await(store.find(receipt.receiptCode())).orElseThrow();
    Dossier d = found.dossier();
    assertThat(d).isEqualTo(new Dossier(receipt.receiptCode(), s.procedureCode(), AGENCY, PORTAL, CITIZEN, s.subject(),
        s.payload(), 1, START, START, s.dueAt(), s.dueProvenance(), "key-1", null, null));
    assertThat(found.changes()).containsExactly(
        new StatusChange(receipt.receiptCode(), 1, 1, START, StatusChange.SOURCE_GATEWAY, null, null));

    List<DeliveryJob> jobs = await(store.lease("w1", 10, LEASE, clock.instant()));
    assertThat(jobs).hasSize(1);
    DeliveryJob job = jobs.get(0);
    assertThat(job.receiptCode()).isEqualTo(receipt.receiptCode());
    assertThat(job.agencyCode()).isEqualTo(AGENCY);
    assertThat(job.deliveryKey()).isNotBlank().isNotEqualTo(job.id());
    assertThat(job.state()).isEqualTo(DeliveryJob.State.IN_FLIGHT);
    assertThat(job.attempts()).isEqualTo(1);
    assertThat(job.leaseOwner()).isEqualTo("w1");
    assertThat(job.leaseUntil()).isEqualTo(START.plus(LEASE));
  }

  @Test
  void receiptSequencesCountPerAgencyAndPerVietnamDay() throws Exception {
    assertThat(code(submit("k1", AGENCY))).isEqualTo(AGENCY + "-260930-0001");
    assertThat(code(submit("k2", AGENCY))).isEqualTo(AGENCY + "-260930-0002");
    assertThat(code(submit("k3", OTHER_AGENCY))).isEqualTo(OTHER_AGENCY + "-260930-0001");

    clock.set(Instant.parse("2026-09-30T16:59:59Z")); // 23:59:59 in Hà Nội
    assertThat(code(submit("k4", AGENCY))).isEqualTo(AGENCY + "-260930-0003");
    clock.set(Instant.parse("2026-09-30T17:00:00Z")); // midnight in Hà Nội: a new receipt day
    assertThat(code(submit("k5", AGENCY))).isEqualTo(AGENCY + "-261001-0001");
  }

  @Test
  void theSameKeyAndBodyAgainGetsTheStoredAnswer() throws Exception {
    SubmitResult first = await(store.submit(submission("key-1", "{\"a\":1}")));
    clock.advance(Duration.ofHours(3));
    await(store.recordStatus(first.receipt().receiptCode(), 2, clock.instant(), "r1", null));

    SubmitResult again = await(store.submit(submission("key-1", "{\"a\":1}")));

    assertThat(again.outcome()).isEqualTo(SubmitResult.Outcome.REPLAY);
    assertThat(again.receipt()).isEqualTo(first.receipt());
    assertThat(await(store.byCitizen(CITIZEN, 10))).hasSize(1);
    assertThat(await(store.outboxStats(clock.instant())).pending()).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefusedAndStoresNothing() throws Exception {
    await(store.submit(submission("key-1", "{\"a\":1}")));

    SubmitResult other = await(store.submit(submission("key-1", "{\"a\":2}")));

    assertThat(other.outcome()).isEqualTo(SubmitResult.Outcome.CONFLICT_BODY);
    assertThat(other.receipt()).isNull();
    assertThat(await(store.byCitizen(CITIZEN, 10))).hasSize(1);
  }

  @Test
  void keysBelongToTheirPortal() throws Exception {
    await(store.submit(submission("key-1", "{\"a\":1}")));

    NewSubmission s = submission("key-1", "{\"a\":1}");
    SubmitResult otherPortal = await(store.submit(new NewSubmission("portal-other", s.idempotencyKey(), s.requestHash(),
        s.procedureCode(), s.agencyCode(), s.citizenKey(), s.subject(), s.payload(), s.receivedAt(), s.dueAt(), s.dueProvenance())));

    assertThat(otherPortal.outcome()).isEqualTo(SubmitResult.Outcome.NEW);
    assertThat(otherPortal.receipt().receiptCode()).endsWith("-0002");
  }

  @Test
  void concurrentDuplicatesOfOneKeyStoreExactlyOneDossier() throws Exception {
    NewSubmission s = submission("dup-key", "{\"form\":\"same\"}");

    List<SubmitResult> results = awaitAll(IntStream.range(0, 40).mapToObj(i -> store.submit(s)).toList());

    Map<SubmitResult.Outcome, Long> byOutcome = results.stream()
        .collect(Collectors.groupingBy(SubmitResult::outcome, Collectors.counting()));
    assertThat(byOutcome.get(SubmitResult.Outcome.NEW)).isEqualTo(1);
    assertThat(byOutcome.keySet()).isSubsetOf(SubmitResult.Outcome.NEW, SubmitResult.Outcome.REPLAY, SubmitResult.Outcome.IN_PROGRESS);
    Receipt created = results.stream().filter(r -> r.outcome() == SubmitResult.Outcome.NEW).findFirst().orElseThrow().receipt();
    assertThat(results).filteredOn(r -> r.outcome() == SubmitResult.Outcome.REPLAY).allSatisfy(r -> assertThat(r.receipt()).isEqualTo(created));
    assertThat(await(store.byCitizen(CITIZEN, 100))).extracting(Dossier::receiptCode).containsExactly(created.receiptCode());
    assertThat(await(store.outboxStats(clock.instant())).pending()).isEqualTo(1);
    // Once the winner committed, everyone gets its answer.
    assertThat(await(store.submit(s))).isEqualTo(SubmitResult.replay(created));
  }

  /**
   * The key's row is written last, with its answer, and not read first: a duplicate does all the
   * work of a new dossier and is turned back by the key's primary key. Whatever it did (its receipt
   * number among it) must vanish, however many instances race.
   */
  @Test
  void concurrentDuplicatesOnTwoInstancesStoreOneDossierAndTakeOneNumber() throws Exception {
    DossierStore second = new SqlDossierStore(track(openAnother()));
    NewSubmission s = submission("dup-key", "{\"form\":\"same\"}");

    List<SubmitResult> results = awaitAll(IntStream.range(0, 30).mapToObj(i -> (i % 2 == 0 ? store : second).submit(s)).toList());

    assertThat(results).filteredOn(r -> r.outcome() == SubmitResult.Outcome.NEW).hasSize(1);
    Receipt created = results.stream().filter(r -> r.outcome() == SubmitResult.Outcome.NEW).findFirst().orElseThrow().receipt();
    assertThat(created.receiptCode()).isEqualTo(AGENCY + "-260930-0001");
    assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isIn(SubmitResult.Outcome.NEW, SubmitResult.Outcome.REPLAY,
        SubmitResult.Outcome.IN_PROGRESS));
    assertThat(results).filteredOn(r -> r.outcome() == SubmitResult.Outcome.REPLAY).allSatisfy(r -> assertThat(r.receipt()).isEqualTo(created));
    assertThat(count(db, "SELECT COUNT(*) FROM dossiers")).isEqualTo(1);
    assertThat(count(db, "SELECT COUNT(*) FROM status_history")).isEqualTo(1);
    assertThat(count(db, "SELECT COUNT(*) FROM delivery_jobs")).isEqualTo(1);
    assertThat(count(db, "SELECT COUNT(*) FROM idempotency")).isEqualTo(1);
    // The duplicates' numbers were rolled back with them: the next dossier gets the next one.
    assertThat(code(await(second.submit(submission("key-2", "{\"a\":2}"))))).isEqualTo(AGENCY + "-260930-0002");
  }

  @Test
  void aRepeatedKeyLeavesNoTraceAndTakesNoNumber() throws Exception {
    SubmitResult first = await(store.submit(submission("key-1", "{\"a\":1}")));

    assertThat(await(store.submit(submission("key-1", "{\"a\":1}")))).isEqualTo(SubmitResult.replay(first.receipt()));
    assertThat(await(store.submit(submission("key-1", "{\"a\":2}"))).outcome()).isEqualTo(SubmitResult.Outcome.CONFLICT_BODY);
    assertThat(await(store.submit(submission("key-1", "{\"a\":1}")))).isEqualTo(SubmitResult.replay(first.receipt()));

    assertThat(count(db, "SELECT COUNT(*) FROM dossiers")).isEqualTo(1);
    assertThat(count(db, "SELECT COUNT(*) FROM delivery_jobs")).isEqualTo(1);
    assertThat(code(await(store.submit(submission("key-2", "{\"a\":2}"))))).isEqualTo(AGENCY + "-260930-0002");
  }

  @Test
  void receiptCodesStayUniqueUnder200ConcurrentSubmissions() throws Exception {
    List<SubmitResult> results = awaitAll(IntStream.range(0, 200)
        .mapToObj(i -> store.submit(submission("key-" + i, "{\"n\":" + i + "}"))).toList());

    assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.NEW));
    Set<String> codes = results.stream().map(r -> r.receipt().receiptCode()).collect(Collectors.toSet());
    assertThat(codes).hasSize(200);
    // Every transaction committed, so the sequence has no gaps either.
    assertThat(codes).isEqualTo(IntStream.rangeClosed(1, 200)
        .mapToObj(n -> AGENCY + "-260930-" + String.format("%04d", n)).collect(Collectors.toSet()));
    assertThat(await(store.outboxStats(clock.instant())).pending()).isEqualTo(200);
  }

  @Test
  void aFailedSubmissionLeavesNoRowBehind() throws Exception {
    NewSubmission good = submission("key-1", "{\"a\":1}");
    NewSubmission tooLong = new NewSubmission(PORTAL, "key-1", good.requestHash(), good.procedureCode(), AGENCY, CITIZEN,
        "x".repeat(1001), good.payload(), good.receivedAt(), good.dueAt(), good.dueProvenance());

    // The subject does not fit its column: the insert of the dossier fails after the key was
    // claimed and the receipt number taken.
    assertThat(Dialect.sqlState(failureOf(store.submit(tooLong)))).isEqualTo("22001");

    assertThat(count(db, "SELECT COUNT(*) FROM idempotency")).isZero();
    assertThat(count(db, "SELECT COUNT(*) FROM dossiers")).isZero();
    assertThat(count(db, "SELECT COUNT(*) FROM status_history")).isZero();
    assertThat(count(db, "SELECT COUNT(*) FROM delivery_jobs")).isZero();
    SubmitResult retried = await(store.submit(good));
    assertThat(retried.outcome()).isEqualTo(SubmitResult.Outcome.NEW);
    assertThat(retried.receipt().receiptCode()).isEqualTo(AGENCY + "-260930-0001");
  }

  /**
   * Submissions that arrive together are stored in one transaction; one that cannot be stored (a
   * replayed key, another body under a used key, a value the database refuses) must not cost the
   * others anything, and each still gets exactly the answer it would have got alone.
   */
  @Test
  void submissionsArrivingTogetherEachGetTheirOwnAnswer() throws Exception {
    SubmitResult earlier = await(store.submit(submission("old-key", "{\"a\":1}")));
    NewSubmission good = submission("bad-key", "{\"b\":1}");
    NewSubmission tooLong = new NewSubmission(PORTAL, "bad-key", good.requestHash(), good.procedureCode(), AGENCY, CITIZEN,
        "x".repeat(1001), good.payload(), good.receivedAt(), good.dueAt(), good.dueProvenance());
    String third = "000.00.03.H26";

    List<Future<SubmitResult>> fresh = new ArrayList<>();
    Future<SubmitResult> replay = null;
    Future<SubmitResult> conflict = null;
    Future<SubmitResult> refused = null;
    for (int i = 0; i < 60; i++) {
      String agency = List.of(AGENCY, OTHER_AGENCY, third).get(i % 3);
      fresh.add(store.submit(new NewSubmission(PORTAL, "k" + i, "h-" + i, "1.005099", agency, CITIZEN, "subject", "{}",
          clock.instant(), clock.instant().plus(Duration.ofDays(13)), "calendar 2026 (official)")));
      if (i == 10) replay = store.submit(submission("old-key", "{\"a\":1}"));
      if (i == 20) conflict = store.submit(submission("old-key", "{\"a\":2}"));
      if (i == 30) refused = store.submit(tooLong);
    }

    assertThat(await(replay)).isEqualTo(SubmitResult.replay(earlier.receipt()));
    assertThat(await(conflict).outcome()).isEqualTo(SubmitResult.Outcome.CONFLICT_BODY);
    assertThat(Dialect.sqlState(failureOf(refused))).isEqualTo("22001");
    List<SubmitResult> results = awaitAll(fresh);
    assertThat(results).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.NEW));
    // Each agency's numbers run on without a gap: whatever a failed group took was rolled back.
    Map<String, Set<String>> byAgency = results.stream().map(r -> r.receipt().receiptCode())
        .collect(Collectors.groupingBy(c -> c.substring(0, c.indexOf('-')), Collectors.toSet()));
    assertThat(byAgency.get(AGENCY)).isEqualTo(numbers(AGENCY, 2, 21));
    assertThat(byAgency.get(OTHER_AGENCY)).isEqualTo(numbers(OTHER_AGENCY, 1, 20));
    assertThat(byAgency.get(third)).isEqualTo(numbers(third, 1, 20));
    assertThat(count(db, "SELECT COUNT(*) FROM dossiers")).isEqualTo(61);
    assertThat(count(db, "SELECT COUNT(*) FROM idempotency")).isEqualTo(61);
    assertThat(count(db, "SELECT COUNT(*) FROM delivery_jobs")).isEqualTo(61);
    // Each stored dossier is the one its key names.
    for (int i = 0; i < 60; i++) {
      assertThat(await(store.submit(new NewSubmission(PORTAL, "k" + i, "h-" + i, "1.005099", AGENCY, CITIZEN, "subject", "{}",
          clock.instant(), clock.instant().plus(Duration.ofDays(13)), "calendar 2026 (official)"))))
          .isEqualTo(SubmitResult.replay(results.get(i).receipt()));
    }
  }

  /**
   * The last numbers of an agency's day go to whoever comes first, even when the day runs out in
   * the middle of submissions stored together: the rest are refused, not numbered twice, and the
   * other agencies' dossiers in the same group are stored.
   */
  @Test
  void theDaysLastNumbersAreGivenOnceAndThenRefused() throws Exception {
    await(db.pool().preparedQuery(db.dialect().sql("INSERT INTO receipt_counters (agency_code, receipt_day, last_seq) VALUES (?, ?, ?)"))
        .execute(Tuple.of(AGENCY, "260930", 9995)));
    submit("first", AGENCY); // 9996

    List<Future<SubmitResult>> full = new ArrayList<>();
    List<Future<SubmitResult>> other = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      full.add(store.submit(new NewSubmission(PORTAL, "full-" + i, "h-full-" + i, "1.005099", AGENCY, CITIZEN, "subject", "{}",
          clock.instant(), clock.instant().plus(Duration.ofDays(13)), "calendar 2026 (official)")));
      other.add(store.submit(new NewSubmission(PORTAL, "other-" + i, "h-other-" + i, "1.005099", OTHER_AGENCY, CITIZEN, "subject",
          "{}", clock.instant(), clock.instant().plus(Duration.ofDays(13)), "calendar 2026 (official)")));
    }

    List<String> numbered = new ArrayList<>();
    int refused = 0;
    for (Future<SubmitResult> f : full) {
      Throwable failure = failureOf(f);
      if (failure == null) {
        numbered.add(code(f.result()));
      } else {
        assertThat(failure).isInstanceOf(vn.egov.gateway.dossier.ReceiptSequenceExhaustedException.class);
        refused++;
      }
    }
    assertThat(numbered).containsExactlyInAnyOrder(AGENCY + "-260930-9997", AGENCY + "-260930-9998", AGENCY + "-260930-9999");
    assertThat(refused).isEqualTo(7);
    assertThat(awaitAll(other)).extracting(SubmitResult::outcome).containsOnly(SubmitResult.Outcome.NEW);
    assertThat(count(db, "SELECT COUNT(*) FROM dossiers")).isEqualTo(14);
  }

  static Set<String> numbers(String agency, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(n -> agency + "-260930-" + String.format("%04d", n)).collect(Collectors.toSet());
  }

  // --- reading ---------------------------------------------------------------------------------

  @Test
  void findOfAnUnknownReceiptIsEmpty() throws Exception {
    assertThat(await(store.find(AGENCY + "-260930-0001"))).isEmpty();
  }

  @Test
  void aCitizensDossiersComeNewestFirst() throws Exception {
    String first = code(submit("k1", AGENCY));
    clock.advance(Duration.ofMinutes(1));
    String second = code(submit("k2", AGENCY));
    clock.advance(Duration.ofMinutes(1));
    String third = code(submit("k3", OTHER_AGENCY));
    await(store.submit(new NewSubmission(PORTAL, "k4", "h", "p", AGENCY, "someone-else", "s", "{}", clock.instant(),
        clock.instant().plus(Duration.ofDays(3)), "calendar 2026")));

    assertThat(await(store.byCitizen(CITIZEN, 10))).extracting(Dossier::receiptCode).containsExactly(third, second, first);
    assertThat(await(store.byCitizen(CITIZEN, 2))).extracting(Dossier::receiptCode).containsExactly(third, second);
  }

  // --- outbox ----------------------------------------------------------------------------------

  @Test
  void leasedDeliveriesCarryTheirDossiersAsStored() throws Exception {
    NewSubmission s = submission("key-1", "{\"form\":{\"name\":\"Nguyễn Thị Hoà\"}}");
    String first = code(await(store.submit(s)));
    String second = code(submit("k2", OTHER_AGENCY));

    List<vn.egov.gateway.dossier.Delivery> leased = await(store.leaseDeliveries("w1", 10, LEASE, clock.instant()));

    assertThat(leased).extracting(d -> d.job().receiptCode()).containsExactlyInAnyOrder(first, second);
    for (vn.egov.gateway.dossier.Delivery d : leased) {
      assertThat(d.dossier()).isEqualTo(await(store.find(d.job().receiptCode())).orElseThrow().dossier());
      assertThat(d.job().leaseOwner()).isEqualTo("w1");
      assertThat(d.job().state()).isEqualTo(DeliveryJob.State.IN_FLIGHT);
      assertThat(d.job().attempts()).isEqualTo(1);
      assertThat(d.job().leaseUntil()).isEqualTo(START.plus(LEASE));
    }
    assertThat(leased).filteredOn(d -> d.job().receiptCode().equals(first)).singleElement()
        .satisfies(d -> assertThat(d.dossier().payload()).isEqualTo(s.payload()));
    // Leased means leased, whichever way: neither call hands the jobs out again.
    assertThat(await(store.lease("w2", 10, LEASE, clock.instant()))).isEmpty();
    assertThat(await(store.leaseDeliveries("w2", 10, LEASE, clock.instant()))).isEmpty();
    clock.advance(LEASE);
    assertThat(await(store.leaseDeliveries("w2", 10, LEASE, clock.instant()))).extracting(d -> d.job().attempts())
        .containsExactly(2, 2);
  }

  /** Due pending jobs and jobs whose lease ran out are one queue, the earliest due first. */
  @Test
  void pendingAndLapsedJobsAreLeasedTogetherInDueOrder() throws Exception {
    List<String> codes = new ArrayList<>();
    List<Instant> due = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      due.add(clock.instant());
      codes.add(code(submit("k" + i, AGENCY)));
      clock.advance(Duration.ofMinutes(1));
    }
    Map<String, DeliveryJob> byCode = await(store.lease("w1", 10, LEASE, clock.instant())).stream()
        .collect(Collectors.toMap(DeliveryJob::receiptCode, j -> j));
    // The first and third go back pending at their old times; the second and fourth stay leased and lapse.
    assertThat(await(store.retryLater(byCode.get(codes.get(0)).id(), "w1", due.get(0), "503"))).isTrue();
    assertThat(await(store.retryLater(byCode.get(codes.get(2)).id(), "w1", due.get(2), "503"))).isTrue();
    clock.advance(LEASE);

    List<DeliveryJob> first = await(store.lease("w2", 3, LEASE, clock.instant()));
    List<vn.egov.gateway.dossier.Delivery> rest = await(store.leaseDeliveries("w3", 3, LEASE, clock.instant()));

    assertThat(first).extracting(DeliveryJob::receiptCode).containsExactly(codes.get(0), codes.get(1), codes.get(2));
    assertThat(rest).extracting(d -> d.job().receiptCode()).containsExactly(codes.get(3));
    assertThat(await(store.lease("w4", 10, LEASE, clock.instant()))).isEmpty();
  }

  @Test
  void deliveredAllMarksOnlyTheJobsTheOwnerStillHolds() throws Exception {
    for (int i = 0; i < 5; i++) submit("k" + i, AGENCY);
    List<DeliveryJob> mine = await(store.lease("w1", 3, LEASE, clock.instant()));
    List<DeliveryJob> theirs = await(store.lease("w2", 10, LEASE, clock.instant()));
    assertThat(mine).hasSize(3);
    assertThat(theirs).hasSize(2);
    List<String> all = new ArrayList<>(ids(mine));
    all.addAll(ids(theirs));
    all.add("no-such-job");

    assertThat(await(store.deliveredAll(all, "w1", clock.instant()))).containsExactlyInAnyOrderElementsOf(ids(mine));
    assertThat(await(store.deliveredAll(ids(mine), "w1", clock.instant()))).isEmpty();

    OutboxStats stats = await(store.outboxStats(clock.instant()));
    assertThat(stats.delivered()).isEqualTo(3);
    assertThat(stats.inFlight()).isEqualTo(2);
    // w2's lease runs out and w3 takes the jobs over: w2 can no longer mark them, w3 can.
    clock.advance(LEASE);
    List<DeliveryJob> retaken = await(store.lease("w3", 10, LEASE, clock.instant()));
    assertThat(retaken).extracting(DeliveryJob::id).containsExactlyInAnyOrderElementsOf(ids(theirs));
    assertThat(await(store.deliveredAll(ids(theirs), "w2", clock.instant()))).isEmpty();
    assertThat(await(store.deliveredAll(ids(theirs), "w3", clock.instant()))).containsExactlyInAnyOrderElementsOf(ids(theirs));
    assertThat(await(store.outboxStats(clock.instant())).delivered()).isEqualTo(5);
    assertThat(await(store.deliveredAll(List.of(), "w3", clock.instant()))).isEmpty();
  }

  @Test
  void aRetryWaitsForItsTimeAndCountsTheAttempt() throws Exception {
    String code = code(submit("k1", AGENCY));
    DeliveryJob job = single(await(store.lease("w1", 10, LEASE, clock.instant())));
    assertThat(await(store.lease("w2", 10, LEASE, clock.instant()))).isEmpty();

    Instant retryAt = clock.instant().plusSeconds(30);
    assertThat(await(store.retryLater(job.id(), "w1", retryAt, "503 from agency"))).isTrue();

    assertThat(await(store.lease("w1", 10, LEASE, retryAt.minusMillis(1)))).isEmpty();
    DeliveryJob again = single(await(store.lease("w2", 10, LEASE, retryAt)));
    assertThat(again.id()).isEqualTo(job.id());
    assertThat(again.receiptCode()).isEqualTo(code);
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(again.lastError()).isEqualTo("503 from agency");
    assertThat(again.leaseOwner()).isEqualTo("w2");
  }

  @Test
  void aReleasedJobWaitsForItsTimeWithoutSpendingAnAttempt() throws Exception {
    submit("k1", AGENCY);
    DeliveryJob job = single(await(store.lease("w1", 10, LEASE, clock.instant())));
    Instant breakerReset = clock.instant().plusSeconds(30);

    assertThat(await(store.release(job.id(), "w2", breakerReset))).isFalse();
    assertThat(await(store.release(job.id(), "w1", breakerReset))).isTrue();
    assertThat(await(store.release(job.id(), "w1", breakerReset))).isFalse();

    assertThat(await(store.lease("w1", 10, LEASE, breakerReset.minusMillis(1)))).isEmpty();
    DeliveryJob again = single(await(store.lease("w2", 10, LEASE, breakerReset)));
    assertThat(again.id()).isEqualTo(job.id());
    assertThat(again.attempts()).isEqualTo(1);
  }

  /**
   * An instance whose pool has one connection, so that every statement runs on the connection a
   * transaction has just used: what it writes afterwards, outside a transaction, is committed at
   * once (another instance sees it and can lease the jobs it gave back) and stays when it goes
   * away. A connection left in manual-commit mode by the transaction before would report each
   * write done, yet keep it uncommitted, its rows locked.
   */
  @Test
  void whatAnInstanceWritesAfterATransactionIsCommittedAtOnce() throws Exception {
    for (int i = 0; i < 3; i++) submit("k" + i, AGENCY);
    Database oneConnection = track(openAnother(1));
    DossierStore one = new SqlDossierStore(oneConnection);
    List<DeliveryJob> jobs = await(one.lease("w1", 10, LEASE, clock.instant()));
    assertThat(jobs).hasSize(3);

    assertThat(await(one.delivered(jobs.get(0).id(), "w1", clock.instant()))).isTrue();
    assertThat(await(one.release(jobs.get(1).id(), "w1", clock.instant()))).isTrue();
    // A transaction that fails after writing leaves nothing, and nothing pending for the next statement.
    Dialect dialect = oneConnection.dialect();
    Throwable refused = failureOf(dialect.withTransaction(oneConnection.pool(), conn -> conn
        .preparedQuery(dialect.sql("UPDATE delivery_jobs SET state = 'DEAD' WHERE id = ?")).execute(Tuple.of(jobs.get(2).id()))
        .compose(v -> Future.failedFuture(new IllegalStateException("refused")))));
    assertThat(refused).hasMessage("refused");
    assertThat(await(one.retryLater(jobs.get(2).id(), "w1", clock.instant(), "503 from agency"))).isTrue();

    OutboxStats seen = await(store.outboxStats(clock.instant()));
    assertThat(seen.delivered()).isEqualTo(1);
    assertThat(seen.pending()).isEqualTo(2);
    assertThat(seen.dead()).isZero();
    assertThat(await(store.lease("w2", 10, LEASE, clock.instant()))).extracting(DeliveryJob::id)
        .containsExactlyInAnyOrder(jobs.get(1).id(), jobs.get(2).id());
    await(oneConnection.close());
    assertThat(await(store.outboxStats(clock.instant())).delivered()).isEqualTo(1);
  }

  @Test
  void aCrashedInstancesJobsAreLeasedAgainWhenTheLeaseRunsOut() throws Exception {
    for (int i = 0; i < 5; i++) submit("k" + i, AGENCY);
    Database otherInstance = track(openAnother());
    DossierStore other = new SqlDossierStore(otherInstance);
    List<DeliveryJob> taken = await(store.lease("crashing", 10, LEASE, clock.instant()));
    assertThat(taken).hasSize(5);
    await(db.close()); // the instance holding the leases goes away

    assertThat(await(other.lease("survivor", 10, LEASE, clock.instant().plus(LEASE).minusMillis(1)))).isEmpty();
    clock.advance(LEASE);
    List<DeliveryJob> resumed = await(other.lease("survivor", 10, LEASE, clock.instant()));

    assertThat(resumed).extracting(DeliveryJob::id).containsExactlyInAnyOrderElementsOf(ids(taken));
    assertThat(resumed).allSatisfy(j -> {
      assertThat(j.attempts()).isEqualTo(2);
      assertThat(j.leaseOwner()).isEqualTo("survivor");
    });
    // The first owner can no longer complete what it lost; the new one can.
    assertThat(await(other.delivered(taken.get(0).id(), "crashing", clock.instant()))).isFalse();
    assertThat(await(other.delivered(taken.get(0).id(), "survivor", clock.instant()))).isTrue();
  }

  @Test
  void twoInstancesLeasingAtOnceNeverGetTheSameJob() throws Exception {
    int jobs = 60;
    awaitAll(IntStream.range(0, jobs).mapToObj(i -> store.submit(submission("key-" + i, "{\"n\":" + i + "}"))).toList());
    DossierStore second = new SqlDossierStore(track(openAnother()));

    List<DeliveryJob> all = new ArrayList<>();
    for (int round = 0; round < 20 && all.size() < jobs; round++) {
      List<Future<List<DeliveryJob>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(store.lease("instance-a-" + i, 3, LEASE, clock.instant()));
        calls.add(second.lease("instance-b-" + i, 3, LEASE, clock.instant()));
      }
      awaitAll(calls).forEach(all::addAll);
    }

    assertThat(all).hasSize(jobs);
    assertThat(new HashSet<>(ids(all))).hasSize(jobs);
    assertThat(all).extracting(DeliveryJob::leaseOwner).anyMatch(o -> o.startsWith("instance-a"))
        .anyMatch(o -> o.startsWith("instance-b"));
    assertThat(await(store.outboxStats(clock.instant())).inFlight()).isEqualTo(jobs);
  }

  @Test
  void onlyTheLeaseHolderCanCompleteItsJob() throws Exception {
    submit("k1", AGENCY);
    DeliveryJob job = single(await(store.lease("w1", 1, LEASE, clock.instant())));

    assertThat(await(store.delivered(job.id(), "w2", clock.instant()))).isFalse();
    assertThat(await(store.retryLater(job.id(), "w2", clock.instant(), "x"))).isFalse();
    assertThat(await(store.deadLetter(job.id(), "w2", clock.instant(), "x"))).isFalse();
    assertThat(await(store.outboxStats(clock.instant())).inFlight()).isEqualTo(1);

    assertThat(await(store.delivered(job.id(), "w1", clock.instant()))).isTrue();
    assertThat(await(store.delivered(job.id(), "w1", clock.instant()))).isFalse();
    OutboxStats stats = await(store.outboxStats(clock.instant()));
    assertThat(stats.delivered()).isEqualTo(1);
    assertThat(stats.inFlight()).isZero();
    clock.advance(LEASE.multipliedBy(2));
    assertThat(await(store.lease("w3", 10, LEASE, clock.instant()))).isEmpty();
  }

  @Test
  void deadLettersWaitForOpsAndRedriveStartsAFreshBudget() throws Exception {
    String code = code(submit("k1", AGENCY));
    submit("k2", AGENCY);
    DeliveryJob job = await(store.lease("w1", 10, LEASE, clock.instant())).stream()
        .filter(j -> j.receiptCode().equals(code)).findFirst().orElseThrow();

    assertThat(await(store.deadLetter(job.id(), "w1", clock.instant(), "retry budget spent: 8 attempts"))).isTrue();

    List<DeliveryJob> dead = await(store.deadLetters(10));
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).id()).isEqualTo(job.id());
    assertThat(dead.get(0).state()).isEqualTo(DeliveryJob.State.DEAD);
    assertThat(dead.get(0).lastError()).isEqualTo("retry budget spent: 8 attempts");
    clock.advance(Duration.ofDays(1));
    assertThat(await(store.lease("w1", 10, LEASE, clock.instant()))).extracting(DeliveryJob::receiptCode).doesNotContain(code);
    assertThat(await(store.outboxStats(clock.instant())).dead()).isEqualTo(1);

    assertThat(await(store.redrive(code))).isEqualTo(1);
    assertThat(await(store.redrive(code))).isZero();

    assertThat(await(store.deadLetters(10))).isEmpty();
    DeliveryJob redriven = single(await(store.lease("w2", 10, LEASE, clock.instant())));
    assertThat(redriven.id()).isEqualTo(job.id());
    assertThat(redriven.attempts()).isEqualTo(1);
  }

  @Test
  void outboxStatsCountJobsByStateAndAgeTheOldestUndelivered() throws Exception {
    String first = code(submit("k1", AGENCY));
    clock.advance(Duration.ofMinutes(1));
    submit("k2", AGENCY);
    clock.advance(Duration.ofMinutes(1));
    submit("k3", AGENCY);
    List<DeliveryJob> leased = await(store.lease("w1", 2, LEASE, clock.instant()));
    assertThat(leased).extracting(DeliveryJob::receiptCode).contains(first);
    await(store.delivered(leased.get(1).id(), "w1", clock.instant()));
    await(store.retryLater(leased.get(0).id(), "w1", clock.instant().plusSeconds(60), "timeout"));
    clock.advance(Duration.ofMinutes(10));
    Instant beforeRetry = clock.instant();

    OutboxStats stats = await(store.outboxStats(beforeRetry));

    assertThat(stats.pending()).isEqualTo(2);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.delivered()).isEqualTo(1);
    assertThat(stats.dead()).isZero();
    assertThat(stats.due()).isEqualTo(2);
    assertThat(stats.oldestPendingAge()).isEqualTo(Duration.ofMinutes(12));
    assertThat(await(store.outboxStats(START.minusSeconds(1))).due()).isZero();
  }

  // --- status reports --------------------------------------------------------------------------

  @Test
  void aStatusReportMovesTheStatusAndItsDuplicateChangesNothing() throws Exception {
    String code = code(submit("k1", AGENCY));
    Instant accepted = START.plus(Duration.ofHours(1));

    assertThat(await(store.recordStatus(code, 2, accepted, "rep-1", "tiếp nhận")))
        .isEqualTo(new StatusUpdate(StatusUpdate.Outcome.APPLIED, 2));
    assertThat(await(store.recordStatus(code, 2, accepted, "rep-1", "tiếp nhận")))
        .isEqualTo(new StatusUpdate(StatusUpdate.Outcome.DUPLICATE, 2));
    assertThat(await(store.recordStatus(code, 4, accepted.plusSeconds(60), "rep-1", "other content, same id")))
        .isEqualTo(new StatusUpdate(StatusUpdate.Outcome.DUPLICATE, 2));

    DossierHistory h = await(store.find(code)).orElseThrow();
    assertThat(h.dossier().status()).isEqualTo(2);
    assertThat(h.dossier().statusAt()).isEqualTo(accepted);
    assertThat(h.changes()).hasSize(2);
    assertThat(h.changes().get(1)).isEqualTo(new StatusChange(code, 2, 2, accepted, StatusChange.SOURCE_AGENCY, "rep-1", "tiếp nhận"));
  }

  @Test
  void concurrentCopiesOfOneReportAreRecordedOnce() throws Exception {
    String code = code(submit("k1", AGENCY));

    List<StatusUpdate> results = awaitAll(IntStream.range(0, 12)
        .mapToObj(i -> store.recordStatus(code, 4, START.plusSeconds(10), "rep-x", null)).toList());

    assertThat(results).filteredOn(r -> r.outcome() == StatusUpdate.Outcome.APPLIED).hasSize(1);
    assertThat(results).filteredOn(r -> r.outcome() == StatusUpdate.Outcome.DUPLICATE).hasSize(11);
    assertThat(await(store.find(code)).orElseThrow().changes()).hasSize(2);
    // One recorded report, one event for the portal: duplicates announce nothing.
    assertThat(await(new SqlWebhookOutbox(db).countsByState())).isEqualTo(java.util.Map.of("PENDING", 1L));
  }

  @Test
  void theOverdueFlagIsSetOnceAndQueuesOneEvent() throws Exception {
    String code = code(submit("k1", AGENCY));
    Instant late = START.plus(Duration.ofDays(30));

    assertThat(await(store.markOverdue(code, "xin lỗi", late))).isTrue();
    assertThat(await(store.markOverdue(code, "xin lỗi lần hai", late.plusSeconds(60)))).isFalse();

    var d = await(store.find(code)).orElseThrow().dossier();
    assertThat(d.overdueAt()).isEqualTo(late);
    assertThat(d.apologyNotice()).isEqualTo("xin lỗi");
    var events = await(new SqlWebhookOutbox(db).lease("t", 10, Duration.ofMinutes(1), Instant.now().plusSeconds(5)));
    assertThat(events).hasSize(1);
    assertThat(new io.vertx.core.json.JsonObject(events.get(0).payload()).getString("apologyNotice")).isEqualTo("xin lỗi");
  }

  @Test
  void anOlderReportJoinsTheHistoryWithoutMovingTheStatusBack() throws Exception {
    String code = code(submit("k1", AGENCY));
    Instant accepted = START.plus(Duration.ofHours(1));
    Instant processing = START.plus(Duration.ofHours(2));

    assertThat(await(store.recordStatus(code, 4, processing, "rep-2", null)).outcome()).isEqualTo(StatusUpdate.Outcome.APPLIED);
    assertThat(await(store.recordStatus(code, 2, accepted, "rep-1", null)))
        .isEqualTo(new StatusUpdate(StatusUpdate.Outcome.OUT_OF_ORDER, 4));

    DossierHistory h = await(store.find(code)).orElseThrow();
    assertThat(h.dossier().status()).isEqualTo(4);
    assertThat(h.dossier().statusAt()).isEqualTo(processing);
    // In the order the statuses took effect; seq keeps the order of arrival.
    assertThat(h.changes()).extracting(StatusChange::status).containsExactly(1, 2, 4);
    assertThat(h.changes()).extracting(StatusChange::seq).containsExactly(1, 3, 2);
  }

  @Test
  void reportsForUnknownDossiersOrOutsideTheCodeListAreRefused() throws Exception {
    String code = code(submit("k1", AGENCY));

    assertThat(await(store.recordStatus(AGENCY + "-260930-0099", 2, START, "r", null)))
        .isEqualTo(new StatusUpdate(StatusUpdate.Outcome.UNKNOWN_DOSSIER, 0));
    assertThat(failureOf(store.recordStatus(code, 11, START, "r", null))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failureOf(store.recordStatus(code, 0, START, "r", null))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failureOf(store.recordStatus(code, 2, START, null, null))).isInstanceOf(IllegalArgumentException.class);
    assertThat(await(store.find(code)).orElseThrow().changes()).hasSize(1);
  }

  // --- deadlines -------------------------------------------------------------------------------

  @Test
  void overdueListsOpenDossiersPastTheirDueDateUntilTheyAreMarked() throws Exception {
    String late = code(submitDue("k1", AGENCY, "P1", START, START.plus(Duration.ofDays(3))));
    String resolved = code(submitDue("k2", AGENCY, "P1", START, START.plus(Duration.ofDays(3))));
    String withdrawn = code(submitDue("k3", AGENCY, "P1", START, START.plus(Duration.ofDays(3))));
    code(submitDue("k4", AGENCY, "P1", START, START.plus(Duration.ofDays(10))));
    String later = code(submitDue("k5", AGENCY, "P1", START, START.plus(Duration.ofDays(4))));
    await(store.recordStatus(resolved, 9, START.plus(Duration.ofDays(1)), "r1", null));
    await(store.recordStatus(withdrawn, 7, START.plus(Duration.ofDays(1)), "r2", null));
    await(store.recordStatus(late, 4, START.plus(Duration.ofDays(1)), "r3", null));
    Instant now = START.plus(Duration.ofDays(5));

    assertThat(await(store.overdue(now, 10))).extracting(Dossier::receiptCode).containsExactly(late, later);
    assertThat(await(store.overdue(START.plus(Duration.ofDays(3)), 10))).isEmpty();

    assertThat(await(store.markOverdue(late, "Phiếu xin lỗi và hẹn lại ngày trả kết quả ...", now))).isTrue();
    assertThat(await(store.markOverdue(late, "a second notice", now.plusSeconds(60)))).isFalse();

    Dossier marked = await(store.find(late)).orElseThrow().dossier();
    assertThat(marked.overdueAt()).isEqualTo(now);
    assertThat(marked.apologyNotice()).isEqualTo("Phiếu xin lỗi và hẹn lại ngày trả kết quả ...");
    assertThat(await(store.overdue(now, 10))).extracting(Dossier::receiptCode).containsExactly(later);
    assertThat(await(store.overdue(now, 0))).isEmpty();
  }

  // --- statistics ------------------------------------------------------------------------------

  /**
   * Q3 2026, [1 July, 1 October) in Hà Nội. Agency A, procedure X gets a known mix: one carried
   * over and closed on its due day, three early, two on the due day, one late, two still within
   * time, one overdue, one that closes only after the quarter (overdue at its end); plus rows
   * that must not count (closed before the quarter, received after it).
   */
  @Test
  void periodFiguresReproduceAKnownMixExactly() throws Exception {
    Instant from = vn("2026-07-01T00:00");
    Instant to = vn("2026-10-01T00:00");
    // Carried over from June, closed on its due day (due 17:00, closed 12:00): on time.
    close(submitDue("c1", "A", "X", vn("2026-06-20T09:00"), vn("2026-07-03T17:00")), 10, vn("2026-07-03T12:00"));
    // Closed before the quarter: not in it.
    close(submitDue("c2", "A", "X", vn("2026-06-20T09:00"), vn("2026-06-25T17:00")), 9, vn("2026-06-24T10:00"));
    for (int i = 0; i < 3; i++) {
      close(submitDue("e" + i, "A", "X", vn("2026-08-01T09:00"), vn("2026-08-10T17:00")), 10, vn("2026-08-05T15:00"));
    }
    for (int i = 0; i < 2; i++) {
      close(submitDue("o" + i, "A", "X", vn("2026-08-01T09:00"), vn("2026-08-10T17:00")), 9, vn("2026-08-10T10:00"));
    }
    close(submitDue("l0", "A", "X", vn("2026-08-01T09:00"), vn("2026-08-10T17:00")), 9, vn("2026-08-12T10:00"));
    for (int i = 0; i < 2; i++) {
      String code = code(submitDue("t" + i, "A", "X", vn("2026-09-28T09:00"), vn("2026-10-05T17:00")));
      await(store.recordStatus(code, 4, vn("2026-09-29T09:00"), "p" + i, null));
    }
    String overdue = code(submitDue("d0", "A", "X", vn("2026-09-01T09:00"), vn("2026-09-10T17:00")));
    await(store.recordStatus(overdue, 5, vn("2026-09-05T09:00"), "more-docs", null));
    close(submitDue("d1", "A", "X", vn("2026-09-01T09:00"), vn("2026-09-20T17:00")), 9, vn("2026-10-02T09:00"));
    // Received after the quarter: not in it.
    submitDue("n0", "A", "X", vn("2026-10-01T08:00"), vn("2026-10-05T17:00"));
    // A/Y: one early, whose "processing" report arrives after the resolution (out of order).
    String y = code(submitDue("y0", "A", "Y", vn("2026-07-10T09:00"), vn("2026-07-20T17:00")));
    await(store.recordStatus(y, 9, vn("2026-07-15T09:00"), "done", null));
    assertThat(await(store.recordStatus(y, 4, vn("2026-07-12T09:00"), "late-news", null)).outcome())
        .isEqualTo(StatusUpdate.Outcome.OUT_OF_ORDER);
    // B/X: two within time, a withdrawn one late, a refused one early.
    submitDue("b0", "B", "X", vn("2026-09-29T09:00"), vn("2026-10-03T17:00"));
    submitDue("b1", "B", "X", vn("2026-09-30T09:00"), vn("2026-10-03T17:00"));
    close(submitDue("b2", "B", "X", vn("2026-09-01T09:00"), vn("2026-09-03T17:00")), 7, vn("2026-09-04T09:00"));
    close(submitDue("b3", "B", "X", vn("2026-09-01T09:00"), vn("2026-09-03T17:00")), 3, vn("2026-09-01T10:00"));

    List<PeriodCounts> rows = await(store.countsByPeriod(from, to));

    assertThat(rows).containsExactly(
        new PeriodCounts("A", "X", 11, 3, 3, 1, 2, 2),
        new PeriodCounts("A", "Y", 1, 1, 0, 0, 0, 0),
        new PeriodCounts("B", "X", 4, 1, 0, 1, 2, 0));
    PeriodCounts ax = rows.get(0);
    assertThat(ax.received()).isEqualTo(ax.resolved() + ax.inProgress());
    assertThat(ax.resolved()).isEqualTo(7);
    assertThat(ax.resolvedOnTime()).isEqualTo(6);
    assertThat(ax.onTimeShare()).isEqualTo(6.0 / 7);
    PeriodCounts total = PeriodCounts.sum("*", "*", rows);
    assertThat(total.received()).isEqualTo(16).isEqualTo(total.resolved() + total.inProgress());

    // The next quarter starts with what was open at the end of this one.
    List<PeriodCounts> q4 = await(store.countsByPeriod(to, vn("2027-01-01T00:00")));
    assertThat(q4).containsExactly(
        new PeriodCounts("A", "X", 5, 0, 0, 1, 0, 4),
        new PeriodCounts("B", "X", 2, 0, 0, 0, 0, 2));
  }

  // --- consent ---------------------------------------------------------------------------------

  @Test
  void consentDecisionsAreRecordedAndTheStandingConsentCanBeWithdrawn() throws Exception {
    ConsentStore consents = new SqlConsentStore(db);
    Instant t0 = START;
    await(consents.record(new ConsentStore.Decision(CITIZEN, PORTAL, Set.of("openid", "profile"), true, "đăng ký hộ kinh doanh", t0)));
    assertThat(await(consents.granted(CITIZEN, PORTAL))).containsExactlyInAnyOrder("openid", "profile");

    // A denial leaves the standing consent as it was; a new approval replaces it.
    await(consents.record(new ConsentStore.Decision(CITIZEN, PORTAL, Set.of("openid", "address"), false, "thêm địa chỉ", t0.plusSeconds(1))));
    assertThat(await(consents.granted(CITIZEN, PORTAL))).containsExactlyInAnyOrder("openid", "profile");
    await(consents.record(new ConsentStore.Decision(CITIZEN, PORTAL, Set.of("openid", "address"), true, "thêm địa chỉ", t0.plusSeconds(2))));
    assertThat(await(consents.granted(CITIZEN, PORTAL))).containsExactlyInAnyOrder("openid", "address");
    await(consents.record(new ConsentStore.Decision(CITIZEN, "other-portal", Set.of("openid"), true, null, t0.plusSeconds(3))));

    assertThat(await(consents.withdraw(CITIZEN, PORTAL, t0.plusSeconds(4)))).isTrue();
    assertThat(await(consents.withdraw(CITIZEN, PORTAL, t0.plusSeconds(5)))).isFalse();
    assertThat(await(consents.granted(CITIZEN, PORTAL))).isEmpty();
    assertThat(await(consents.granted(CITIZEN, "other-portal"))).containsExactly("openid");
    assertThat(await(consents.granted("nobody", PORTAL))).isEmpty();

    assertThat(await(consents.history(CITIZEN))).containsExactly(
        new ConsentStore.Decision(CITIZEN, PORTAL, Set.of("openid", "profile"), true, "đăng ký hộ kinh doanh", t0),
        new ConsentStore.Decision(CITIZEN, PORTAL, Set.of("openid", "address"), false, "thêm địa chỉ", t0.plusSeconds(1)),
        new ConsentStore.Decision(CITIZEN, PORTAL, Set.of("openid", "address"), true, "thêm địa chỉ", t0.plusSeconds(2)),
        new ConsentStore.Decision(CITIZEN, "other-portal", Set.of("openid"), true, null, t0.plusSeconds(3)),
        new ConsentStore.Decision(CITIZEN, PORTAL, Set.of(), false, "withdrawn", t0.plusSeconds(4)));
    assertThat(await(consents.history("nobody"))).isEmpty();
  }

  // --- access log ------------------------------------------------------------------------------

  @Test
  void theAccessLogKeepsEveryReadAndShowsTheCitizenTheirOwnNewestFirst() throws Exception {
    AccessLog log = new SqlAccessLog(db);
    AccessLog.Entry first = new AccessLog.Entry("a1", START, PORTAL, CITIZEN, "1.005099", List.of("fullName", "dateOfBirth", "permanentResidence"),
        "prefill", "consent", START.minusSeconds(30), "req-1");
    AccessLog.Entry second = new AccessLog.Entry("a2", START.plusSeconds(60), PORTAL, CITIZEN, "2.000001", List.of("fullName"),
        "prefill", "statute", null, "req-2");
    AccessLog.Entry sameTime = new AccessLog.Entry("a3", START.plusSeconds(60), "other-portal", CITIZEN, "2.000001", List.of(),
        "prefill", "statute", null, null);
    AccessLog.Entry someoneElse = new AccessLog.Entry("a4", START.plusSeconds(90), PORTAL, "c-other", "2.000001", List.of("fullName"),
        "prefill", "consent", START, "req-4");
    for (AccessLog.Entry e : List.of(first, second, sameTime, someoneElse)) await(log.append(e));

    assertThat(await(log.byCitizen(CITIZEN, 10))).containsExactly(sameTime, second, first);
    assertThat(await(log.byCitizen(CITIZEN, 1))).containsExactly(sameTime);
    assertThat(await(log.byCitizen("c-other", 10))).containsExactly(someoneElse);
    assertThat(await(log.byCitizen("nobody", 10))).isEmpty();

    // Append-only in the database itself.
    assertThat(failureOf(db.pool().query("UPDATE access_log SET purpose = 'x'").execute())).hasMessageContaining("append-only");
    assertThat(failureOf(db.pool().query("DELETE FROM access_log").execute())).hasMessageContaining("append-only");
    assertThat(await(log.byCitizen(CITIZEN, 10))).hasSize(3);
  }

  @Test
  void accessLogReleasesAtOnceAreAllKeptAndARefusedOneFailsAlone() throws Exception {
    AccessLog log = new SqlAccessLog(db);
    List<io.vertx.core.Future<Void>> appends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // All at once: the first is written alone, the rest wait for it and go in batches.
      String id = i == 25 ? "b7" : "b" + i; // b7 twice: the second is refused by the primary key
      appends.add(log.append(new AccessLog.Entry(id, START.plusMillis(i), PORTAL, CITIZEN, "1.005099", List.of("fullName"),
          "prefill", "consent", START, "req-" + i)));
    }
    for (int i = 0; i < appends.size(); i++) {
      if (i == 25) assertThat(failureOf(appends.get(i))).as("the duplicate id").isNotNull();
      else await(appends.get(i));
    }
    List<AccessLog.Entry> kept = await(log.byCitizen(CITIZEN, 100));
    assertThat(kept).hasSize(39);
    assertThat(kept.get(0).requestId()).isEqualTo("req-39");
    assertThat(kept).filteredOn(e -> e.id().equals("b7")).singleElement().extracting(AccessLog.Entry::requestId).isEqualTo("req-7");
  }

  // --- audit -----------------------------------------------------------------------------------

  @Test
  void concurrentAuditAppendsFormOneUnbrokenChain() throws Exception {
    AuditStore audit = new AuditStore(db);
    AuditStore otherInstance = new AuditStore(track(openAnother()));

    List<AuditEntry> appended = awaitAll(IntStream.range(0, 100)
        .mapToObj(i -> (i % 2 == 0 ? audit : otherInstance).append("submission", "{\"n\":" + i + "}", START.plusMillis(i))).toList());

    assertThat(appended).extracting(AuditEntry::seq).containsExactlyInAnyOrderElementsOf(
        IntStream.rangeClosed(1, 100).mapToObj(Long::valueOf).toList());
    List<AuditEntry> chain = await(audit.entries(1, 1000));
    assertThat(chain).hasSize(100);
    String prev = AuditEntry.GENESIS;
    for (int i = 0; i < chain.size(); i++) {
      AuditEntry e = chain.get(i);
      assertThat(e.seq()).isEqualTo(i + 1);
      assertThat(e.prevHash()).isEqualTo(prev);
      assertThat(e.hashMatches()).isTrue();
      prev = e.hash();
    }
    assertThat(new HashSet<>(chain)).containsExactlyInAnyOrderElementsOf(appended);
    assertThat(await(audit.entries(50, 10))).extracting(AuditEntry::seq).containsExactly(50L, 51L, 52L, 53L, 54L, 55L, 56L, 57L, 58L, 59L);
    assertThat(failureOf(db.pool().query("UPDATE audit_entries SET data = '{}'").execute())).hasMessageContaining("append-only");
  }

  // --- helpers ---------------------------------------------------------------------------------

  NewSubmission submission(String key, String body) {
    return new NewSubmission(PORTAL, key, Columns.sha256Hex(body), "1.005099", AGENCY, CITIZEN,
        "Chuyển trường đối với học sinh tiểu học", body, clock.instant(), clock.instant().plus(Duration.ofDays(13)),
        "calendar 2026 (official)");
  }

  SubmitResult submit(String key, String agency) throws Exception {
    return await(store.submit(new NewSubmission(PORTAL, key, "h-" + key, "1.005099", agency, CITIZEN, "subject", "{}",
        clock.instant(), clock.instant().plus(Duration.ofDays(13)), "calendar 2026 (official)")));
  }

  SubmitResult submitDue(String key, String agency, String procedure, Instant receivedAt, Instant dueAt) throws Exception {
    return await(store.submit(new NewSubmission(PORTAL, key, "h-" + key, procedure, agency, CITIZEN, "subject", "{}",
        receivedAt, dueAt, "calendar 2026 (official)")));
  }

  void close(SubmitResult submitted, int status, Instant at) throws Exception {
    StatusUpdate u = await(store.recordStatus(code(submitted), status, at, "close-" + code(submitted), null));
    assertThat(u.outcome()).isEqualTo(StatusUpdate.Outcome.APPLIED);
  }

  /** A local time in Hà Nội (UTC+7, no daylight saving). */
  static Instant vn(String localDateTime) {
    return java.time.LocalDateTime.parse(localDateTime).atZone(vn.egov.gateway.dossier.ReceiptCode.ZONE).toInstant();
  }

  static String code(SubmitResult r) {
    assertThat(r.outcome()).isEqualTo(SubmitResult.Outcome.NEW);
    return r.receipt().receiptCode();
  }

  static DeliveryJob single(List<DeliveryJob> jobs) {
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  static List<String> ids(List<DeliveryJob> jobs) {
    return jobs.stream().map(DeliveryJob::id).toList();
  }

  static List<Integer> schemaVersions(Database database) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (Row r : await(database.pool().query("SELECT version FROM schema_version ORDER BY version").execute())) {
      out.add(r.getInteger(0));
    }
    return out;
  }

  static long count(Database database, String sql) throws Exception {
    Row r = await(database.pool().preparedQuery(sql).execute(Tuple.tuple())).iterator().next();
    return ((Number) r.getValue(0)).longValue();
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 60 s", e);
    }
  }

  static <T> List<T> awaitAll(List<Future<T>> futures) throws Exception {
    await(Future.all(futures));
    return futures.stream().map(Future::result).collect(Collectors.toList());
  }

  /** The failure a future ends with ({@code null} if it succeeds). */
  static Throwable failureOf(Future<?> future) throws Exception {
    return await(future.transform(ar -> Future.succeededFuture(ar.cause())));
  }
}
