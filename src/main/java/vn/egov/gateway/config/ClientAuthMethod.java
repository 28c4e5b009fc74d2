package vn.egov.gateway.config;

/** Client authentication at the token endpoint (OIDC Core 9). HMAC-based methods are deliberately absent. */
public enum ClientAuthMethod {
  CLIENT_SECRET_BASIC("client_secret_basic"),
  PRIVATE_KEY_JWT("private_key_jwt");

  private final String value;

  ClientAuthMethod(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
