package vn.egov.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The national IdP the gateway logs citizens in with, as an OpenID relying party. Anything
 * standards-compliant works; only the claim mapping knows the provider's own claim names.
 */
public record UpstreamConfig(
    URI discoveryUrl,
    String clientId,
    String clientSecret,
    ClientAuthMethod authMethod,
    Path privateKey,
    List<String> idTokenAlgorithms,
    String scope,
    Duration timeout,
    Duration jwksCacheTtl,
    int maxConnections,
    ClaimMapping claims,
    String acrClaim,
    Map<String, String> acrValues) {

  /** Upstream claim names for each attribute of the citizen identity. */
  public record ClaimMapping(
      String identityNumber,
      String name,
      String birthdate,
      String birthdateFormat,
      String gender,
      String genderMale,
      String genderFemale,
      String phone,
      String email,
      String permanentAddress,
      String currentAddress) {
  }
}
