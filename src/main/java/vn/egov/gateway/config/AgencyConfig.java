package vn.egov.gateway.config;

import java.net.URI;
import java.time.Duration;

/**
 * One agency back end that receives dossiers (docs/agency-interface.md): its e-ID code, where it
 * listens ({@code POST {baseUrl}/dossiers}), and its own limits where they differ from
 * {@link DeliveryConfig}'s defaults.
 */
public record AgencyConfig(String code, URI baseUrl, int maxInFlight, Duration timeout) {

  public boolean tls() {
    return baseUrl.getScheme().equals("https");
  }

  /** The delivery endpoint: the base URL without a trailing slash, then {@code /dossiers}. */
  public String dossiersUrl() {
    return baseUrl.toString().replaceAll("/+$", "") + "/dossiers";
  }
}
