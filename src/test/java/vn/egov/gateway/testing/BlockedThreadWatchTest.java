package vn.egov.gateway.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

/** The event-loop check the harnesses rely on does catch a blocked loop. */
class BlockedThreadWatchTest {
  @Test
  void aBlockedEventLoopIsCaught() throws Exception {
    int mark = BlockedThreadWatch.mark();
    Vertx vertx = Vertx.vertx(BlockedThreadWatch.options());
    try {
      // Deliberately what production code must never do: sleep on an event loop.
      vertx.runOnContext(v -> {
        try {
          Thread.sleep(1600);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      vertx.timer(1700).await();
    } finally {
      vertx.close().await();
    }
    assertThatThrownBy(() -> BlockedThreadWatch.assertNoneSince(mark)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("blocked");
  }
}
