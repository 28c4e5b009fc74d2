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
    DossierConfig dossiers,
    List<ClientConfig> clients,
    DevConfig dev,
    AgencyApiConfig agencyApi,
    List<AgencyConfig> agencies,
    DeliveryConfig delivery,
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

  /** The same configuration with another list of registered portals. */
  public GatewayConfig withClients(List<ClientConfig> others) {
    return new GatewayConfig(mode, baseDir, http, tokens, session, upstream, register, store, proceduresDir, dossiers, List.copyOf(others),
        dev, agencyApi, agencies, delivery, ops);
  }

  public Optional<ClientConfig> client(String clientId) {
    for (ClientConfig c : clients) if (c.clientId().equals(clientId)) return Optional.of(c);
    return Optional.empty();
  }

  /** The agency listener, if configured ({@code agency-api}); without it no agency can report status. */
  public Optional<AgencyApiConfig> agencyApiListener() {
    return Optional.ofNullable(agencyApi);
  }

  public GatewayConfig withAgencies(List<AgencyConfig> others) {
    return new GatewayConfig(mode, baseDir, http, tokens, session, upstream, register, store, proceduresDir, dossiers, clients,
        dev, agencyApi, List.copyOf(others), delivery, ops);
  }

  public Optional<AgencyConfig> agency(String code) {
    for (AgencyConfig a : agencies) if (a.code().equals(code)) return Optional.of(a);
    return Optional.empty();
  }

  /** Ports of the embedded stand-ins in dev mode. */
  /**
   * @param mockAgencies whether dev mode runs the mock agencies itself (false: dossiers go to the
   *                     agencies' configured base-url, e.g. a {@code mock-agency} on another host)
   */
  public record DevConfig(int demoPortalPort, Path mockVneidConfig, Path mockRegisterConfig, Path mockAgencyConfig,
                          boolean mockAgencies) {
  }
}
