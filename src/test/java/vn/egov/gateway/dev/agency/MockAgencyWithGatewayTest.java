package vn.egov.gateway.dev.agency;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.dossier.DossierHistory;
import vn.egov.gateway.dossier.ExchangeTime;
import vn.egov.gateway.dossier.NewSubmission;
import vn.egov.gateway.dossier.Receipt;
import vn.egov.gateway.dossier.StatusChange;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.testing.GatewayHarness;

/**
 * The mock agency against the real gateway: keys from the gateway's own discovery and JWKS, and
 * statuses reported to its real agency listener, where they land in the store.
 */
class MockAgencyWithGatewayTest {
  private static final Path CERTS = Path.of("certs-dev");
  private static final String AGENCY = "000.22.30.H26";

  @Test
  void aDeliveredDossierIsProcessedAndItsStatusesReachTheGatewaysStore() throws Exception {
    try (GatewayHarness gateway = GatewayHarness.start(Map.of())) {
      // Given a stored dossier, and the mock agency pointed at this gateway, always asking for more documents
      var store = new SqlDossierStore(gateway.started().database());
      Instant now = Instant.now();
      Receipt receipt = store.submit(new NewSubmission("demo-portal", UUID.randomUUID().toString(), "h", "1.005099", AGENCY, "c-1",
          "s-1", "{\"a\":1}", now, now.plus(Duration.ofDays(9)), "test")).await().receipt();
      String issuer = gateway.baseUrl().replaceAll("/+$", "");
      MockAgencyConfig config = MockAgencyConfig.forTests(CERTS, URI.create(issuer), URI.create(issuer + "/.well-known/openid-configuration"),
              URI.create("https://localhost:" + gateway.started().agencyPort()))
          .withProgression(new MockAgencyConfig.Progression(true, Duration.ZERO, Duration.ZERO, 1.0, Duration.ofMillis(50)));
      MockAgencyServer agency = MockAgencyServer.start(gateway.vertx(), config).await();
      WebClient client = WebClient.create(gateway.vertx(), new WebClientOptions().setSsl(true).setVerifyHost(true)
          .setTrustOptions(new PemTrustOptions().addCertPath(CERTS.resolve("ca.crt").toString()))
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(CERTS.resolve("gateway-client.crt").toString())
              .setKeyPath(CERTS.resolve("gateway-client.key").toString())));
      try {
        // When the gateway's signed dossier is delivered (as the forwarder does)
        String key = UUID.randomUUID().toString();
        ECKey signing = SigningKeys.loadEcJwk(CERTS.resolve("gateway-signing-1.jwk"));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(DossierVerifier.TYPE).keyID(signing.getKeyID()).build(),
            new JWTClaimsSet.Builder().issuer(issuer).audience(AGENCY).issueTime(new Date()).jwtID(key)
                .claim("receipt_code", receipt.receiptCode()).claim("procedure_code", "1.005099")
                .claim("received_at", ExchangeTime.format(receipt.receivedAt())).claim("due_at", ExchangeTime.format(receipt.dueAt()))
                .claim("form", Map.of("a", 1)).build());
        jwt.sign(new ECDSASigner(signing));
        HttpResponse<Buffer> r = client.post(agency.actualPort(), "localhost", "/agencies/" + AGENCY + "/dossiers")
            .putHeader("Content-Type", "application/jose").putHeader("Idempotency-Key", key)
            .sendBuffer(Buffer.buffer(jwt.serialize())).await();
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);

        // Then the gateway's store shows the whole progression, applied in order
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        BooleanSupplier done = () -> store.find(receipt.receiptCode()).await().orElseThrow().dossier().status() == 10;
        while (!done.getAsBoolean()) {
          assertThat(System.nanoTime()).as("status 10 within 30 s").isLessThan(deadline);
          gateway.vertx().timer(50).await();
        }
        DossierHistory h = store.find(receipt.receiptCode()).await().orElseThrow();
        assertThat(h.changes()).extracting(StatusChange::status).containsExactly(1, 2, 4, 5, 4, 9, 10);
        assertThat(h.changes()).extracting(StatusChange::source).containsOnly(StatusChange.SOURCE_GATEWAY, StatusChange.SOURCE_AGENCY);
        JsonObject stats = WebClient.create(gateway.vertx()).get(agency.adminPort(), "localhost", MockAgencyServer.RECEIVED_PATH)
            .send().await().bodyAsJsonObject().getJsonObject("reports");
        assertThat(stats.getLong("abandoned")).isZero();
        assertThat(stats.getLong("finished")).isEqualTo(1);
      } finally {
        client.close();
        agency.close().await();
      }
    }
  }
}
