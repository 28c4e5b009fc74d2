package vn.egov.gateway.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records Vert.x's blocked-thread warnings. The harnesses run Vert.x with a tight limit on event
 * loop execution time and fail when closing if anything was recorded: blocking an event loop is
 * measured in every test that starts the gateway, not guessed.
 */
public final class BlockedThreadWatch extends AppenderBase<ILoggingEvent> {
  private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    WARNINGS.add(event.getFormattedMessage());
  }

  public static int mark() {
    return WARNINGS.size();
  }

  /** Fails if an event loop was blocked since {@code mark}. */
  public static void assertNoneSince(int mark) {
    if (WARNINGS.size() > mark) {
      throw new AssertionError("an event loop was blocked: " + WARNINGS.subList(mark, WARNINGS.size()).get(0));
    }
  }

  /** Vert.x with the checks the harnesses use: an event-loop task over one second is reported (a real blocking call, not a slow first request on a loaded machine). */
  public static io.vertx.core.VertxOptions options() {
    return new io.vertx.core.VertxOptions()
        .setBlockedThreadCheckInterval(100)
        .setMaxEventLoopExecuteTime(1000)
        .setMaxEventLoopExecuteTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(900)
        .setWarningExceptionTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
