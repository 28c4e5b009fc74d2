package vn.egov.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The national population register: where it is, the gateway's client certificate for mutual TLS,
 * the CA that signs the register's server certificate, timeouts and the circuit breaker, and the
 * connection pool: at most {@code maxConnections}, each closed after {@code keepAlive} unused.
 */
public record RegisterConfig(
    URI baseUrl,
    Path clientCert,
    Path clientKey,
    Path trustedCa,
    Duration connectTimeout,
    Duration timeout,
    int breakerMaxFailures,
    Duration breakerReset,
    int maxConnections,
    Duration keepAlive) {

  public boolean tls() {
    return baseUrl.getScheme().equals("https");
  }
}
