package vn.egov.gateway.config;

import java.net.URI;

/** Where the gateway listens, and the public base URL that is also the OIDC issuer. */
public record HttpConfig(String host, int port, URI publicUrl, int bodyLimit, int instances) {

  public boolean secure() {
    return publicUrl.getScheme().equals("https");
  }
}
