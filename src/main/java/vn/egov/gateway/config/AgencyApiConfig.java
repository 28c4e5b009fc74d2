package vn.egov.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The agency listener (docs/agency-interface.md): a second HTTPS port, apart from the portals', on
 * which agencies report dossier status. Mutual TLS is required: a client certificate issued by
 * {@code trustedCa} whose subject CN is the agency's code.
 *
 * @param bodyLimit       bytes; a larger report gets 413
 * @param futureTolerance how far after the gateway's clock a report's {@code at} may lie (clock skew)
 */
public record AgencyApiConfig(String host, int port, Path cert, Path key, Path trustedCa, int bodyLimit,
                              Duration futureTolerance) {
}
