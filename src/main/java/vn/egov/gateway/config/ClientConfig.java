package vn.egov.gateway.config;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * A registered portal (relying party). Redirect URIs match exactly as written here.
 * {@code sector} groups portals that share pairwise subjects; by default each portal is its own.
 * {@code webhookUrl}, when set, receives a signed event on every change of the portal's dossiers.
 */
public record ClientConfig(
    String clientId,
    String nameVi,
    String nameEn,
    String purposeVi,
    String purposeEn,
    ClientAuthMethod authMethod,
    String secret,
    JWKSet jwks,
    List<URI> redirectUris,
    List<URI> postLogoutRedirectUris,
    Set<String> scopes,
    String sector,
    boolean requirePar,
    URI webhookUrl) {

  /** This registration with other redirect and post-logout URIs (dev mode registers the demo portal's actual port). */
  public ClientConfig withRedirects(List<URI> redirects, List<URI> postLogoutRedirects) {
    return new ClientConfig(clientId, nameVi, nameEn, purposeVi, purposeEn, authMethod, secret, jwks, List.copyOf(redirects),
        List.copyOf(postLogoutRedirects), scopes, sector, requirePar, webhookUrl);
  }
}
