package vn.egov.gateway.dev.vneid;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;

/** Signs ID tokens with the mock's RSA key: RS256, {@code typ} JWT, the key's {@code kid} (as its JWKS publishes it). */
final class IdTokenSigner {
  private final RSASSASigner signer;
  private final JWSHeader header;

  IdTokenSigner(RSAKey key) {
    try {
      this.signer = new RSASSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the mock VNeID signing key is not a usable RSA private key: " + e.getMessage(), e);
    }
    this.header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build();
  }

  SignedJWT sign(IDTokenClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims.toJWTClaimsSet());
      jwt.sign(signer);
      return jwt;
    } catch (ParseException | JOSEException e) {
      // The claims were built here and the key checked at start: failing is our bug.
      throw new IllegalStateException("cannot sign ID token", e);
    }
  }
}
