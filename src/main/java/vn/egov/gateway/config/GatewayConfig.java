package vn.egov.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The whole gateway configuration, validated. Built by {@link ConfigLoader}. */
public record GatewayConfig(
    Mode mode,
    Path baseDir,
    HttpConfig http,
    TokenConfig tokens,
    SessionConfig session,
    UpstreamConfig upstream,
    RegisterConfig register,
    vn.egov.gateway.store.StoreOptions store,
    Path proceduresDir,
    List<ClientConfig> clients,
    DevConfig dev,
    OpsConfig ops) {

  public enum Mode {
    DEV, PRODUCTION
  }

  public boolean devMode() {
    return mode == Mode.DEV;
  }

  public URI issuer() {
    return http.publicUrl();
  }

  public Optional<ClientConfig> client(String clientId) {
    for (ClientConfig c : clients) if (c.clientId().equals(clientId)) return Optional.of(c);
    return Optional.empty();
  }

  /** Ports of the embedded stand-ins in dev mode. */
  public record DevConfig(int demoPortalPort, Path mockVneidConfig, Path mockRegisterConfig) {
  }
}
