package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The generated PEM files are what Vert.x {@code PemKeyCertOptions} and {@code PemTrustOptions} read. */
@ExtendWith(VertxExtension.class)
class DevPkiVertxTlsTest {
  @TempDir static Path dir;

  @BeforeAll
  static void generate() {
    DevPki.generate(dir, Clock.systemUTC());
  }

  @Test
  void mockRegisterOverMutualTlsSeesTheGatewayClientCertificate(Vertx vertx, VertxTestContext test) {
    // Given the mock register's HTTPS server requiring a client certificate from the dev CA
    HttpClient gateway = vertx.createHttpClient(clientOptions("gateway-client"));
    startRegister(vertx)
        // When the gateway calls it on localhost with its client certificate, checking the host name
        .compose(server -> get(gateway, server))
        .eventually(gateway::close)
        // Then the register saw the gateway's subject
        .onComplete(test.succeeding(body -> test.verify(() -> {
          assertThat(body.toString()).isEqualTo("CN=egov-gateway,O=egov-gateway development");
          test.completeNow();
        })));
  }

  @Test
  void mockRegisterRefusesAClientWithoutACertificate(Vertx vertx, VertxTestContext test) {
    HttpClient anonymous = vertx.createHttpClient(clientOptions(null));
    startRegister(vertx)
        .compose(server -> get(anonymous, server))
        .eventually(anonymous::close)
        .onComplete(test.failing(failure -> test.verify(() -> {
          assertThat(failure).hasRootCauseInstanceOf(SSLHandshakeException.class);
          test.completeNow();
        })));
  }

  /** Callers close the client once the call is over; that also keeps the client reachable until then. */
  private static Future<Buffer> get(HttpClient client, HttpServer server) {
    return client.request(HttpMethod.GET, server.actualPort(), "localhost", "/whoami")
        .compose(request -> request.send())
        .compose(response -> response.body());
  }

  private static Future<HttpServer> startRegister(Vertx vertx) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setSsl(true)
        .setKeyCertOptions(keyCert("mock-register"))
        .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("ca.crt").toString()))
        .setClientAuth(ClientAuth.REQUIRED);
    return vertx.createHttpServer(options)
        .requestHandler(request -> {
          try {
            X509Certificate peer = (X509Certificate) request.connection().peerCertificates().get(0);
            request.response().end(peer.getSubjectX500Principal().getName());
          } catch (SSLPeerUnverifiedException e) {
            request.response().setStatusCode(401).end();
          }
        })
        .listen();
  }

  private static HttpClientOptions clientOptions(String name) {
    HttpClientOptions options = new HttpClientOptions()
        .setSsl(true)
        .setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("ca.crt").toString()));
    return name == null ? options : options.setKeyCertOptions(keyCert(name));
  }

  private static PemKeyCertOptions keyCert(String name) {
    return new PemKeyCertOptions()
        .setCertPath(dir.resolve(name + ".crt").toString())
        .setKeyPath(dir.resolve(name + ".key").toString());
  }
}
