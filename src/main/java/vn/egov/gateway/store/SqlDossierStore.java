package vn.egov.gateway.store;

import static vn.egov.gateway.store.Columns.count;
import static vn.egov.gateway.store.Columns.instant;
import static vn.egov.gateway.store.Columns.micros;
import static vn.egov.gateway.store.Columns.ts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import vn.egov.gateway.dossier.Delivery;
import vn.egov.gateway.dossier.DeliveryJob;
import vn.egov.gateway.dossier.Dossier;
import vn.egov.gateway.dossier.DossierHistory;
import vn.egov.gateway.dossier.DossierEvent;
import vn.egov.gateway.dossier.DossierStatus;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.OutboxStats;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.dossier.Receipt;
import vn.egov.gateway.dossier.ReceiptCode;
import vn.egov.gateway.dossier.StatusChange;
import vn.egov.gateway.dossier.StatusUpdate;
import vn.egov.gateway.dossier.SubmitResult;

/** {@link DossierStore} over a Vert.x {@link Pool}: one SQL text for H2 and PostgreSQL but for {@link Dialect}. */
public final class SqlDossierStore implements DossierStore {
  /**
   * A transaction that lost a race on the unique key of a day's first counter row runs again: it
   * then finds the winner's committed row.
   */
  private static final int SUBMIT_ATTEMPTS = 3;
  /** Submissions stored in one transaction at most. */
  private static final int MAX_GROUP = 32;
  private static final String CLOSING = DossierStatus.closingCodes().stream().map(String::valueOf)
      .collect(Collectors.joining(", "));
  private static final String DOSSIER_COLUMNS = "receipt_code, procedure_code, agency_code, client_id, citizen_key, subject,"
      + " payload, status, status_at, received_at, due_at, due_provenance, idempotency_key, overdue_at, apology_notice, warnings";
  /** The dossier read with each leased delivery job: what the forwarder sends. */
  private static final Leasing.With WITH_DOSSIER = new Leasing.With("dossiers", "receipt_code",
      List.of(DOSSIER_COLUMNS.split(", ")));
  private static final List<String> JOB_COLUMNS = List.of("id", "receipt_code", "agency_code", "delivery_key", "state",
      "attempts", "next_attempt_at", "lease_owner", "lease_until", "last_error");
  private static final String COMPLETED = "COMPLETED";

  private final Pool pool;
  private final Dialect dialect;
  private final OutboxVacuum vacuum;
  /** Submissions that arrive while one is being stored go together in the next transaction. */
  private final GroupCommit<NewSubmission, SubmitResult> submissions = new GroupCommit<>(this::submitGroup, MAX_GROUP, true);

  public SqlDossierStore(Database database) {
    this(database.pool(), database.dialect(), database.outboxVacuum());
  }

  /** With its own outbox vacuuming (tests set a small threshold). */
  SqlDossierStore(Pool pool, Dialect dialect, OutboxVacuum vacuum) {
    this.pool = pool;
    this.dialect = dialect;
    this.vacuum = vacuum;
  }

  // --- submission ----------------------------------------------------------------------------------

  @Override
  public Future<SubmitResult> submit(NewSubmission s) {
    NewSubmission exact = new NewSubmission(s.clientId(), s.idempotencyKey(), s.requestHash(), s.procedureCode(),
        s.agencyCode(), s.citizenKey(), s.subject(), s.payload(), micros(s.receivedAt()), micros(s.dueAt()),
        s.dueProvenance(), s.warnings());
    return submissions.add(exact);
  }

