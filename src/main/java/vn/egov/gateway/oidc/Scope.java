package vn.egov.gateway.oidc;

import java.util.List;
import java.util.Optional;

/**
 * The scope catalogue (DESIGN.md section 3) and the claims each one releases. Claim names are
 * OIDC Core 5.1 standard names where one exists.
 */
public enum Scope {
  OPENID("openid", List.of()),
  PROFILE("profile", List.of("name", "birthdate", "gender")),
  IDENTITY_NUMBER("identity_number", List.of("identity_number")),
  ADDRESS("address", List.of("address", "current_address")),
  PHONE("phone", List.of("phone_number", "phone_number_verified")),
  EMAIL("email", List.of("email", "email_verified")),
  PREFILL("prefill", List.of()),
  OFFLINE_ACCESS("offline_access", List.of());

  private final String value;
  private final List<String> claims;

  Scope(String value, List<String> claims) {
    this.value = value;
    this.claims = claims;
  }

  public String value() {
    return value;
  }

  public List<String> claims() {
    return claims;
  }

  public static Optional<Scope> of(String value) {
    for (Scope s : values()) if (s.value.equals(value)) return Optional.of(s);
    return Optional.empty();
  }
}
