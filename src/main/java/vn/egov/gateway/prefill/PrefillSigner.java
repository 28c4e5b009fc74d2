package vn.egov.gateway.prefill;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import vn.egov.gateway.crypto.CompactJws;
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
  private final CompactJws jws;
  private final Clock clock;
  private final Duration ttl;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private static final int MAX_REMEMBERED = 4096;
  private static final int MAX_REMEMBERED_LENGTH = 16 * 1024;
  private final Remembered verified;

  public PrefillSigner(String issuer, SigningKeys keys, Clock clock, Duration ttl) {
    this.issuer = issuer;
    this.keys = keys;
    this.clock = clock;
    this.ttl = ttl;
    this.jws = keys.jws(TYPE);
    this.verified = new Remembered(clock, MAX_REMEMBERED);
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
    return jws.sign(new JsonObject()
        .put("iss", issuer).put("sub", subject).put("aud", clientId)
        .put("iat", now.getEpochSecond()).put("exp", now.plus(ttl).getEpochSecond())
        .put("procedure", procedure)
        .put("values", values));
  }

  /**
   * The signed claims, read-only, or an exception when the signature, type or issuer is wrong.
   * Expiry and binding are the caller's to check, on every call.
   *
   * <p>A prefill comes back many times: with every inline {@code /validate} while the citizen
   * fills the form, and with the submission. The claims of a JWS verified before are remembered
   * under its exact text (signature included, so a changed byte is a miss) until it expires; a
   * verification was the largest single cost of a submission.
   */
  public JsonObject verify(String jws) throws InvalidPrefillException {
    JsonObject known = verified.get(jws);
    if (known != null) return known;
    JsonObject claims;
    try {
      claims = new JsonObject(processor.process(jws, null).toJSONObject());
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new InvalidPrefillException(e.getMessage());
    }
    if (claims.getValue("exp") instanceof Number exp && jws.length() <= MAX_REMEMBERED_LENGTH) {
      verified.put(jws, Instant.ofEpochSecond(exp.longValue()), readOnly(claims));
    }
    return claims;
  }

  private static JsonObject readOnly(JsonObject claims) {
    return new JsonObject(java.util.Collections.unmodifiableMap(claims.copy().getMap()));
  }

  public static final class InvalidPrefillException extends Exception {
    public InvalidPrefillException(String message) {
      super(message, null, false, false);
    }
  }

  /** Verified claims by JWS text, until their expiry; at most {@code capacity}, the oldest dropped first. */
  private static final class Remembered {
    private record Entry(Instant expires, JsonObject claims) {
    }

    private final Clock clock;
    private final java.util.LinkedHashMap<String, Entry> entries;

    Remembered(Clock clock, int capacity) {
      this.clock = clock;
      this.entries = new java.util.LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
          return size() > capacity;
        }
      };
    }

    synchronized JsonObject get(String jws) {
      Entry e = entries.get(jws);
      if (e == null) return null;
      if (!clock.instant().isBefore(e.expires())) {
        entries.remove(jws);
        return null;
      }
      return e.claims();
    }

    synchronized void put(String jws, Instant expires, JsonObject claims) {
      if (clock.instant().isBefore(expires)) entries.put(jws, new Entry(expires, claims));
    }
  }
}
