package vn.egov.gateway.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Test accounts from the mock VNeID's {@code /dev/citizens} (pages of at most 1000). A small
 * "returning" pool has consented before the measured runs; "fresh" accounts are each used once,
 * by first-time logins. Pages are fetched before a run: generating 1000 citizens costs the mock
 * a noticeable slice of its event loop, which must not land inside a measurement window.
 */
final class Accounts {
  /** {@code level}: the VNeID account level, 1 or 2 (acr LoA1 or LoA2 in the gateway's tokens). */
  record Account(String identityNumber, String password, String otp, int level) {
  }

  static final int PAGE = 1000;

  private final WebClient client;
  private final String vneid;
  private final List<Account> returning = new ArrayList<>();
  private final ArrayDeque<Account> fresh = new ArrayDeque<>();
  private int nextOffset;
  private int rr;
  private long fetchedDuringRuns;
  private volatile boolean measuring;

  Accounts(WebClient client, String vneid, int firstOffset) {
    this.client = client;
    this.vneid = vneid;
    this.nextOffset = firstOffset;
  }

  /** Blocking; called from the main thread only. */
  List<Account> take(int n) {
    List<Account> out = new ArrayList<>(n);
    while (out.size() < n) {
      if (fresh.isEmpty()) fetch(Math.min(PAGE, Math.max(n - out.size(), 100)));
      synchronized (this) {
        while (out.size() < n && !fresh.isEmpty()) out.add(fresh.poll());
      }
    }
    return out;
  }

  /**
   * Blocking, main thread only: {@code n} never-used accounts of at least {@code level}; the others
   * met on the way stay fresh for later.
   */
  List<Account> take(int n, int level) {
    List<Account> out = new ArrayList<>(n);
    List<Account> skipped = new ArrayList<>();
    while (out.size() < n) {
      if (freshCount() == 0) fetch(PAGE);
      synchronized (this) {
        while (out.size() < n && !fresh.isEmpty()) {
          Account a = fresh.poll();
          (a.level() >= level ? out : skipped).add(a);
        }
      }
    }
    synchronized (this) {
      for (int i = skipped.size() - 1; i >= 0; i--) fresh.addFirst(skipped.get(i));
    }
    return out;
  }

  void setReturning(List<Account> pool) {
    returning.clear();
    returning.addAll(pool);
  }

  /** Blocking: makes sure at least {@code n} fresh accounts are in hand before a run starts. */
  void ensureFresh(int n) {
    while (freshCount() < n) fetch(PAGE);
  }

  synchronized int freshCount() {
    return fresh.size();
  }

  void measuring(boolean on) {
    measuring = on;
  }

  long fetchedDuringRuns() {
    return fetchedDuringRuns;
  }

  /** Round robin over the consented pool; lanes may call this from several threads. */
  synchronized Account nextReturning() {
    Account a = returning.get(rr);
    rr = (rr + 1) % returning.size();
    return a;
  }

  /** A never-used account, or null when the prefetched supply ran out (the run then reports an error). */
  synchronized Account nextFresh() {
    return fresh.poll();
  }

  private void fetch(int limit) {
    if (measuring) fetchedDuringRuns++;
    var r = client.getAbs(vneid + "/dev/citizens?offset=" + nextOffset + "&limit=" + limit).send().await();
    if (r.statusCode() != 200) throw new IllegalStateException("/dev/citizens answered HTTP " + r.statusCode());
    JsonArray list = new JsonArray(r.bodyAsString());
    if (list.isEmpty()) throw new IllegalStateException("/dev/citizens has no accounts from offset " + nextOffset);
    synchronized (this) {
      for (Object o : list) {
        JsonObject c = (JsonObject) o;
        fresh.add(new Account(c.getString("identity_number"), c.getString("password"), c.getString("otp"),
            c.getInteger("level", 1)));
      }
    }
    nextOffset += list.size();
  }
}
