package vn.egov.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.egov.gateway.dossier.Delivery;
import vn.egov.gateway.dossier.DeliveryJob;
import vn.egov.gateway.dossier.Dossier;
import vn.egov.gateway.dossier.DossierHistory;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.OutboxStats;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.dossier.StatusUpdate;
import vn.egov.gateway.dossier.SubmitResult;

/**
 * Dossiers, their histories and the delivery outbox. A dossier is accepted only once it is stored
 * together with its delivery job (one transaction), and the outbox hands each job to one instance
 * at a time, so that with the agency de-duplicating on the delivery key it sees every dossier
 * exactly once. Times are passed in by the caller (its clock) and kept to the microsecond.
 */
public interface DossierStore {

  /**
   * Claims the idempotency key, allocates the receipt code, stores the dossier, its first history
   * entry (status 1) and its delivery job (due at once), and the answer; all or nothing.
   */
  Future<SubmitResult> submit(NewSubmission submission);

  Future<Optional<DossierHistory>> find(String receiptCode);

  /** The citizen's dossiers, newest first. */
  Future<List<Dossier>> byCitizen(String citizenKey, int limit);

  // --- outbox ------------------------------------------------------------------------------------

  /**
   * Leases up to {@code limit} due jobs to {@code owner} until {@code now + leaseDuration}: pending
   * ones whose time has come and in-flight ones whose lease ran out (their instance died). No job
   * is leased to two owners at once, whatever the number of instances.
   */
  Future<List<DeliveryJob>> lease(String owner, int limit, Duration leaseDuration, Instant now);

  /** {@link #lease}, each job with its dossier, read in the same statement. */
  Future<List<Delivery>> leaseDeliveries(String owner, int limit, Duration leaseDuration, Instant now);

  /** Marks the job delivered; {@code false} if {@code owner} no longer holds it (nothing changes). */
  Future<Boolean> delivered(String jobId, String owner, Instant at);

  /**
   * Marks the jobs delivered in one statement, each only if {@code owner} still holds it (the
   * others do not change); the ids of those marked.
   */
  Future<Set<String>> deliveredAll(Collection<String> jobIds, String owner, Instant at);

  /** Puts the job back for another attempt at {@code nextAttemptAt}; {@code false} if not held by {@code owner}. */
  Future<Boolean> retryLater(String jobId, String owner, Instant nextAttemptAt, String error);

  /**
   * Gives a leased job back untried (its agency's circuit is open, or its lease is too short for
   * another request): pending again at {@code nextAttemptAt}, and this lease does not count as an
   * attempt. {@code false} if not held by {@code owner}.
   */
  Future<Boolean> release(String jobId, String owner, Instant nextAttemptAt);

  /** The retry budget is spent: the job waits for ops; {@code false} if not held by {@code owner}. */
  Future<Boolean> deadLetter(String jobId, String owner, Instant at, String error);

  /** Dead jobs, the longest dead first. */
  Future<List<DeliveryJob>> deadLetters(int limit);

  /** Puts the dossier's dead jobs back in the queue with a fresh retry budget; how many. */
  Future<Integer> redrive(String receiptCode);

  Future<OutboxStats> outboxStats(Instant now);

  // --- status from agencies ----------------------------------------------------------------------

  /**
   * Records an agency's status report. A report id seen before for the dossier changes nothing; a
   * report older than the current status joins the history without moving the status back.
   */
  Future<StatusUpdate> recordStatus(String receiptCode, int status, Instant at, String reportId, String note);

  // --- deadlines ---------------------------------------------------------------------------------

  /**
   * Open dossiers (no closing status, see {@code DossierStatus.closing}) whose due date passed
   * before {@code now} and that have not been marked overdue yet, the earliest due first.
   */
  Future<List<Dossier>> overdue(Instant now, int limit);

  /** Marks the dossier overdue and keeps the apology notice; only the first call does anything. */
  Future<Boolean> markOverdue(String receiptCode, String notice, Instant at);

  // --- statistics --------------------------------------------------------------------------------

  /**
   * The report figures for [from, to) per agency and procedure, from the dossiers and their status
   * histories as known now (see {@link PeriodCounts}).
   */
  Future<List<PeriodCounts>> countsByPeriod(Instant from, Instant to);
}
