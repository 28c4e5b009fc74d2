package vn.egov.gateway.dossier;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.AgencyConfig;
import vn.egov.gateway.config.DeliveryConfig;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.store.DossierStore;

/**
 * Delivers stored dossiers to their agencies, off the request path; deployed once per process.
 * It leases due jobs from the outbox under its own owner id, sends each through the
 * {@link AgencyClient} (no more at once per agency than its in-flight limit; an agency whose
 * circuit is open is not called, and its jobs go back untried until the breaker's reset), and then
 * marks each job delivered, schedules a retry ({@link Backoff}, at least {@code Retry-After}) or
 * dead-letters it (a permanent refusal, or the retry budget spent).
 *
 * <p>Crash safety is the lease: a job is only ever completed by the owner that holds its lease. On
 * stop (or a crash) nothing is written back for the attempts in flight; their leases simply run
 * out and another instance (or this one, restarted) leases the jobs again. The agency then sees the
 * same delivery key again and answers 200, so it still has each dossier exactly once.
 *
 * <p>All state below is confined to the verticle's event loop; {@link #wake()} may be called from
 * any thread.
 */
public final class Forwarder extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  private final DossierStore store;
  private final List<AgencyConfig> agencyConfigs;
  private final DeliveryConfig delivery;
  private final String issuer;
  private final SigningKeys keys;
  private final Clock clock;
  private final String owner;
  private final Backoff backoff;

  private final Map<String, Lane> lanes = new HashMap<>();
  private AgencyClient agencies;
  private volatile Context loop;
  private boolean running;
  private boolean polling;
  private boolean waitingForRoom;
  private long timer = -1;
  /** Leased and not yet settled: queued in a lane or being sent. */
  private int held;
  private int capacity;

  /** The jobs of one agency: waiting for a slot, and how many are being sent. */
  private static final class Lane {
    final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    int busy;
  }

  /** A delivered job waiting for its mark in the store. */
  private record Mark(String jobId, Promise<Boolean> recorded) {
  }

  /** At most this many jobs are marked delivered by one statement. */
  private static final int MARK_BATCH = 256;
  /** Delivered jobs not yet marked: marked together once the statement in flight (if any) is done. */
  private final List<Mark> marks = new ArrayList<>();
  private boolean marking;

  public Forwarder(DossierStore store, List<AgencyConfig> agencies, DeliveryConfig delivery, String issuer, SigningKeys keys,
      Clock clock, String owner) {
    this.store = store;
    this.agencyConfigs = List.copyOf(agencies);
    this.delivery = delivery;
    this.issuer = issuer;
    this.keys = keys;
    this.clock = clock;
    this.owner = owner;
    this.backoff = Backoff.jittered(delivery.initialBackoff(), delivery.maxBackoff());
  }

  /** A lease owner id unique to this process: host, pid and a random part (a restart is a new owner). */
  public static String newOwner() {
    String runtime = ManagementFactory.getRuntimeMXBean().getName();
    return "forwarder-" + runtime.replaceAll("[^A-Za-z0-9@.-]", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String owner() {
    return owner;
  }

  /** The agencies' client; null before start. */
  public AgencyClient agencies() {
    return agencies;
  }

  @Override
  public Future<?> start() {
    capacity = agencyConfigs.stream().mapToInt(AgencyConfig::maxInFlight).sum();
    // Key files, TLS material and the first signature (provider and class loading) cost
    // hundreds of milliseconds once: on a worker thread, not on this event loop.
    return vertx.executeBlocking(() -> {
      AgencyClient client = new AgencyClient(vertx, agencyConfigs, delivery, issuer, keys, clock);
      client.warmUp();
      return client;
    }).onSuccess(client -> {
      agencies = client;
      running = true;
      loop = context;
      LOG.info("forwarder started owner={} agencies={} lease={} batch={}", owner, agencyConfigs.size(),
          delivery.leaseDuration(), delivery.batchSize());
      poll();
    });
  }

  /** Attempts in flight are abandoned, not written back: their leases run out (see the class comment). */
  @Override
  public Future<?> stop() {
    running = false;
    loop = null;
    marks.clear();
    if (timer >= 0) vertx.cancelTimer(timer);
    if (agencies != null) agencies.close();
    return Future.succeededFuture();
  }

  /** Look for due jobs now rather than at the next poll (a dossier was just stored or redriven). Safe from any thread, at any time. */
  public void wake() {
    Context c = loop;
    if (c != null) c.runOnContext(v -> poll());
  }

  private void poll() {
    if (!running || polling) return;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    int room = capacity - held;
    if (room <= 0) {
      waitingForRoom = true; // a settled job polls again
      return;
    }
    waitingForRoom = false;
    int limit = Math.min(delivery.batchSize(), room);
    polling = true;
    store.leaseDeliveries(owner, limit, delivery.leaseDuration(), clock.instant()).onComplete(ar -> {
      polling = false;
      if (!running) return;
      if (ar.failed()) {
        LOG.warn("forwarder cannot lease jobs owner={}: {}", owner, ar.cause().toString());
        later();
        return;
      }
      List<Delivery> jobs = ar.result();
      held += jobs.size();
      for (Delivery d : jobs) lanes.computeIfAbsent(d.job().agencyCode(), c -> new Lane()).queue.add(d);
      for (Delivery d : jobs) drain(d.job().agencyCode());
      if (jobs.size() == limit) poll();
      else later();
    });
  }

  private void later() {
    if (running && timer < 0) {
      timer = vertx.setTimer(delivery.pollInterval().toMillis(), id -> {
        timer = -1;
        poll();
      });
    }
  }

  private void drain(String agencyCode) {
    Lane lane = lanes.get(agencyCode);
    int limit = agencies.maxInFlight(agencyCode);
    while (running && lane.busy < limit && !lane.queue.isEmpty()) {
      Delivery next = lane.queue.poll();
      DeliveryJob job = next.job();
      lane.busy++;
      attempt(next).onComplete(ar -> {
        lane.busy--;
        held--;
        if (ar.failed()) {
          // The store did not take the outcome: the lease runs out and the job is tried again.
          LOG.warn("forwarder cannot record the outcome receipt={} agency={}: {}", job.receiptCode(), job.agencyCode(),
              ar.cause().toString());
        }
        if (!running) return;
        drain(agencyCode);
        if (waitingForRoom) poll();
      });
    }
  }

  /** The dossier came with the lease: it never changes once stored, so that read is as good as one made now. */
  private Future<Void> attempt(Delivery delivery) {
    DeliveryJob job = delivery.job();
    if (delivery.dossier() == null) {
      return settle(job, new DeliveryOutcome.Permanent("dossier " + job.receiptCode() + " is not in the store"));
    }
    Instant now = clock.instant();
    // Never send on a lease that could run out before the answer: another owner could send too.
    if (job.leaseUntil() == null || Duration.between(now, job.leaseUntil()).compareTo(agencies.requestLimit(job.agencyCode())) < 0) {
      return settle(job, new DeliveryOutcome.NotSent(now, "lease too short for another request"));
    }
    return agencies.send(job, delivery.dossier()).compose(outcome -> settle(job, outcome));
  }

  private Future<Void> settle(DeliveryJob job, DeliveryOutcome outcome) {
    if (!running) return Future.succeededFuture();
    Instant now = clock.instant();
    Future<Boolean> recorded;
    if (outcome instanceof DeliveryOutcome.Delivered) {
      recorded = markDelivered(job);
    } else if (outcome instanceof DeliveryOutcome.Permanent p) {
      recorded = store.deadLetter(job.id(), owner, now, p.reason());
    } else if (outcome instanceof DeliveryOutcome.Retry r) {
      if (job.attempts() >= delivery.budget()) {
        LOG.warn("dossier dead-lettered after {} attempts receipt={} agency={}", job.attempts(), job.receiptCode(), job.agencyCode());
        recorded = store.deadLetter(job.id(), owner, now, r.reason() + " (retry budget of " + delivery.budget() + " attempts spent)");
      } else {
        recorded = store.retryLater(job.id(), owner, now.plus(backoff.delay(job.attempts(), r.retryAfter())), r.reason());
      }
    } else {
      recorded = store.release(job.id(), owner, ((DeliveryOutcome.NotSent) outcome).notBefore());
    }
    return recorded.map(held -> {
      if (!held) LOG.warn("forwarder lost the lease before recording receipt={} agency={}", job.receiptCode(), job.agencyCode());
      else observer.attempted(job, outcome);
      return null;
    });
  }

  /**
   * Marks the job delivered together with the others the agencies confirmed meanwhile: one
   * statement (and one commit) for all that arrived while the previous one ran, none held back
   * while the store is idle. Each is marked only if this owner still holds it, as one at a time
   * would be; a mark lost in a stop or crash is the same as one never made (the lease runs out,
   * the agency answers the next attempt 200).
   */
  private Future<Boolean> markDelivered(DeliveryJob job) {
    Promise<Boolean> recorded = Promise.promise();
    marks.add(new Mark(job.id(), recorded));
    if (!marking) flushMarks();
    return recorded.future();
  }

  private void flushMarks() {
    if (!running || marks.isEmpty()) {
      marking = false;
      return;
    }
    List<Mark> batch = new ArrayList<>(marks.subList(0, Math.min(MARK_BATCH, marks.size())));
    marks.subList(0, batch.size()).clear();
    marking = true;
    store.deliveredAll(batch.stream().map(Mark::jobId).toList(), owner, clock.instant()).onComplete(ar -> {
      for (Mark m : batch) {
        if (ar.succeeded()) m.recorded().complete(ar.result().contains(m.jobId()));
        else m.recorded().fail(ar.cause());
      }
      flushMarks();
    });
  }

  /** Told of every attempt whose outcome was recorded (metrics, audit trail). */
  @FunctionalInterface
  public interface Observer {
    Observer NONE = (job, outcome) -> { };

    void attempted(DeliveryJob job, DeliveryOutcome outcome);
  }

  private volatile Observer observer = Observer.NONE;

  /** Set before the forwarder starts. */
  public void observe(Observer observer) {
    this.observer = observer;
  }
}
