package vn.egov.gateway.ops.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * One JSON object per line (DESIGN.md section 6), or with {@code format=text} one readable line
 * for a developer's console with the same content: time, level, logger, thread, the request id of
 * the request being served (from the MDC, or from the Vert.x request context, which follows the
 * request's asynchronous steps where a thread-local MDC cannot), the message and any stack
 * trace, both masked by {@link Masking}. The request id is read when the event is encoded, so the
 * appender using this encoder must be synchronous (a plain console or file appender).
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NONE = new byte[0];
  private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(java.time.ZoneId.systemDefault());
  private boolean text;

  /** {@code json} (the default) or {@code text}; anything else is JSON. */
  public void setFormat(String format) {
    this.text = "text".equalsIgnoreCase(format == null ? "" : format.trim());
  }

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    if (text) return textLine(event);
    JsonObject line = new JsonObject()
        .put("ts", Instant.ofEpochMilli(event.getTimeStamp()).toString())
        .put("level", event.getLevel().toString())
        .put("logger", event.getLoggerName())
        .put("thread", event.getThreadName());
    String requestId = requestId(event);
    if (requestId != null) line.put("requestId", requestId);
    line.put("message", Masking.mask(event.getFormattedMessage()));
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) line.put("exception", Masking.mask(ThrowableProxyUtil.asString(thrown)));
    return (line.encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] textLine(ILoggingEvent event) {
    StringBuilder b = new StringBuilder()
        .append(CLOCK.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ')
        .append(String.format("%-5s", event.getLevel())).append(" [");
    String requestId = requestId(event);
    b.append(requestId == null ? "-" : requestId).append("] ").append(event.getLoggerName()).append(" - ")
        .append(Masking.mask(event.getFormattedMessage())).append('\n');
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) b.append(Masking.mask(ThrowableProxyUtil.asString(thrown))).append('\n');
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String requestId(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String fromMdc = mdc == null ? null : mdc.get(RequestIdHandler.KEY);
    return fromMdc != null ? fromMdc : RequestIdHandler.current();
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
