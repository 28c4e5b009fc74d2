package vn.egov.gateway.dev.agency;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the mock agencies received, by delivery key: enough to check exactly-once delivery after a
 * million dossiers (about 200 bytes a dossier: the key, the receipt code, a 64-bit hash of the
 * content and two counters), never the forms themselves. Thread-safe.
 */
final class ReceivedDossiers {
  enum Outcome {
    /** Stored now: 201. */
    NEW,
    /** The same key with the same content was stored before: 200. */
    REPEAT,
    /** The same key came with other content: 409. */
    CONFLICT
  }

  /** One delivery key. {@code posts}: verified POSTs with it; {@code accepted}: of those, answered 201 or 200. */
  private static final class Entry {
    final String receiptCode;
    final long contentHash;
    int posts;
    int accepted;
    boolean stored;

    Entry(String receiptCode, long contentHash) {
      this.receiptCode = receiptCode;
      this.contentHash = contentHash;
    }
  }

  private final Map<String, Entry> byKey = new HashMap<>();
  /** Keys in the order first seen, so that paging through them is stable. */
  private final List<String> order = new ArrayList<>();
  private long posts;
  private long created;
  private long replayed;
  private long conflicts;
  private long failed;

  /** Counts a verified POST; the first one for a key remembers its receipt code and content. */
  synchronized int posted(String key, String receiptCode, long contentHash) {
    posts++;
    Entry e = byKey.get(key);
    if (e == null) {
      e = new Entry(receiptCode, contentHash);
      byKey.put(key, e);
      order.add(key);
    }
    return ++e.posts;
  }

  /** Stores the dossier under its key unless it is there; a key never changes its content. */
  synchronized Outcome store(String key, long contentHash) {
    Entry e = byKey.get(key);
    if (e == null || e.contentHash != contentHash) {
      conflicts++;
      return Outcome.CONFLICT;
    }
    e.accepted++;
    if (e.stored) {
      replayed++;
      return Outcome.REPEAT;
    }
    e.stored = true;
    created++;
    return Outcome.NEW;
  }

  /** An answer was turned into a simulated failure after the dossier was stored: not an acceptance the gateway saw. */
  synchronized void answerLost(String key) {
    Entry e = byKey.get(key);
    if (e != null) e.accepted--;
    failed++;
  }

  synchronized void failedBeforeStore() {
    failed++;
  }

  /** Whether the key's content is {@code contentHash} or the key is new (a conflict is answered before any failure). */
  synchronized boolean conflicts(String key, long contentHash) {
    Entry e = byKey.get(key);
    return e != null && e.contentHash != contentHash;
  }

  synchronized long storedCount() {
    return created;
  }

  /**
   * The figures and one page of keys ({@code key}: only that one). {@code duplicateReceiptCodes}
   * lists receipt codes stored under more than one key: a dossier the gateway delivered twice.
   */
  synchronized JsonObject summary(int offset, int limit, String key) {
    Map<String, Integer> keysPerCode = new HashMap<>();
    for (Entry e : byKey.values()) {
      if (e.stored) keysPerCode.merge(e.receiptCode, 1, Integer::sum);
    }
    JsonArray duplicates = new JsonArray();
    int duplicateCount = 0;
    for (Map.Entry<String, Integer> c : keysPerCode.entrySet()) {
      if (c.getValue() > 1) {
        duplicateCount++;
        if (duplicates.size() < 100) duplicates.add(c.getKey());
      }
    }
    JsonObject deliveries = new JsonObject();
    List<String> page = key != null ? (byKey.containsKey(key) ? List.of(key) : List.of())
        : order.subList(Math.min(offset, order.size()), Math.min(offset + limit, order.size()));
    for (String k : page) {
      Entry e = byKey.get(k);
      deliveries.put(k, new JsonObject().put("receiptCode", e.receiptCode).put("stored", e.stored)
          .put("posts", e.posts).put("accepted", e.accepted));
    }
    return new JsonObject()
        .put("count", created)
        .put("keys", byKey.size())
        .put("receiptCodes", keysPerCode.size())
        .put("duplicateReceiptCodeCount", duplicateCount)
        .put("duplicateReceiptCodes", duplicates)
        .put("posts", posts)
        .put("created", created)
        .put("replayed", replayed)
        .put("conflicts", conflicts)
        .put("failed", failed)
        .put("offset", offset)
        .put("limit", limit)
        .put("deliveries", deliveries);
  }
}
