package vn.egov.gateway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import vn.egov.gateway.crypto.PemFiles;

/**
 * A WireMock agency back end on a random HTTPS port that requires a client certificate issued by
 * the dev CA (mutual TLS, as docs/agency-interface.md says), with the dev PKI's mock-agency server
 * certificate. It counts requests being served at once, to check in-flight limits.
 */
public final class AgencyStub implements AutoCloseable {
  private static final String PASSWORD = "test-only";
  private final WireMockServer server;
  private final Concurrency concurrency;

  private AgencyStub(WireMockServer server, Concurrency concurrency) {
    this.server = server;
    this.concurrency = concurrency;
  }

  public static AgencyStub start() {
    try {
      Path dir = Files.createTempDirectory("agency-stub");
      X509Certificate ca = PemFiles.readCertificate(Path.of("certs-dev/ca.crt"));
      X509Certificate cert = PemFiles.readCertificate(Path.of("certs-dev/mock-agency.crt"));
      PrivateKey key = PemFiles.readPrivateKey(Path.of("certs-dev/mock-agency.key"));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("mock-agency", key, PASSWORD.toCharArray(), new Certificate[] {cert, ca});
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("dev-ca", ca);
      Path keyStore = write(dir.resolve("keys.p12"), keys);
      Path trustStore = write(dir.resolve("trust.p12"), trust);
      Concurrency concurrency = new Concurrency();
      WireMockServer server = new WireMockServer(options()
          .httpDisabled(true)
          .dynamicHttpsPort()
          .keystorePath(keyStore.toString()).keystorePassword(PASSWORD).keyManagerPassword(PASSWORD).keystoreType("PKCS12")
          .needClientAuth(true)
          .trustStorePath(trustStore.toString()).trustStorePassword(PASSWORD).trustStoreType("PKCS12")
          .containerThreads(40)
          .extensions(concurrency));
      server.start();
      return new AgencyStub(server, concurrency);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the agency stub", e);
    }
  }

  private static Path write(Path file, KeyStore store) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD.toCharArray());
    }
    file.toFile().deleteOnExit();
    return file;
  }

  public WireMockServer server() {
    return server;
  }

  /** Where agency {@code code} listens: {@code POST <this>/dossiers}. */
  public String baseUrl(String code) {
    return "https://localhost:" + server.httpsPort() + "/agencies/" + code;
  }

  /** Every delivery received so far, in order. */
  public List<LoggedRequest> deliveries() {
    return server.findAll(postRequestedFor(urlPathMatching("/agencies/.+/dossiers")));
  }

  /** The most requests ever in progress at once. */
  public int maxConcurrent() {
    return concurrency.max.get();
  }

  /** Requests received whose response has not been sent yet. */
  public int inProgress() {
    return concurrency.now.get();
  }

  @Override
  public void close() {
    server.stop();
  }

  /**
   * In progress from the request's arrival until its response has been sent; WireMock applies a
   * fixed delay after {@code beforeResponseSent}, so the end is {@code afterComplete}.
   */
  private static final class Concurrency implements ServeEventListener {
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();

    @Override
    public void beforeMatch(ServeEvent event, Parameters parameters) {
      int n = now.incrementAndGet();
      max.accumulateAndGet(n, Math::max);
    }

    @Override
    public void afterComplete(ServeEvent event, Parameters parameters) {
      now.decrementAndGet();
    }

    @Override
    public String getName() {
      return "concurrency";
    }
  }
}
