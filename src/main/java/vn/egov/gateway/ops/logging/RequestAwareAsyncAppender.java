package vn.egov.gateway.ops.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * Logback's {@link AsyncAppender}, so that an event loop hands its log lines to a queue instead of
 * writing them to standard output itself: a slow reader of the output (a full pipe, a stalled log
 * collector) then no longer stops the loop and every request on it. The line is encoded later on
 * the appender's thread, where the Vert.x request context that {@link LogLineEncoder} reads the
 * request id from is gone, so the id is put into the event's MDC here, on the logging thread.
 *
 * <p>Configured in logback.xml without discarding (a full queue makes the caller wait, as writing
 * directly did), and flushed by logback's shutdown hook when the JVM exits.
 */
public final class RequestAwareAsyncAppender extends AsyncAppender {
  @Override
  protected void preprocess(ILoggingEvent event) {
    String requestId = RequestIdHandler.current();
    if (requestId != null && event instanceof LoggingEvent e) {
      Map<String, String> mdc = MDC.getCopyOfContextMap();
      Map<String, String> withId = mdc == null ? new HashMap<>() : new HashMap<>(mdc);
      withId.putIfAbsent(RequestIdHandler.KEY, requestId);
      try {
        e.setMDCPropertyMap(withId);
      } catch (IllegalStateException alreadyRead) {
        // An appender before this one read the MDC: it encoded its line with the id already.
      }
    }
    super.preprocess(event);
  }
}
