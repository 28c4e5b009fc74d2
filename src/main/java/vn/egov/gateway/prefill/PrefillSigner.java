package vn.egov.gateway.prefill;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import vn.egov.gateway.crypto.SigningKeys;

/**
 * Signs the prefilled values (JWS, ES256, {@code typ} {@code prefill+jwt}) so that when the dossier
 * comes back the gateway can tell whether a locked field was changed on the way. Bound to the
 * portal, the citizen's pairwise subject and the procedure.
 */
public final class PrefillSigner {
  public static final JOSEObjectType TYPE = new JOSEObjectType("prefill+jwt");

  private final String issuer;
  private final SigningKeys keys;
  private final JWSSigner signer;
  private final Clock clock;
  private final Duration ttl;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public PrefillSigner(String issuer, SigningKeys keys, Clock clock, Duration ttl) {
    this.issuer = issuer;
    this.keys = keys;
    this.clock = clock;
    this.ttl = ttl;
    this.signer = keys.signer();
    // Signed on every prefill and verified on every submission: see Es256 for the cost.
    var verifiers = vn.egov.gateway.crypto.Es256.verifierFactory();
    processor.setJWSVerifierFactory(verifiers);
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys.publicJwks())));
    processor.setJWTClaimsSetVerifier((claims, ctx) -> {
      if (!issuer.equals(claims.getIssuer())) throw new com.nimbusds.jwt.proc.BadJWTException("wrong issuer");
    });
  }

  /** {@code values}: JSON pointer -> prefilled value, for every field the register filled. */
  public String sign(String clientId, String subject, String procedure, Map<String, Object> values) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject(subject).audience(clientId)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
        .claim("procedure", procedure)
        .claim("values", values)
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(TYPE).keyID(keys.active().getKeyID()).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** The signed claims, or an exception when the signature, type or issuer is wrong. */
  public JsonObject verify(String jws) throws InvalidPrefillException {
    try {
      return new JsonObject(processor.process(jws, null).toJSONObject());
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new InvalidPrefillException(e.getMessage());
    }
  }

  public static final class InvalidPrefillException extends Exception {
    public InvalidPrefillException(String message) {
      super(message, null, false, false);
    }
  }
}
