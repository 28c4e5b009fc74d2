package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated PKI works for real TLS with the JDK's own stack: plain SSL sockets on random
 * loopback ports, one connection per test.
 */
class DevPkiTlsTest {
  private static final int TIMEOUT_MS = 5_000;
  private static final char[] PASSWORD = "unused".toCharArray();

  @TempDir static Path dir;
  static ExecutorService serverThread;

  @BeforeAll
  static void generate() {
    DevPki.generate(dir, Clock.systemUTC());
    serverThread = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    serverThread.shutdownNow();
    serverThread.awaitTermination(TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  @Test
  void clientTrustingTheDevCaAcceptsTheGatewayCertificateForLocalhost() throws Exception {
    // Given the gateway's server certificate, no client authentication
    try (SSLServerSocket server = listen(context("gateway"), false)) {
      CompletableFuture<Principal> accepted = serveOne(server);

      // When a client that trusts only the dev CA and checks the host name connects to "localhost"
      try (SSLSocket client = connect(context(null), server, "localhost")) {
        exchange(client);

        // Then the handshake succeeds and the client saw the gateway's certificate
        X509Certificate seen = (X509Certificate) client.getSession().getPeerCertificates()[0];
        assertThat(seen).isEqualTo(PemFiles.readCertificate(dir.resolve("gateway.crt")));
      }
      assertThat(accepted.get(TIMEOUT_MS, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void hostNameCheckRejectsANameTheCertificateDoesNotCarry() throws Exception {
    try (SSLServerSocket server = listen(context("gateway"), false)) {
      CompletableFuture<Principal> accepted = serveOne(server);

      try (SSLSocket client = connect(context(null), server, "gateway.example.vn")) {
        assertThatThrownBy(() -> exchange(client))
            .isInstanceOf(SSLHandshakeException.class)
            .hasMessageContaining("gateway.example.vn");
      }
      assertThat(accepted).failsWithin(Duration.ofMillis(TIMEOUT_MS));
    }
  }

  @Test
  void clientTrustingAnotherCaRejectsTheGatewayCertificate() throws Exception {
    try (SSLServerSocket server = listen(context("gateway"), false)) {
      CompletableFuture<Principal> accepted = serveOne(server);

      try (SSLSocket client = connect(contextTrusting(otherCa()), server, "localhost")) {
        assertThatThrownBy(() -> exchange(client)).isInstanceOf(SSLHandshakeException.class);
      }
      assertThat(accepted).failsWithin(Duration.ofMillis(TIMEOUT_MS));
    }
  }

  @Test
  void registerAcceptsTheGatewayClientCertificate() throws Exception {
    // Given the mock register's certificate, client certificates required
    try (SSLServerSocket server = listen(context("mock-register"), true)) {
      CompletableFuture<Principal> accepted = serveOne(server);

      // When the gateway connects with its client certificate
      try (SSLSocket client = connect(context("gateway-client"), server, "localhost")) {
        exchange(client);
      }

      // Then the register knows it is talking to the gateway
      assertThat(accepted.get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
          .hasToString("CN=egov-gateway, O=egov-gateway development");
    }
  }

  @Test
  void registerRefusesAClientWithoutACertificate() throws Exception {
    try (SSLServerSocket server = listen(context("mock-register"), true)) {
      CompletableFuture<Principal> accepted = serveOne(server);

      try (SSLSocket client = connect(context(null), server, "localhost")) {
        // TLS 1.3 may finish the client's side first, so the refusal can arrive on the first read
        assertThatThrownBy(() -> exchange(client)).isInstanceOf(IOException.class);
      }

      assertThatThrownBy(() -> accepted.get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void registerRefusesAServerCertificateUsedAsAClientCertificate() throws Exception {
    // gateway.crt carries only serverAuth; the JDK enforces the clientAuth EKU (RFC 5280 4.2.1.12)
    try (SSLServerSocket server = listen(context("mock-register"), true)) {
      CompletableFuture<Principal> accepted = serveOne(server);

      try (SSLSocket client = connect(context("gateway"), server, "localhost")) {
        assertThatThrownBy(() -> exchange(client)).isInstanceOf(IOException.class);
      }

      assertThatThrownBy(() -> accepted.get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
          .hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }

  private static SSLServerSocket listen(SSLContext context, boolean needClientAuth) throws IOException {
    SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(needClientAuth);
    server.setSoTimeout(TIMEOUT_MS);
    return server;
  }

  /** Accepts one connection, echoes one byte, and yields the client's certificate subject if any. */
  private static CompletableFuture<Principal> serveOne(SSLServerSocket server) {
    CompletableFuture<Principal> accepted = new CompletableFuture<>();
    serverThread.execute(() -> {
      try (SSLSocket socket = (SSLSocket) server.accept()) {
        socket.setSoTimeout(TIMEOUT_MS);
        socket.startHandshake();
        socket.getOutputStream().write(socket.getInputStream().read());
        socket.getOutputStream().flush();
        Principal peer = server.getNeedClientAuth() ? socket.getSession().getPeerPrincipal() : null;
        accepted.complete(peer);
      } catch (IOException | RuntimeException e) {
        accepted.completeExceptionally(e);
      }
    });
    return accepted;
  }

  /** A TLS client to the server's loopback port that presents {@code host} for SNI and host checks. */
  private static SSLSocket connect(SSLContext context, SSLServerSocket server, String host) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()), TIMEOUT_MS);
    plain.setSoTimeout(TIMEOUT_MS);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, server.getLocalPort(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    socket.setSSLParameters(parameters);
    return socket;
  }

  private static void exchange(SSLSocket client) throws IOException {
    client.startHandshake();
    client.getOutputStream().write(42);
    client.getOutputStream().flush();
    int echoed = client.getInputStream().read();
    if (echoed != 42) throw new SSLException("connection closed before the echo (read " + echoed + ")");
  }

  /** Trusts the dev CA; presents {@code name.crt/.key} with its chain if a name is given. */
  private static SSLContext context(String name) throws Exception {
    KeyManagerFactory keyManagers = null;
    if (name != null) {
      X509Certificate cert = PemFiles.readCertificate(dir.resolve(name + ".crt"));
      X509Certificate ca = PemFiles.readCertificate(dir.resolve("ca.crt"));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(name, PemFiles.readPrivateKey(dir.resolve(name + ".key")), PASSWORD,
          new X509Certificate[] {cert, ca});
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
    }
    TrustManagerFactory trust = trustManagers(PemFiles.readCertificate(dir.resolve("ca.crt")));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
        trust.getTrustManagers(), null);
    return context;
  }

  private static SSLContext contextTrusting(X509Certificate anchor) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers(anchor).getTrustManagers(), null);
    return context;
  }

  private static TrustManagerFactory trustManagers(X509Certificate anchor) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", anchor);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    return trust;
  }

  private static X509Certificate otherCa() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return DevPki.selfSignedCa(DevPki.newEcKeyPair(), "CN=Some Other CA,O=elsewhere", now, now.plus(1, ChronoUnit.DAYS));
  }
}
