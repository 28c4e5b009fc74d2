package vn.egov.gateway.upstream;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;

/**
 * Sends a protocol message built by the Nimbus SDK over Vert.x {@link WebClient}, and hands the
 * answer back to Nimbus to parse: the library owns the protocol, Vert.x the transport.
 */
public final class NimbusHttp {
  private final WebClient client;
  private final long timeoutMillis;

  public NimbusHttp(WebClient client, long timeoutMillis) {
    this.client = client;
    this.timeoutMillis = timeoutMillis;
  }

  @SuppressWarnings("unchecked")
  public Future<HTTPResponse> send(HTTPRequest request) {
    var req = client.requestAbs(HttpMethod.valueOf(request.getMethod().name()), request.getURI().toString())
        .timeout(timeoutMillis);
    ((Map<String, List<String>>) request.getHeaderMap()).forEach((name, values) -> req.putHeader(name, values));
    traced(req);
    String body = request.getBody();
    Future<HttpResponse<Buffer>> sent = body == null ? req.send() : req.sendBuffer(Buffer.buffer(body));
    return sent.map(NimbusHttp::toNimbus);
  }

  public Future<HttpResponse<Buffer>> get(String url, String accept) {
    var req = client.getAbs(url).putHeader("Accept", accept).timeout(timeoutMillis);
    traced(req);
    return req.send();
  }

  /** The request being served travels to the IdP as a W3C trace context (same trace, new span). */
  private static void traced(io.vertx.ext.web.client.HttpRequest<Buffer> req) {
    String traceparent = vn.egov.gateway.web.RequestIdHandler.outboundTraceparent();
    if (traceparent != null) req.putHeader("traceparent", traceparent);
  }

  static HTTPResponse toNimbus(HttpResponse<Buffer> r) {
    HTTPResponse out = new HTTPResponse(r.statusCode());
    r.headers().forEach(h -> {
      if (!h.getKey().equalsIgnoreCase("Content-Type")) out.setHeader(h.getKey(), h.getValue());
    });
    String ct = r.getHeader("Content-Type");
    if (ct != null) {
      try {
        out.setContentType(ct);
      } catch (ParseException e) {
        // An unparseable content type is treated as absent; the body parser then refuses the answer.
      }
    }
    Buffer body = r.body();
    if (body != null) out.setBody(body.toString());
    return out;
  }
}
