package vn.egov.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.config.ConfigException;
import vn.egov.gateway.testing.GatewayHarness;

/** A procedure whose agency has no delivery endpoint stops start-up with a message naming both. */
class GatewayStackAgenciesTest {
  @Test
  void aProcedureWithoutAConfiguredAgencyStopsStartUp() {
    assertThatThrownBy(() -> GatewayHarness.start(Map.of("EGOV_AGENCIES_1_CODE", "000.99.99.H26")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("agencies: no entry for agency 000.22.30.H26, the competent agency of procedure")
        .hasMessageContaining("(add its code and base-url)");
  }
}
