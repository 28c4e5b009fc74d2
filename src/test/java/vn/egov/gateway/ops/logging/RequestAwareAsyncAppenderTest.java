package vn.egov.gateway.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * The production log path (logback.xml): an event loop queues its lines and goes on, even while
 * standard output does not take them, and each line still carries the request id of the request
 * it was logged for, though it is encoded later on another thread.
 */
class RequestAwareAsyncAppenderTest {
  /** Standard output whose writes wait until the test opens it, as a full pipe does. */
  static final class GatedStream extends OutputStream {
    final CountDownLatch open = new CountDownLatch(1);
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      synchronized (written) {
        written.write(b, off, len);
      }
    }

    List<String> lines() {
      synchronized (written) {
        String text = written.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
      }
    }
  }

  Vertx vertx;
  GatedStream out;
  RequestAwareAsyncAppender async;
  Logger logger;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    out = new GatedStream();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogLineEncoder encoder = new LogLineEncoder();
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> stdout = new OutputStreamAppender<>();
    stdout.setContext(context);
    stdout.setName("gated-stdout");
    stdout.setEncoder(encoder);
    stdout.setOutputStream(out);
    stdout.start();
    async = new RequestAwareAsyncAppender();
    async.setContext(context);
    async.setName("async-under-test");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    async.addAppender(stdout);
    async.start();
    logger = context.getLogger("vn.egov.gateway.test.async");
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(async);
  }

  @AfterEach
  void stop() {
    out.open.countDown();
    logger.detachAppender(async);
    async.stop();
    vertx.close().await();
  }

  @Test
  void anEventLoopLogsOnWhileStandardOutputIsStuckAndEachLineKeepsItsRequestId() throws Exception {
    ContextInternal request = ((ContextInternal) vertx.getOrCreateContext()).duplicate();
    CompletableFuture<Long> loggedInNanos = new CompletableFuture<>();
    request.runOnContext(v -> {
      request.localContextData().put(RequestIdHandler.CONTEXT_KEY, "req-7f3a");
      long t0 = System.nanoTime();
      for (int i = 0; i < 200; i++) logger.info("prefill released citizen=001190012345 n={}", i);
      loggedInNanos.complete(System.nanoTime() - t0);
    });

    // Standard output took nothing yet, and the loop is already done with its 200 lines.
    long nanos = loggedInNanos.get(5, TimeUnit.SECONDS);
    assertThat(TimeUnit.NANOSECONDS.toMillis(nanos)).isLessThan(2_000);
    assertThat(out.lines()).isEmpty();

    out.open.countDown();
    for (int i = 0; i < 100 && out.lines().size() < 200; i++) Thread.sleep(20);
    List<String> lines = out.lines();
    assertThat(lines).hasSize(200);
    for (int i = 0; i < lines.size(); i++) {
      JsonObject line = new JsonObject(lines.get(i));
      assertThat(line.getString("requestId")).isEqualTo("req-7f3a");
      assertThat(line.getString("message")).isEqualTo("prefill released citizen=*********345 n=" + i);
    }
  }

  @Test
  void aLineLoggedOutsideAnyRequestHasNoRequestId() throws Exception {
    out.open.countDown();
    logger.info("forwarder started");
    for (int i = 0; i < 100 && out.lines().isEmpty(); i++) Thread.sleep(20);
    assertThat(out.lines()).hasSize(1);
    assertThat(new JsonObject(out.lines().get(0)).containsKey("requestId")).isFalse();
  }
}
