package vn.egov.gateway.dev.agency;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;

/**
 * The gateway's signing keys, found through its discovery document ({@code jwks_uri}) and fetched
 * with Vert.x, never on a blocking thread. The set is cached for {@code ttl}; an unknown {@code kid}
 * fetches it again (key roll-over), but at most once per {@code minRefresh}, so a stream of forged
 * key ids cannot turn the mock into a fetch loop. Concurrent fetches share one request.
 */
final class GatewayKeys {
  private final WebClient client;
  private final URI discoveryUrl;
  private final long ttlNanos;
  private final long minRefreshNanos;
  private volatile JWKSet current;
  private volatile long fetchedAt;
  private Future<JWKSet> inFlight;

  GatewayKeys(WebClient client, URI discoveryUrl, Duration ttl, Duration minRefresh) {
    this.client = client;
    this.discoveryUrl = discoveryUrl;
    this.ttlNanos = ttl.toNanos();
    this.minRefreshNanos = minRefresh.toNanos();
  }

  /** The cached set as it is now (empty before the first fetch): verification reads it synchronously. */
  JWKSet snapshot() {
    JWKSet s = current;
    return s == null ? new JWKSet() : s;
  }

  /** Makes sure the key {@code kid} is in {@link #snapshot()} if the gateway publishes it; the key or null. */
  Future<JWK> key(String kid) {
    JWKSet s = current;
    long age = System.nanoTime() - fetchedAt;
    JWK known = s == null ? null : s.getKeyByKeyId(kid);
    if (known != null && age < ttlNanos) return Future.succeededFuture(known);
    if (s != null && known == null && age < minRefreshNanos) return Future.succeededFuture(null);
    return refresh().map(set -> set.getKeyByKeyId(kid));
  }

  private synchronized Future<JWKSet> refresh() {
    if (inFlight != null) return inFlight;
    Promise<JWKSet> promise = Promise.promise();
    inFlight = promise.future();
    get(discoveryUrl)
        .compose(r -> {
          String jwksUri = new JsonObject(r.body()).getString("jwks_uri");
          if (jwksUri == null) throw new IllegalStateException(discoveryUrl + " names no jwks_uri");
          return get(URI.create(jwksUri));
        })
        .map(r -> {
          try {
            return JWKSet.parse(r.bodyAsString());
          } catch (ParseException e) {
            throw new IllegalStateException("the gateway's JWKS is not a JWK set: " + e.getMessage());
          }
        })
        .onComplete(ar -> {
          synchronized (this) {
            inFlight = null;
            if (ar.succeeded()) {
              current = ar.result();
              fetchedAt = System.nanoTime();
            }
          }
          promise.handle(ar);
        });
    return promise.future();
  }

  private Future<HttpResponse<Buffer>> get(URI url) {
    boolean tls = "https".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : (tls ? 443 : 80);
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) path += "?" + url.getRawQuery();
    return client.get(port, url.getHost(), path).ssl(tls).timeout(5000).send().map(r -> {
      if (r.statusCode() != 200) throw new IllegalStateException("GET " + url + " answered " + r.statusCode());
      return r;
    });
  }
}
