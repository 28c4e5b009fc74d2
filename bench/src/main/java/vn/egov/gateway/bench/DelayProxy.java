package vn.egov.gateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A reverse proxy in front of the mock VNeID that holds every request for a fixed time before
 * passing it on: a national IdP on the other side of a network, for the gateway's upstream calls
 * and for the browsers alike. Run with the mock's issuer set to the proxy's URL, so that every
 * URL the mock hands out (discovery, form, token, userinfo) leads through it.
 */
final class DelayProxy {
  private DelayProxy() {
  }

  static Future<HttpServer> start(Vertx vertx, int port, String target, long delayMillis) {
    var t = java.net.URI.create(target);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setDefaultHost(t.getHost())
        .setDefaultPort(t.getPort()), new PoolOptions().setHttp1MaxSize(512));
    return vertx.createHttpServer().requestHandler(in -> in.body().onSuccess(body -> vertx.setTimer(Math.max(1, delayMillis), id -> {
      RequestOptions o = new RequestOptions().setMethod(in.method()).setURI(in.uri()).setHeaders(in.headers());
      client.request(o)
          .compose(req -> req.send(body))
          .compose(resp -> resp.body().map(b -> {
            in.response().setStatusCode(resp.statusCode()).headers().setAll(resp.headers());
            in.response().headers().remove("transfer-encoding");
            in.response().end(b);
            return (Void) null;
          }))
          .onFailure(e -> {
            if (!in.response().ended()) in.response().setStatusCode(502).end(Buffer.buffer("proxy: " + e.getMessage()));
          });
    })).onFailure(e -> in.response().setStatusCode(400).end())).listen(port, "127.0.0.1");
  }
}
