package vn.egov.gateway.dev.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.config.ConfigException;
import vn.egov.gateway.crypto.DevPki;
import vn.egov.gateway.dev.vneid.MockVneidConfig;

class MockRegisterConfigTest {
  private static final Path SHIPPED = Path.of("config", "mock-register.yaml");

  @Test
  void theShippedDevConfigLoadsWithItsDefaults() {
    MockRegisterConfig c = MockRegisterConfig.load(SHIPPED, Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.seed()).isEqualTo(20220701L).isEqualTo(MockVneidConfig.load(Path.of("config", "mock-vneid.yaml"), Map.of()).seed());
    assertThat(c.population()).isEqualTo(1_000_000);
    Path certs = Path.of("certs-dev").toAbsolutePath();
    assertThat(c.tls().cert()).isEqualTo(certs.resolve("mock-register.crt"));
    assertThat(c.tls().key()).isEqualTo(certs.resolve("mock-register.key"));
    assertThat(c.tls().clientCa()).isEqualTo(certs.resolve("ca.crt"));
    assertThat(c.allowedClients()).containsExactly("egov-gateway");
    assertThat(c.latency()).isEqualTo(Duration.ZERO);
  }

  @Test
  void environmentVariablesOverrideSingleKeys() {
    MockRegisterConfig c = MockRegisterConfig.load(SHIPPED, Map.of(
        "EGOV_MOCK_REGISTER_PORT", "9101",
        "EGOV_MOCK_REGISTER_POPULATION", "5000",
        "EGOV_MOCK_REGISTER_ALLOWED_CLIENTS", "egov-gateway, load-test",
        "EGOV_MOCK_REGISTER_LATENCY", "PT0.25S"));
    assertThat(c.port()).isEqualTo(9101);
    assertThat(c.population()).isEqualTo(5000);
    assertThat(c.allowedClients()).containsExactly("egov-gateway", "load-test");
    assertThat(c.latency()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void withoutTlsKeysTheDevPkiOfTheProjectRootIsUsed(@TempDir Path root) throws Exception {
    DevPki.generate(root.resolve("certs-dev"), Clock.systemUTC());
    Path file = project(root, "port: 0\n");
    MockRegisterConfig c = MockRegisterConfig.load(file, Map.of());
    assertThat(c.port()).isZero();
    assertThat(c.tls()).isEqualTo(MockRegisterConfig.Tls.devPki(root.resolve("certs-dev")));
    assertThat(c.allowedClients()).isEqualTo(MockRegisterConfig.DEFAULT_ALLOWED_CLIENTS);
  }

  @Test
  void everyProblemIsReportedWithFileAndKey(@TempDir Path root) throws Exception {
    DevPki.generate(root.resolve("certs-dev"), Clock.systemUTC());
    Path file = project(root, """
        port: 70000
        seed: twelve
        population: 2000000
        tls:
          cert: certs-dev/mock-register.crt
          key: certs-dev/gateway-client.key
          client-ca: certs-dev/missing-ca.crt
        allowed-clients: []
        latency: -PT1S
        """);
    assertThatThrownBy(() -> MockRegisterConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> {
          List<String> problems = ((ConfigException) e).problems();
          assertThat(problems).allSatisfy(p -> assertThat(p).startsWith(file.toString() + ": "));
          assertThat(problems).anySatisfy(p -> assertThat(p).contains("port: must be between 0 and 65535"));
          assertThat(problems).anySatisfy(p -> assertThat(p).contains("seed: must be a whole number"));
          assertThat(problems).anySatisfy(p -> assertThat(p).contains("population: must be between 1 and 1000000"));
          assertThat(problems).anySatisfy(p -> assertThat(p).contains("tls.key: ").contains("is not the private key of"));
          assertThat(problems).anySatisfy(p -> assertThat(p).contains("tls.client-ca: ").contains("missing-ca.crt: no such file"));
          assertThat(problems).anySatisfy(p -> assertThat(p).contains("allowed-clients: needs at least one"));
          assertThat(problems).anySatisfy(p -> assertThat(p).contains("latency: must be between PT0S and PT5M"));
          assertThat(problems).hasSize(7);
        });
  }

  @Test
  void aTestConfigUsesARandomPortAndTheDevDefaults() {
    MockRegisterConfig c = MockRegisterConfig.forTests(Path.of("certs-dev"));
    assertThat(c.port()).isZero();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.seed()).isEqualTo(MockRegisterConfig.DEFAULT_SEED);
    assertThat(c.tls().clientCa()).isEqualTo(Path.of("certs-dev", "ca.crt"));
    assertThat(c.withLatency(Duration.ofSeconds(1)).latency()).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> c.withLatency(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MockRegisterConfig("127.0.0.1", 0, 1, 10, c.tls(), List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A project root with config/mock-register.yaml holding {@code yaml}. */
  private static Path project(Path root, String yaml) throws Exception {
    Files.createDirectories(root.resolve("config"));
    Path file = root.resolve("config").resolve("mock-register.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
