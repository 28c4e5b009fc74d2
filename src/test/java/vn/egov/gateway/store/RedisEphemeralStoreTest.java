package vn.egov.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.testing.Services;

/** The Redis store keeps the contract the login state relies on, across connections (i.e. instances). */
class RedisEphemeralStoreTest {
  private Vertx vertx;
  private RedisEphemeralStore a;
  private RedisEphemeralStore b;

  @BeforeEach
  void start() {
    Services.requireRedis();
    vertx = Vertx.vertx();
    String prefix = "egov-test-" + UUID.randomUUID() + ":";
    a = new RedisEphemeralStore(vertx, Services.REDIS_URL, prefix);
    b = new RedisEphemeralStore(vertx, Services.REDIS_URL, prefix);
  }

  @AfterEach
  void stop() {
    if (vertx != null) vertx.close().await();
  }

  @Test
  void whatOneInstanceStoresAnotherReadsUntilItExpires() {
    a.put("session:1", "{\"x\":1}", Duration.ofMillis(300)).await();
    assertThat(b.get("session:1").await()).isEqualTo("{\"x\":1}");
    vertx.timer(400).await();
    assertThat(b.get("session:1").await()).isNull();
  }

  @Test
  void putIfAbsentIsTrueOnlyForTheFirstWriter() {
    assertThat(a.putIfAbsent("jti:x", "1", Duration.ofSeconds(5)).await()).isTrue();
    assertThat(b.putIfAbsent("jti:x", "2", Duration.ofSeconds(5)).await()).isFalse();
    assertThat(a.get("jti:x").await()).isEqualTo("1");
  }

  @Test
  void ofManyConcurrentTakesAcrossInstancesExactlyOneGetsTheCode() {
    a.put("code:c", "grant", Duration.ofSeconds(5)).await();
    List<Future<String>> takes = new ArrayList<>();
    for (int i = 0; i < 20; i++) takes.add((i % 2 == 0 ? a : b).take("code:c"));
    Future.all(takes).await();
    assertThat(takes.stream().map(Future::result).filter(v -> v != null).toList()).containsExactly("grant");
  }

  @Test
  void deleteRemoves() {
    a.put("grant:g", "v", Duration.ofSeconds(5)).await();
    b.delete("grant:g").await();
    assertThat(a.get("grant:g").await()).isNull();
  }
}
