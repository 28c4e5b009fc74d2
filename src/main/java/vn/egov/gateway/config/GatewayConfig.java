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
    DevConfig dev) {

  public enum Mode {
    DEV, PRODUCTION
  }

  public boolean devMode() {
    return mode == Mode.DEV;
  }

  public URI issuer() {
    return http.publicUrl();
  }

  /** The same configuration with another list of registered portals. */
  public GatewayConfig withClients(List<ClientConfig> others) {
    return new GatewayConfig(mode, baseDir, http, tokens, session, upstream, register, store, proceduresDir, List.copyOf(others), dev);
  }

  public Optional<ClientConfig> client(String clientId) {
    for (ClientConfig c : clients) if (c.clientId().equals(clientId)) return Optional.of(c);
    return Optional.empty();
  }

  /** Ports of the embedded stand-ins in dev mode. */
  public record DevConfig(int demoPortalPort, Path mockVneidConfig, Path mockRegisterConfig) {
  }
}
