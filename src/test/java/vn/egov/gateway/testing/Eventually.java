package vn.egov.gateway.testing;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition with a deadline, on Vert.x timers, instead of sleeping a guessed time. */
public final class Eventually {
  private Eventually() {
  }

  public static void until(Vertx vertx, Duration timeout, String what, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.call()) return;
      } catch (Exception e) {
        throw new AssertionError("while waiting for " + what, e);
      }
      if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what);
      vertx.timer(20).await();
    }
  }
}
