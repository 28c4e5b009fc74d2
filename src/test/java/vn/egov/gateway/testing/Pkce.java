package vn.egov.gateway.testing;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;

/** A PKCE pair as a portal makes one (RFC 7636). */
public record Pkce(String verifier, String challenge) {
  public static Pkce create() {
    CodeVerifier v = new CodeVerifier();
    return new Pkce(v.getValue(), CodeChallenge.compute(CodeChallengeMethod.S256, v).getValue());
  }
}
