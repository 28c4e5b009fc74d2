package vn.egov.gateway.dev.agency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.config.ConfigException;

class MockAgencyConfigTest {

  @Test
  void theShippedFileLoadsWithTheDevAgencies() {
    MockAgencyConfig c = MockAgencyConfig.load(Path.of("config/mock-agency.yaml"), Map.of());
    assertThat(c.port()).isEqualTo(9200);
    assertThat(c.admin().port()).isEqualTo(9201);
    assertThat(c.allowedClients()).containsExactly("egov-gateway");
    assertThat(c.agencies()).extracting(MockAgencyConfig.Agency::code).containsExactly("000.21.30.H26", "000.22.30.H26");
    assertThat(c.gateway().agencyApiUrl().toString()).isEqualTo("https://localhost:8443");
    assertThat(c.progression().enabled()).isTrue();
    assertThat(c.simulation().failureRate()).isZero();
  }

  @Test
  void environmentOverridesSwitchProgressionOffForBenchmarks() {
    MockAgencyConfig c = MockAgencyConfig.load(Path.of("config/mock-agency.yaml"), Map.of(
        "EGOV_MOCK_AGENCY_PROGRESSION_ENABLED", "false", "EGOV_MOCK_AGENCY_SIMULATION_FAILURE_RATE", "0.25",
        "EGOV_MOCK_AGENCY_SIMULATION_ACCEPT_DELAY", "PT0.05S"));
    assertThat(c.progression().enabled()).isFalse();
    assertThat(c.simulation().failureRate()).isEqualTo(0.25);
    assertThat(c.simulation().acceptDelay()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void everyProblemIsNamedAtOnce(@TempDir Path dir) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config")).resolve("mock-agency.yaml");
    Files.writeString(config, """
        port: 99999
        gateway:
          agency-api-url: ftp://x
        agencies:
          - code: "not a code"
          - code: 000.21.30.H26
            client-cert: nowhere.crt
        simulation:
          failure:
            rate: 2
        progression:
          step-delay: soon
        """);
    assertThatThrownBy(() -> MockAgencyConfig.load(config, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("port")
        .hasMessageContaining("gateway.issuer: is required")
        .hasMessageContaining("gateway.agency-api-url")
        .hasMessageContaining("agencies[0].code")
        .hasMessageContaining("agencies[1].client-cert")
        .hasMessageContaining("simulation.failure.rate")
        .hasMessageContaining("progression.step-delay");
  }
}
