package vn.egov.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up configuration: the shipped files load, and every mistake is named by file, key and problem. */
class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path write(String gateway, String clients) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.writeString(config.resolve("clients.yaml"), clients);
    Path file = config.resolve("gateway.yaml");
    Files.writeString(file, gateway);
    return file;
  }

  private static final String CLIENTS = """
      clients:
        - client-id: portal-a
          name: Cổng A
          purpose: Thử nghiệm
          secret: a-very-long-secret-of-at-least-thirty-two-chars
          redirect-uris: [https://a.example/cb]
          scopes: [openid, profile]
      """;

  private static final String CERTS = Path.of("certs-dev").toAbsolutePath().toString();

  private static final String PRODUCTION = """
      mode: production
      store:
        kind: postgresql
        host: db.internal
        database: egov
        user: egov
      register:
        base-url: https://register.example:8443
        client-cert: %1$s/gateway-client.crt
        client-key: %1$s/gateway-client.key
        trusted-ca: %1$s/ca.crt
      http:
        public-url: https://id.egov.example
      tokens:
        signing-keys: [keys/signing.jwk]
        pairwise-salt: 0123456789abcdef0123456789abcdef-salt
      upstream:
        discovery-url: https://sso.example/.well-known/openid-configuration
        client-id: egov
        client-secret: s3cret
      """.formatted(CERTS);

  @Test
  void theShippedDevConfigurationLoads() {
    GatewayConfig c = ConfigLoader.load(Path.of("config/gateway.yaml"), Map.of());
    assertThat(c.devMode()).isTrue();
    assertThat(c.issuer().toString()).isEqualTo("http://localhost:8080");
    assertThat(c.client("demo-portal")).get().satisfies(p -> {
      assertThat(p.redirectUris()).extracting(Object::toString).containsExactly("http://localhost:8081/callback");
      assertThat(p.scopes()).contains("openid", "profile", "identity_number", "address", "phone", "email", "prefill");
    });
    assertThat(c.upstream().claims().identityNumber()).isEqualTo("SoDinhDanh");
    assertThat(c.upstream().idTokenAlgorithms()).containsExactly("RS256");
  }

  @Test
  void aMinimalProductionFileLoadsWithSafeDefaults() throws Exception {
    GatewayConfig c = ConfigLoader.load(write(PRODUCTION, CLIENTS), Map.of());
    assertThat(c.devMode()).isFalse();
    assertThat(c.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.tokens().signingKeys().get(0)).isEqualTo(dir.resolve("keys/signing.jwk"));
    assertThat(c.client("portal-a")).isPresent();
    assertThat(c.store().kind()).isEqualTo(vn.egov.gateway.store.StoreOptions.Kind.POSTGRESQL);
    assertThat(c.store().port()).isEqualTo(5432);
  }

  @Test
  void opsKeysHaveSafeDefaultsAndAShortMetricsTokenIsRefused() throws Exception {
    GatewayConfig c = ConfigLoader.load(write(PRODUCTION, CLIENTS), Map.of());
    assertThat(c.ops().metricsToken()).isNull();
    assertThat(c.ops().readinessCache()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.ops().registerHealthPath()).isEqualTo("/health");
    assertThat(c.ops().gaugeRefresh()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.ops().statisticsRefresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.register().keepAlive()).isEqualTo(Duration.ofMinutes(5));
    assertThat(ConfigLoader.load(write(PRODUCTION, CLIENTS), Map.of("EGOV_REGISTER_KEEP_ALIVE", "PT30S")).register().keepAlive())
        .isEqualTo(Duration.ofSeconds(30));
    Path file = write(PRODUCTION + """
        ops:
          metrics-token: short
          readiness-cache: PT0.5S
          register-health-path: health
          statistics-refresh: PT0.1S
        """, CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            file + ": ops.metrics-token: must be at least 32 characters",
            file + ": ops.register-health-path: must start with / (got 'health')",
            file + ": ops.statistics-refresh: must be at least PT1S"));
    Path production = write(PRODUCTION, CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(production, Map.of("EGOV_REGISTER_KEEP_ALIVE", "PT2H")))
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
            production + ": register.keep-alive: must be between PT1S and PT1H (got PT2H)"));
    GatewayConfig tuned = ConfigLoader.load(write(PRODUCTION, CLIENTS), Map.of("EGOV_OPS_READINESS_CACHE", "PT0.5S",
        "EGOV_OPS_METRICS_TOKEN", "m".repeat(40)));
    assertThat(tuned.ops().readinessCache()).isEqualTo(Duration.ofMillis(500));
    assertThat(tuned.ops().metricsToken()).hasSize(40);
  }

  @Test
  void anEmbeddedStoreIsRefusedOutsideDevMode() throws Exception {
    Path file = write(PRODUCTION.replace("kind: postgresql", "kind: embedded"), CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessageContaining(file + ": store.kind: must be postgresql outside dev mode");
  }

  @Test
  void anEnvironmentVariableOverridesOneKey() throws Exception {
    GatewayConfig c = ConfigLoader.load(write(PRODUCTION, CLIENTS),
        Map.of("EGOV_HTTP_PORT", "9443", "EGOV_UPSTREAM_CLIENT_SECRET", "from-env", "EGOV_TOKENS_ACCESS_TOKEN_TTL", "PT2M"));
    assertThat(c.http().port()).isEqualTo(9443);
    assertThat(c.upstream().clientSecret()).isEqualTo("from-env");
    assertThat(c.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void everyProblemNamesFileKeyAndWhatIsWrong() throws Exception {
    Path file = write(PRODUCTION.replace("https://id.egov.example", "http://id.egov.example") + """
        session:
          ttl: eight hours
        """, CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("EGOV_HTTP_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            file + ": http.port: must be between 0 and 65535 (got 70000)",
            file + ": http.public-url: must be https outside dev mode (got 'http://id.egov.example')",
            file + ": session.ttl: must be an ISO-8601 duration such as PT5M (got 'eight hours')"));
  }

  @Test
  void missingRequiredKeysAreAllReported() throws Exception {
    Path file = write("mode: production\n", CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ": http.public-url: is required")
        .hasMessageContaining(file + ": tokens.signing-keys: is required")
        .hasMessageContaining(file + ": upstream.discovery-url: is required")
        .hasMessageContaining(file + ": upstream.client-id: is required")
        .hasMessageContaining(file + ": register.base-url: is required");
  }

  @Test
  void clientMistakesNameTheClientsFileAndTheEntry() throws Exception {
    Path file = write(PRODUCTION, """
        clients:
          - client-id: portal-a
            name: A
            purpose: P
            secret: short
            redirect-uris: [http://a.example/cb, "https://a.example/cb#frag"]
            scopes: [openid, everything]
          - client-id: portal-a
            name: B
            purpose: P
            auth-method: private_key_jwt
            redirect-uris: [https://b.example/cb]
        """);
    Path clients = file.getParent().resolve("clients.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).contains(
            clients + ": clients[0].secret: must be at least 32 characters outside dev mode",
            clients + ": clients[0].redirect-uris: 'http://a.example/cb' must be https outside dev mode",
            clients + ": clients[0].redirect-uris: 'https://a.example/cb#frag' must be absolute and without a fragment (RFC 6749 section 3.1.2)",
            clients + ": clients[0].scopes: 'everything' is not in the scope catalogue",
            clients + ": clients[1].client-id: 'portal-a' is registered twice",
            clients + ": clients[1].jwks: is required with auth-method private_key_jwt (the portal's public keys)"));
  }

  @Test
  void brokenYamlNamesTheFile() throws Exception {
    Path file = write("http: [unclosed\n", CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ": is not valid YAML");
  }

  @Test
  void aMissingClientsFileIsNamed() throws Exception {
    Path file = write(PRODUCTION + "clients-file: nowhere.yaml\n", CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nowhere.yaml: file not found");
  }

  @Test
  void aPlainHttpRegisterIsRefusedOutsideDevModeAndMissingTlsFilesAreNamed() throws Exception {
    Path file = write(PRODUCTION.replace("https://register.example:8443", "http://register.example")
        .replace("/ca.crt", "/no-such-ca.crt"), CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessageContaining(file + ": register.base-url: must be https (mutual TLS) outside dev mode")
        .hasMessageContaining("no-such-ca.crt cannot be read");
  }

  @Test
  void hmacOrNoneAreNotAcceptedForUpstreamIdTokens() throws Exception {
    Path file = write(PRODUCTION + "  id-token-algorithms: [RS256, HS256, none]\n", CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessageContaining("upstream.id-token-algorithms: 'HS256' is not allowed")
        .hasMessageContaining("upstream.id-token-algorithms: 'none' is not allowed");
  }

  @Test
  void theShippedDevConfigurationDeliversToBothAgenciesOfTheCatalogue() {
    GatewayConfig c = ConfigLoader.load(Path.of("config/gateway.yaml"), Map.of());
    assertThat(c.agencies()).extracting(AgencyConfig::code).containsExactly("000.21.30.H26", "000.22.30.H26");
    assertThat(c.agency("000.21.30.H26")).get().satisfies(a -> {
      assertThat(a.dossiersUrl()).isEqualTo("https://localhost:9200/agencies/000.21.30.H26/dossiers");
      assertThat(a.maxInFlight()).isEqualTo(c.delivery().maxInFlight());
    });
    assertThat(c.delivery().clientCert()).isEqualTo(Path.of("certs-dev/gateway-client.crt").toAbsolutePath());
    assertThat(c.delivery().enabled()).isTrue();
    assertThat(c.ops().users()).extracting(OpsConfig.User::username).containsExactly("ops");
  }

  @Test
  void anAgencyIsOverriddenByItsPositionInTheList() {
    GatewayConfig c = ConfigLoader.load(Path.of("config/gateway.yaml"),
        Map.of("EGOV_AGENCIES_1_BASE_URL", "https://agency.example:8443/in", "EGOV_AGENCIES_1_MAX_IN_FLIGHT", "3"));
    assertThat(c.agencies().get(1).dossiersUrl()).isEqualTo("https://agency.example:8443/in/dossiers");
    assertThat(c.agencies().get(1).maxInFlight()).isEqualTo(3);
    assertThat(c.agencies().get(0).dossiersUrl()).startsWith("https://localhost:9200/");
  }

  @Test
  void agencyDeliveryAndOpsMistakesAreNamed() throws Exception {
    Path file = write(PRODUCTION + """
        agencies:
          - code: 000.21.30.H26
            base-url: http://agency.example/in
          - code: 000.21.30.H26
            base-url: https://agency.example/in
            timeout: PT30S
          - code: not a code
            base-url: https://agency.example/x
        delivery:
          lease-duration: PT60S
          retry:
            initial-backoff: PT10M
            max-backoff: PT1M
        ops:
          users:
            - username: "a:b"
              password-hash: plain-text
        """, CLIENTS);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ": agencies[0].base-url: must be https (mutual TLS) outside dev mode")
        .hasMessageContaining(file + ": agencies[1].code: '000.21.30.H26' is configured twice")
        .hasMessageContaining(file + ": delivery.lease-duration: must be at least three times connect-timeout + timeout of agency 000.21.30.H26")
        .hasMessageContaining(file + ": agencies[2].code: agency code 'not a code' must be")
        .hasMessageContaining(file + ": delivery.retry.max-backoff: must not be shorter than delivery.retry.initial-backoff")
        .hasMessageContaining(file + ": delivery.client-cert: is required for mutual TLS with https agencies")
        .hasMessageContaining(file + ": ops.users[0].username: must not contain ':'")
        .hasMessageContaining(file + ": ops.users[0].password-hash: must be pbkdf2-sha256$<iterations>$<salt>$<hash>");
  }
}
