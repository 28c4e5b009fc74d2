package vn.egov.gateway.dev.vneid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.config.ConfigException;

class MockVneidConfigTest {
  private static final Path SHIPPED = Path.of("config", "mock-vneid.yaml");

  @Test
  void theShippedDevConfigLoadsWithItsDefaults() {
    MockVneidConfig c = MockVneidConfig.load(SHIPPED, Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.issuer()).isEqualTo(URI.create("http://localhost:9000"));
    assertThat(c.seed()).isEqualTo(20220701L);
    assertThat(c.population()).isEqualTo(1_000_000);
    assertThat(c.listedCitizens()).isEqualTo(20);
    assertThat(c.lockoutAfter()).isEqualTo(5);
    assertThat(c.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.codeTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.tokenTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.signingKey().getKeyID()).isEqualTo("dev-mock-vneid-1");
    assertThat(c.signingKey().isPrivate()).isTrue();
    assertThat(c.signingKey().size()).isEqualTo(2048);
    assertThat(c.clients()).hasSize(1);
    MockVneidConfig.Client client = c.client("egov-gateway").orElseThrow();
    assertThat(client.clientSecret()).isEqualTo("egov-gateway-dev-secret");
    assertThat(client.redirectUris()).containsExactly(URI.create("http://localhost:8080/login/callback"));
  }

  @Test
  void environmentVariablesOverrideSingleKeys() {
    MockVneidConfig c = MockVneidConfig.load(SHIPPED, Map.of(
        "EGOV_MOCK_VNEID_PORT", "9001",
        "EGOV_MOCK_VNEID_ISSUER", "http://127.0.0.1:9001",
        "EGOV_MOCK_VNEID_LOCKOUT_AFTER", "3",
        "EGOV_MOCK_VNEID_LISTED_CITIZENS", "50"));
    assertThat(c.port()).isEqualTo(9001);
    assertThat(c.issuer()).isEqualTo(URI.create("http://127.0.0.1:9001"));
    assertThat(c.lockoutAfter()).isEqualTo(3);
    assertThat(c.listedCitizens()).isEqualTo(50);
  }

  @Test
  void withoutAnIssuerTheDefaultFollowsThePortAndPortZeroLeavesItToTheServer(@TempDir Path root) throws Exception {
    Path file = project(root, "port: 9123\n" + keyAndClient());
    assertThat(MockVneidConfig.load(file, Map.of()).issuer()).isEqualTo(URI.create("http://localhost:9123"));
    Path zero = project(root, "port: 0\n" + keyAndClient());
    assertThat(MockVneidConfig.load(zero, Map.of()).issuer()).isNull();
  }

  @Test
  void everyProblemIsReportedWithFileAndKey(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("ec.jwk"), new ECKeyGenerator(Curve.P_256).keyID("ec").generate().toJSONString());
    Path file = project(root, """
        port: 70000
        issuer: http://localhost:9000/vneid
        seed: twelve
        population: 2000000
        lockout:
          duration: fifteen minutes
        code-ttl: PT1H
        signing-key: ec.jwk
        clients:
          - client-id: a
            redirect-uris: [ "relative/path" ]
          - client-id: a
            client-secret: s
            redirect-uris: [ "http://localhost/cb" ]
        """);
    assertThatThrownBy(() -> MockVneidConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            file + ": port: must be between 0 and 65535 (got 70000)",
            file + ": issuer: must be scheme://host[:port] without path or query: the mock serves its endpoints from / (got 'http://localhost:9000/vneid')",
            file + ": seed: must be a whole number (got 'twelve')",
            file + ": population: must be between 1 and 1000000 (got 2000000)",
            file + ": lockout.duration: must be an ISO-8601 duration such as PT5M (got 'fifteen minutes')",
            file + ": code-ttl: must be at most PT10M (RFC 6749 section 4.1.2)",
            file + ": signing-key: " + root.resolve("ec.jwk") + ": must be an RSA key (RS256), not EC",
            file + ": clients[0].client-secret: is required",
            file + ": clients[0].redirect-uris: 'relative/path' must be absolute and without a fragment (RFC 6749 section 3.1.2)",
            file + ": clients[0].redirect-uris: needs at least one URI",
            file + ": clients[1].client-id: 'a' is registered twice"));
  }

  @Test
  void aMissingKeyFileOrClientListIsReported(@TempDir Path root) throws Exception {
    Path file = project(root, "signing-key: nowhere.jwk\n");
    assertThatThrownBy(() -> MockVneidConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("signing-key: " + root.resolve("nowhere.jwk") + ": cannot be read")
        .hasMessageContaining("clients: needs at least one client");
  }

  @Test
  void aPublicOnlyKeyIsRefused(@TempDir Path root) throws Exception {
    Files.writeString(root.resolve("public.jwk"), new RSAKeyGenerator(2048).keyID("k").generate().toPublicJWK().toJSONString());
    Path file = project(root, "signing-key: public.jwk\n" + client());
    assertThatThrownBy(() -> MockVneidConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("public.jwk: holds no private key");
  }

  /** A project folder like the real one: config/mock-vneid.yaml, paths relative to the folder above config/. */
  private static Path project(Path root, String yaml) throws Exception {
    Path config = Files.createDirectories(root.resolve("config"));
    Path file = config.resolve("mock-vneid-" + Math.abs(yaml.hashCode()) + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static String keyAndClient() throws Exception {
    return "signing-key: " + Path.of("certs-dev", "mock-vneid-signing.jwk").toAbsolutePath() + "\n" + client();
  }

  private static String client() {
    return """
        clients:
          - client-id: c
            client-secret: s
            redirect-uris: [ "http://localhost/cb" ]
        """;
  }

  @Test
  void testsCanBuildAConfigWithoutAFile() throws Exception {
    var key = new RSAKeyGenerator(2048).keyID("t").generate();
    MockVneidConfig c = MockVneidConfig.forTests(key, List.of(new MockVneidConfig.Client("c", "s", List.of(URI.create("http://localhost/cb")))));
    assertThat(c.port()).isZero();
    assertThat(c.issuer()).isNull();
    assertThat(c.client("c").orElseThrow().allowsRedirect(URI.create("http://localhost/cb"))).isTrue();
    assertThat(c.client("c").orElseThrow().allowsRedirect(URI.create("http://localhost/cb/"))).isFalse();
    assertThatThrownBy(() -> MockVneidConfig.forTests(key.toPublicJWK(), List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