  /**
   * Group commit of submissions: one transaction and one commit for all that arrived while the
   * previous group was being stored; an idle gateway stores each at once, alone. Within the group
   * each is stored exactly as alone, ordered by agency and time so that the receipt counters' row
   * locks are always taken in one order (a submission alone takes one). If anything in the group fails, a
   * replayed key's insert for instance, nothing of it was committed and {@link GroupCommit} stores
   * each again alone, which gives each its own answer. Each caller is answered after the commit
   * that holds its dossier.
   */
  private Future<List<SubmitResult>> submitGroup(List<NewSubmission> group) {
    if (group.size() == 1) return submit(group.get(0), 1).map(List::of);
    Integer[] order = new Integer[group.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    // By agency day: the order in which their counters' rows are locked, the same in every group.
    java.util.Arrays.sort(order, Comparator.comparing((Integer i) -> group.get(i).agencyCode()).thenComparing(i -> group.get(i).receivedAt()));
    List<NewSubmission> ordered = new ArrayList<>(group.size());
    for (int i : order) ordered.add(group.get(i));
    return dialect.withTransaction(pool, conn -> dialect == Dialect.POSTGRESQL ? storeGroup(conn, ordered) : storeEach(conn, ordered))
        .map(inOrder -> {
          SubmitResult[] results = new SubmitResult[group.size()];
          for (int k = 0; k < order.length; k++) results[order[k]] = inOrder.get(k);
          return List.of(results);
        });
  }

  /** Each submission of the group as it would be stored alone, one after the other in {@code conn}'s transaction. */
  private Future<List<SubmitResult>> storeEach(SqlConnection conn, List<NewSubmission> group) {
    List<SubmitResult> results = new ArrayList<>(group.size());
    Future<Void> chain = Future.succeededFuture();
    for (NewSubmission s : group) chain = chain.compose(v -> submitIn(conn, s).map(r -> {
      results.add(r);
      return null;
    }));
    return chain.map(v -> results);
  }

  /**
   * PostgreSQL: the group in three statements whatever its size, instead of three per submission.
   * The keys' advisory locks are tried in one statement (a key held by a concurrent request is
   * answered "in progress", as alone); the receipt counters of the group's agency days are moved on
   * in one upsert, in the group's order (by agency), which hands each day a block of consecutive
   * numbers; and every row of every dossier is inserted in one statement ({@link Dialect#insertAll}).
   */
  private Future<List<SubmitResult>> storeGroup(SqlConnection conn, List<NewSubmission> group) {
    Long[] keys = new Long[group.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = lockKey(group.get(i));
    }
    return conn.preparedQuery("SELECT pg_try_advisory_xact_lock(k) FROM unnest($1::int8[]) WITH ORDINALITY AS t(k, i) ORDER BY i")
        .execute(Tuple.of(keys))
        .compose(locks -> {
          List<Boolean> locked = new ArrayList<>(group.size());
          for (Row r : locks) locked.add(r.getBoolean(0));
          // Counters: how many numbers each agency day of the group takes, in the group's order.
          Map<List<String>, Integer> wanted = new LinkedHashMap<>();
          for (int i = 0; i < group.size(); i++) {
            if (locked.get(i)) wanted.merge(counterKey(group.get(i)), 1, Integer::sum);
          }
          if (wanted.isEmpty()) return Future.succeededFuture(java.util.Collections.nCopies(group.size(), SubmitResult.inProgress()));
          String[] agencies = new String[wanted.size()];
          String[] days = new String[wanted.size()];
          Integer[] counts = new Integer[wanted.size()];
          int w = 0;
          for (var e : wanted.entrySet()) {
            agencies[w] = e.getKey().get(0);
            days[w] = e.getKey().get(1);
            counts[w++] = e.getValue();
          }
          return conn.preparedQuery("INSERT INTO receipt_counters (agency_code, receipt_day, last_seq)"
                  + " SELECT a, d, n FROM unnest($1::text[], $2::text[], $3::int4[]) AS t(a, d, n)"
                  + " ON CONFLICT (agency_code, receipt_day) DO UPDATE SET last_seq = receipt_counters.last_seq + EXCLUDED.last_seq"
                  + " RETURNING agency_code, receipt_day, last_seq")
              .execute(Tuple.of(agencies, days, counts))
              .compose(counters -> {
                // The next number of each agency day: its block's first.
                Map<List<String>, Integer> next = new HashMap<>();
                for (Row r : counters) {
                  List<String> key = List.of(r.getString("agency_code"), r.getString("receipt_day"));
                  next.put(key, r.getInteger("last_seq") - wanted.get(key) + 1);
                }
                List<SubmitResult> results = new ArrayList<>(group.size());
                List<Dialect.Insert> rows = new ArrayList<>();
                for (int i = 0; i < group.size(); i++) {
                  if (!locked.get(i)) {
                    results.add(SubmitResult.inProgress());
                    continue;
                  }
                  NewSubmission s = group.get(i);
                  int seq = next.merge(counterKey(s), 1, Integer::sum) - 1;
                  Receipt receipt = receipt(s, seq);
                  rows.addAll(rowsOf(s, receipt));
                  results.add(SubmitResult.created(receipt));
                }
                return dialect.insertAll(conn, Dialect.Insert.merged(rows)).map(v -> results);
              });
        });
  }

  /** The advisory lock of a submission's idempotency key (PostgreSQL). */
  private static long lockKey(NewSubmission s) {
    return Columns.lockKey("idempotency\n" + s.clientId() + "\n" + s.idempotencyKey());
  }

  private static List<String> counterKey(NewSubmission s) {
    return List.of(s.agencyCode(), ReceiptCode.dayText(ReceiptCode.dayOf(s.receivedAt())));
  }

  private Future<SubmitResult> submit(NewSubmission s, int attempt) {
    return dialect.withTransaction(pool, conn -> submitIn(conn, s)).recover(err -> {
      if (Dialect.isContention(err)) {
        // H2: a row this one needs stayed locked for the whole lock timeout: its holder is still at work.
        return priorAnswer(pool, s).map(prior -> prior.orElse(SubmitResult.inProgress()));
      }
      if (!Dialect.isUniqueViolation(err)) return Future.failedFuture(err);
      // Either the key was answered before (its row refused this one's, and the attempt left
      // nothing behind) or two first dossiers of an agency's day raced to create its counter row.
      return priorAnswer(pool, s).compose(prior -> {
        if (prior.isPresent()) return Future.succeededFuture(prior.get());
        return attempt < SUBMIT_ATTEMPTS ? submit(s, attempt + 1) : Future.failedFuture(err);
      });
    });
  }

  private Future<SubmitResult> submitIn(SqlConnection conn, NewSubmission s) {
    // PostgreSQL: a concurrent request with the same key gets 409 at once instead of waiting for
    // the holder's commit on the key's unique index.
    return dialect.tryTransactionLock(conn, lockKey(s))
        .compose(locked -> locked ? store(conn, s) : Future.succeededFuture(SubmitResult.inProgress()));
  }

  /** What an earlier request with the same key makes of this one, if there was one. */
  private Future<Optional<SubmitResult>> priorAnswer(SqlClient client, NewSubmission s) {
    return exec(client, "SELECT request_hash, state, response FROM idempotency WHERE client_id = ? AND idem_key = ?",
        s.clientId(), s.idempotencyKey()).map(rows -> {
          if (rows.size() == 0) return Optional.empty();
          Row r = rows.iterator().next();
          if (!COMPLETED.equals(r.getString("state"))) return Optional.of(SubmitResult.inProgress());
          if (!s.requestHash().equals(r.getString("request_hash"))) return Optional.of(SubmitResult.conflictingBody());
          return Optional.of(SubmitResult.replay(receiptFromJson(r.getString("response"))));
        });
  }

  /**
   * The key's row is written once, last, with its answer, and nothing reads it first: a key
   * answered before makes its insert fail on the primary key, the whole attempt rolls back (its
   * receipt number too), and {@link #submit} answers from the stored row instead. Repeats are
   * rare; the common case saves the read and the update of the key's row.
   */
  private Future<SubmitResult> store(SqlConnection conn, NewSubmission s) {
    LocalDate day = ReceiptCode.dayOf(s.receivedAt());
    return nextSequence(conn, s.agencyCode(), ReceiptCode.dayText(day)).compose(seq -> {
      Receipt receipt = receipt(s, seq);
      return dialect.insertAll(conn, rowsOf(s, receipt)).map(v -> SubmitResult.created(receipt));
    });
  }

  /** The receipt of {@code s} under number {@code seq} of its agency's day ({@link ReceiptSequenceExhaustedException} past 9999). */
  private static Receipt receipt(NewSubmission s, int seq) {
    String code = new ReceiptCode(s.agencyCode(), ReceiptCode.dayOf(s.receivedAt()), seq).toString();
    return new Receipt(code, DossierStatus.NEW.code(), s.receivedAt(), s.dueAt(), s.dueProvenance());
  }

  /** The rows a new dossier is: itself, its first history entry, its delivery job and its key's answer, in that order. */
  private static List<Dialect.Insert> rowsOf(NewSubmission s, Receipt receipt) {
    String code = receipt.receiptCode();
    Instant dueDayStart = ReceiptCode.dayOf(s.dueAt()).atStartOfDay(ReceiptCode.ZONE).toInstant();
    return List.of(
        Dialect.Insert.of("INSERT INTO dossiers (" + DOSSIER_COLUMNS + ", due_day_start, history_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, 1)",
            code, s.procedureCode(), s.agencyCode(), s.clientId(), s.citizenKey(), s.subject(), s.payload(),
            DossierStatus.NEW.code(), ts(s.receivedAt()), ts(s.receivedAt()), ts(s.dueAt()), s.dueProvenance(),
            s.idempotencyKey(), s.warnings(), ts(dueDayStart)),
        Dialect.Insert.of("INSERT INTO status_history (receipt_code, seq, status, changed_at, source, report_id, note)"
            + " VALUES (?, 1, ?, ?, ?, NULL, NULL)", code, DossierStatus.NEW.code(), ts(s.receivedAt()), StatusChange.SOURCE_GATEWAY),
        Dialect.Insert.of("INSERT INTO delivery_jobs (id, receipt_code, agency_code, delivery_key, state, attempts,"
                + " next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)", UUID.randomUUID().toString(), code,
            s.agencyCode(), UUID.randomUUID().toString(), ts(s.receivedAt()), ts(s.receivedAt())),
        Dialect.Insert.of("INSERT INTO idempotency (client_id, idem_key, request_hash, state, receipt_code, response, created_at)"
                + " VALUES (?, ?, ?, '" + COMPLETED + "', ?, ?, ?)", s.clientId(), s.idempotencyKey(), s.requestHash(), code,
            receiptToJson(receipt), ts(s.receivedAt())));
  }

  /**
   * The next sequence of the agency's receipt day. The counter row is locked from the update to
   * the commit, so concurrent submissions to one agency take their numbers one after the other.
   * The day's first submission creates the row; if two race to do so, the loser's unique
   * violation makes {@link #submit} run it again, and it then finds the row.
   */
  private Future<Integer> nextSequence(SqlConnection conn, String agencyCode, String day) {
    return exec(conn, dialect.returning("UPDATE receipt_counters SET last_seq = last_seq + 1 WHERE agency_code = ? AND receipt_day = ?",
        "last_seq"), agencyCode, day)
        .compose(rows -> rows.size() > 0
            ? Future.succeededFuture(rows.iterator().next().getInteger("last_seq"))
            : exec(conn, "INSERT INTO receipt_counters (agency_code, receipt_day, last_seq) VALUES (?, ?, 1)", agencyCode, day)
                .map(1));
  }

  private static String receiptToJson(Receipt r) {
    return new JsonObject().put("receiptCode", r.receiptCode()).put("status", r.status())
        .put("receivedAt", r.receivedAt().toString()).put("dueAt", r.dueAt().toString())
        .put("dueProvenance", r.dueProvenance()).encode();
  }

  private static Receipt receiptFromJson(String json) {
    JsonObject o = new JsonObject(json);
    return new Receipt(o.getString("receiptCode"), o.getInteger("status"), Instant.parse(o.getString("receivedAt")),
        Instant.parse(o.getString("dueAt")), o.getString("dueProvenance"));
  }

  // --- reading -------------------------------------------------------------------------------------

  @Override
  public Future<Optional<DossierHistory>> find(String receiptCode) {
    return exec(pool, "SELECT " + DOSSIER_COLUMNS + " FROM dossiers WHERE receipt_code = ?", receiptCode).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(Optional.empty());
      Dossier dossier = dossier(rows.iterator().next());
      return exec(pool, "SELECT receipt_code, seq, status, changed_at, source, report_id, note FROM status_history"
          + " WHERE receipt_code = ? ORDER BY changed_at, seq", receiptCode)
          .map(history -> {
            List<StatusChange> changes = new ArrayList<>();
            for (Row r : history) {
              changes.add(new StatusChange(r.getString("receipt_code"), r.getInteger("seq"), r.getInteger("status"),
                  instant(r, "changed_at"), r.getString("source"), r.getString("report_id"), r.getString("note")));
            }
            return Optional.of(new DossierHistory(dossier, changes));
          });
    });
  }

  @Override
  public Future<List<Dossier>> byCitizen(String citizenKey, int limit) {
    return exec(pool, "SELECT " + DOSSIER_COLUMNS + " FROM dossiers WHERE citizen_key = ?"
        + " ORDER BY received_at DESC, receipt_code DESC LIMIT ?", citizenKey, limit).map(SqlDossierStore::dossiers);
  }

  // --- outbox --------------------------------------------------------------------------------------

  @Override
  public Future<List<DeliveryJob>> lease(String owner, int limit, Duration leaseDuration, Instant now) {
    if (limit <= 0) return Future.succeededFuture(List.of());
    return Leasing.lease(pool, dialect, vacuum, "delivery_jobs", JOB_COLUMNS, owner, limit, now, micros(now.plus(leaseDuration)))
        .map(SqlDossierStore::jobsInLeaseOrder);
  }

  @Override
  public Future<List<Delivery>> leaseDeliveries(String owner, int limit, Duration leaseDuration, Instant now) {
    if (limit <= 0) return Future.succeededFuture(List.of());
    return Leasing.lease(pool, dialect, vacuum, "delivery_jobs", JOB_COLUMNS, WITH_DOSSIER, owner, limit, now,
            micros(now.plus(leaseDuration)))
        .map(rows -> {
          List<Delivery> out = new ArrayList<>();
          for (Row r : rows) {
            boolean stored = r.getString(Leasing.With.PREFIX + "receipt_code") != null;
            out.add(new Delivery(job(r), stored ? dossier(r, Leasing.With.PREFIX) : null));
          }
          out.sort(Comparator.comparing((Delivery d) -> d.job().nextAttemptAt()).thenComparing(d -> d.job().id()));
          return out;
        });
  }

  @Override
  public Future<Boolean> delivered(String jobId, String owner, Instant at) {
    return exec(pool, "UPDATE delivery_jobs SET state = 'DELIVERED', delivered_at = ?, lease_until = NULL, last_error = NULL"
        + " WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?", ts(at), jobId, owner).map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Set<String>> deliveredAll(Collection<String> jobIds, String owner, Instant at) {
    if (jobIds.isEmpty()) return Future.succeededFuture(Set.of());
    Dialect.Condition ids = dialect.oneOf("id", List.copyOf(jobIds));
    List<Object> params = new ArrayList<>(List.of(ts(at), owner));
    params.addAll(ids.params());
    return pool.preparedQuery(dialect.sql(dialect.returning("UPDATE delivery_jobs SET state = 'DELIVERED', delivered_at = ?,"
            + " lease_until = NULL, last_error = NULL WHERE state = 'IN_FLIGHT' AND lease_owner = ? AND " + ids.sql(), "id")))
        .execute(Tuple.wrap(params))
        .map(rows -> {
          Set<String> marked = new HashSet<>();
          for (Row r : rows) marked.add(r.getString("id"));
          return marked;
        });
  }

  @Override
  public Future<Boolean> retryLater(String jobId, String owner, Instant nextAttemptAt, String error) {
    return exec(pool, "UPDATE delivery_jobs SET state = 'PENDING', next_attempt_at = ?, last_error = ?, lease_owner = NULL,"
        + " lease_until = NULL WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?", ts(nextAttemptAt), clip(error), jobId, owner)
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Boolean> release(String jobId, String owner, Instant nextAttemptAt) {
    return exec(pool, "UPDATE delivery_jobs SET state = 'PENDING', next_attempt_at = ?, attempts = attempts - 1,"
        + " lease_owner = NULL, lease_until = NULL WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ? AND attempts > 0",
        ts(nextAttemptAt), jobId, owner).map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<Boolean> deadLetter(String jobId, String owner, Instant at, String error) {
    return exec(pool, "UPDATE delivery_jobs SET state = 'DEAD', dead_at = ?, last_error = ?, lease_until = NULL"
        + " WHERE id = ? AND state = 'IN_FLIGHT' AND lease_owner = ?", ts(at), clip(error), jobId, owner)
        .map(rows -> rows.rowCount() == 1);
  }

  @Override
  public Future<List<DeliveryJob>> deadLetters(int limit) {
    return exec(pool, "SELECT " + String.join(", ", JOB_COLUMNS) + " FROM delivery_jobs WHERE state = 'DEAD'"
        + " ORDER BY dead_at, id LIMIT ?", limit).map(SqlDossierStore::jobs);
  }

  /** The job's last scheduled attempt lies in the past, so a redriven job is due at once. */
  @Override
  public Future<Integer> redrive(String receiptCode) {
    return exec(pool, "UPDATE delivery_jobs SET state = 'PENDING', attempts = 0, lease_owner = NULL, lease_until = NULL,"
        + " dead_at = NULL WHERE receipt_code = ? AND state = 'DEAD'", receiptCode).map(RowSet::rowCount);
  }

  @Override
  public Future<OutboxStats> outboxStats(Instant now) {
    return exec(pool, "SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest,"
        + " SUM(CASE WHEN next_attempt_at <= ? THEN 1 ELSE 0 END) AS due FROM delivery_jobs GROUP BY state", ts(now))
        .map(rows -> {
          long[] n = new long[DeliveryJob.State.values().length];
          long due = 0;
          Instant oldest = null;
          for (Row r : rows) {
            DeliveryJob.State state = DeliveryJob.State.valueOf(r.getString("state"));
            n[state.ordinal()] = count(r, "n");
            if (state == DeliveryJob.State.PENDING) due = count(r, "due");
            if (state == DeliveryJob.State.PENDING || state == DeliveryJob.State.IN_FLIGHT) {
              Instant o = instant(r, "oldest");
              if (oldest == null || o.isBefore(oldest)) oldest = o;
            }
          }
          Duration age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
          return new OutboxStats(n[DeliveryJob.State.PENDING.ordinal()], n[DeliveryJob.State.IN_FLIGHT.ordinal()],
              n[DeliveryJob.State.DELIVERED.ordinal()], n[DeliveryJob.State.DEAD.ordinal()], due, age);
        });
  }

  // --- status reports ------------------------------------------------------------------------------

  @Override
  public Future<StatusUpdate> recordStatus(String receiptCode, int status, Instant at, String reportId, String note) {
    if (!DossierStatus.isValid(status)) {
      return Future.failedFuture(new IllegalArgumentException("dossier status must be 1-10, was " + status));
    }
    if (reportId == null || reportId.isBlank()) {
      return Future.failedFuture(new IllegalArgumentException("a status report needs its report id"));
    }
    Instant effective = micros(at);
    // The dossier row stays locked until commit: reports for one dossier are recorded one at a time.
    return dialect.withTransaction(pool, conn -> exec(conn, "SELECT status, status_at, history_seq, client_id, procedure_code, subject"
        + " FROM dossiers WHERE receipt_code = ? FOR UPDATE", receiptCode).compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(new StatusUpdate(StatusUpdate.Outcome.UNKNOWN_DOSSIER, 0));
          Row d = rows.iterator().next();
          int current = d.getInteger("status");
          Instant currentAt = instant(d, "status_at");
          int seq = d.getInteger("history_seq") + 1;
          return exec(conn, "SELECT seq FROM status_history WHERE receipt_code = ? AND report_id = ?", receiptCode, reportId)
              .compose(seen -> {
                if (seen.size() > 0) return Future.succeededFuture(new StatusUpdate(StatusUpdate.Outcome.DUPLICATE, current));
                boolean newest = !effective.isBefore(currentAt);
                return exec(conn, "INSERT INTO status_history (receipt_code, seq, status, changed_at, source, report_id, note)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", receiptCode, seq, status, ts(effective), StatusChange.SOURCE_AGENCY,
                    reportId, clip(note))
                    .compose(v -> newest
                        ? exec(conn, "UPDATE dossiers SET status = ?, status_at = ?, history_seq = ? WHERE receipt_code = ?",
                            status, ts(effective), seq, receiptCode)
                        : exec(conn, "UPDATE dossiers SET history_seq = ? WHERE receipt_code = ?", seq, receiptCode))
                    .compose(v -> event(conn, d.getString("client_id"), receiptCode, DossierEvent.statusChanged(receiptCode,
                        d.getString("procedure_code"), d.getString("subject"), status, effective, newest ? status : current, note)))
                    .map(v -> newest
                        ? new StatusUpdate(StatusUpdate.Outcome.APPLIED, status)
                        : new StatusUpdate(StatusUpdate.Outcome.OUT_OF_ORDER, current));
              });
        }));
  }

  // --- deadlines -----------------------------------------------------------------------------------

  @Override
  public Future<List<Dossier>> overdue(Instant now, int limit) {
    return exec(pool, "SELECT " + DOSSIER_COLUMNS + " FROM dossiers WHERE due_at < ? AND overdue_at IS NULL"
        + " AND status NOT IN (" + CLOSING + ") ORDER BY due_at, receipt_code LIMIT ?", ts(now), limit)
        .map(SqlDossierStore::dossiers);
  }

  @Override
  public Future<Boolean> markOverdue(String receiptCode, String notice, Instant at) {
    return dialect.withTransaction(pool, conn -> exec(conn, "UPDATE dossiers SET overdue_at = ?, apology_notice = ? WHERE receipt_code = ?"
        + " AND overdue_at IS NULL", ts(at), notice, receiptCode).compose(rows -> {
          if (rows.rowCount() != 1) return Future.succeededFuture(false);
          return exec(conn, "SELECT client_id, procedure_code, subject, due_at FROM dossiers WHERE receipt_code = ?", receiptCode)
              .compose(d -> {
                Row r = d.iterator().next();
                return event(conn, r.getString("client_id"), receiptCode, DossierEvent.overdue(receiptCode,
                    r.getString("procedure_code"), r.getString("subject"), instant(r, "due_at"), at, notice));
              }).map(true);
        }));
  }

  /** Queues the portal's webhook event in the transaction of the change it reports. */
  private Future<Void> event(SqlConnection conn, String clientId, String receiptCode, io.vertx.core.json.JsonObject payload) {
    // Due at once: the change's own time may lie in the past (late reports) or a little ahead.
    return exec(conn, "INSERT INTO webhook_events (id, client_id, receipt_code, event_type, payload, state, attempts,"
        + " next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        java.util.UUID.randomUUID().toString(), clientId, receiptCode, payload.getString("type"), payload.encode()).mapEmpty();
  }

  // --- statistics ----------------------------------------------------------------------------------

  /**
   * A dossier belongs to the period when it was received before its end and had not closed before
   * its start. Its closing time is the first closing status in its history that took effect
   * before the end; a later report cannot change a past period's figures unless it is about that
   * period.
   */
  @Override
  public Future<List<PeriodCounts>> countsByPeriod(Instant from, Instant to) {
    String sql = "SELECT d.agency_code AS agency_code, d.procedure_code AS procedure_code, COUNT(*) AS received,"
        + " SUM(CASE WHEN c.closed_at < d.due_day_start THEN 1 ELSE 0 END) AS early,"
        + " SUM(CASE WHEN c.closed_at >= d.due_day_start AND c.closed_at <= d.due_at THEN 1 ELSE 0 END) AS on_time,"
        + " SUM(CASE WHEN c.closed_at > d.due_at THEN 1 ELSE 0 END) AS late,"
        + " SUM(CASE WHEN c.closed_at IS NULL AND d.due_at >= ? THEN 1 ELSE 0 END) AS in_time,"
        + " SUM(CASE WHEN c.closed_at IS NULL AND d.due_at < ? THEN 1 ELSE 0 END) AS overdue"
        + " FROM dossiers d LEFT JOIN (SELECT receipt_code, MIN(changed_at) AS closed_at FROM status_history"
        + " WHERE status IN (" + CLOSING + ") AND changed_at < ? GROUP BY receipt_code) c ON c.receipt_code = d.receipt_code"
        + " WHERE d.received_at < ? AND (c.closed_at IS NULL OR c.closed_at >= ?)"
        + " GROUP BY d.agency_code, d.procedure_code ORDER BY d.agency_code, d.procedure_code";
    return exec(pool, sql, ts(to), ts(to), ts(to), ts(to), ts(from)).map(rows -> {
      List<PeriodCounts> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new PeriodCounts(r.getString("agency_code"), r.getString("procedure_code"), count(r, "received"),
            count(r, "early"), count(r, "on_time"), count(r, "late"), count(r, "in_time"), count(r, "overdue")));
      }
      return out;
    });
  }

  // --- rows ----------------------------------------------------------------------------------------

  private Future<RowSet<Row>> exec(SqlClient client, String sql, Object... params) {
    return client.preparedQuery(dialect.sql(sql)).execute(Tuple.wrap(params));
  }

  private static String clip(String text) {
    return text == null || text.length() <= 4000 ? text : text.substring(0, 4000);
  }

  private static List<Dossier> dossiers(RowSet<Row> rows) {
    List<Dossier> out = new ArrayList<>();
    for (Row r : rows) out.add(dossier(r));
    return out;
  }

  private static Dossier dossier(Row r) {
    return dossier(r, "");
  }

  /** The dossier whose columns are named {@code prefix + column} in {@code r}. */
  private static Dossier dossier(Row r, String prefix) {
    String warnings = r.getString(prefix + "warnings");
    return new Dossier(r.getString(prefix + "receipt_code"), r.getString(prefix + "procedure_code"),
        r.getString(prefix + "agency_code"), r.getString(prefix + "client_id"), r.getString(prefix + "citizen_key"),
        r.getString(prefix + "subject"), r.getString(prefix + "payload"), r.getInteger(prefix + "status"),
        instant(r, prefix + "status_at"), instant(r, prefix + "received_at"), instant(r, prefix + "due_at"),
        r.getString(prefix + "due_provenance"), r.getString(prefix + "idempotency_key"), instant(r, prefix + "overdue_at"),
        r.getString(prefix + "apology_notice"), warnings == null ? "[]" : warnings);
  }

  private static List<DeliveryJob> jobs(RowSet<Row> rows) {
    List<DeliveryJob> out = new ArrayList<>();
    for (Row r : rows) out.add(job(r));
    return out;
  }

  private static DeliveryJob job(Row r) {
    return new DeliveryJob(r.getString("id"), r.getString("receipt_code"), r.getString("agency_code"),
        r.getString("delivery_key"), DeliveryJob.State.valueOf(r.getString("state")), r.getInteger("attempts"),
        instant(r, "next_attempt_at"), r.getString("lease_owner"), instant(r, "lease_until"), r.getString("last_error"));
  }

  private static List<DeliveryJob> jobsInLeaseOrder(RowSet<Row> rows) {
    List<DeliveryJob> out = jobs(rows);
    out.sort(Comparator.comparing(DeliveryJob::nextAttemptAt).thenComparing(DeliveryJob::id));
    return out;
  }
}
