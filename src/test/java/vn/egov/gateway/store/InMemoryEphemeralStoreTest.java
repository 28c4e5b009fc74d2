package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The contract the login state relies on: expiry, set-if-absent for replay caches, atomic take for single-use codes. */
class InMemoryEphemeralStoreTest {
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-11-27T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private final MovableClock clock = new MovableClock();
  private final InMemoryEphemeralStore store = new InMemoryEphemeralStore(clock);

  @Test
  void valuesExpireAfterTheirTimeToLive() {
    store.put("k", "v", Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(59));
    assertThat(store.get("k").result()).isEqualTo("v");
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.get("k").result()).isNull();
    assertThat(store.take("k").result()).isNull();
  }

  @Test
  void putIfAbsentStoresOnceAndAgainAfterExpiry() {
    assertThat(store.putIfAbsent("jti", "1", Duration.ofSeconds(10)).result()).isTrue();
    assertThat(store.putIfAbsent("jti", "2", Duration.ofSeconds(10)).result()).isFalse();
    assertThat(store.get("jti").result()).isEqualTo("1");
    clock.advance(Duration.ofSeconds(10));
    assertThat(store.putIfAbsent("jti", "3", Duration.ofSeconds(10)).result()).isTrue();
  }

  @Test
  void takeGivesTheValueToExactlyOneOfManyConcurrentCallers() throws Exception {
    for (int round = 0; round < 200; round++) {
      store.put("code", "c" + round, Duration.ofMinutes(1));
      ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      for (int i = 0; i < 4; i++) {
        pool.submit(() -> {
          go.await();
          String v = store.take("code").result();
          if (v != null) got.add(v);
          return null;
        });
      }
      go.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(got).containsExactly("c" + round);
    }
  }

  @Test
  void sweepDropsOnlyExpiredEntries() {
    store.put("short", "v", Duration.ofSeconds(1));
    store.put("long", "v", Duration.ofHours(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.get("long").result()).isEqualTo("v");
  }
}
