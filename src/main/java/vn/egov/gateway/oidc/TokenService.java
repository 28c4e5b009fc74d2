package vn.egov.gateway.oidc;

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
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import vn.egov.gateway.crypto.SigningKeys;

/**
 * Mints and checks the gateway's tokens. Everything is ES256 with a published {@code kid}; the
 * verifier accepts nothing else, so {@code alg=none}, HMAC with the public key as secret, unknown
 * keys and ID tokens presented as access tokens ({@code typ} is not {@code at+jwt}) all fail here.
 */
public final class TokenService {
  /** RFC 9068 section 2.1. */
  public static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String issuer;
  private final String audience;
  private final SigningKeys keys;
  private final JWSSigner signer;
  private final Clock clock;
  private final Duration accessTtl;
  private final Duration idTtl;
  private final DefaultJWTProcessor<SecurityContext> accessTokenProcessor;
  private final DefaultJWTProcessor<SecurityContext> idTokenHintProcessor;

  public TokenService(String issuer, SigningKeys keys, Clock clock, Duration accessTtl, Duration idTtl) {
    this.issuer = issuer;
    this.audience = issuer;
    this.keys = keys;
    this.clock = clock;
    this.accessTtl = accessTtl;
    this.idTtl = idTtl;
    this.signer = keys.signer();
    var selector = new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys.publicJwks()));

    // Every API call verifies its bearer token (once per token: BearerTokens remembers it), on
    // BouncyCastle's dedicated P-256 arithmetic (Es256: 0.09 ms against 1.07 ms for the JDK 17 provider).
    var verifiers = vn.egov.gateway.crypto.Es256.verifierFactory();
    accessTokenProcessor = new DefaultJWTProcessor<>();
    accessTokenProcessor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN_TYPE));
    accessTokenProcessor.setJWSKeySelector(selector);
    accessTokenProcessor.setJWSVerifierFactory(verifiers);
    // Expiry is judged by the injected clock, so tests can move time instead of sleeping.
    var accessClaims = new DefaultJWTClaimsVerifier<SecurityContext>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("sub", "exp", "iat", "jti", "client_id", "scope", "gid")) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    accessClaims.setMaxClockSkew(30);
    accessTokenProcessor.setJWTClaimsSetVerifier(accessClaims);

    // An id_token_hint at logout may have expired (OIDC RP-Initiated Logout 1.0, section 2): check
    // the signature and issuer only.
    idTokenHintProcessor = new DefaultJWTProcessor<>();
    idTokenHintProcessor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
    idTokenHintProcessor.setJWSKeySelector(selector);
    idTokenHintProcessor.setJWSVerifierFactory(verifiers);
    idTokenHintProcessor.setJWTClaimsSetVerifier((claims, ctx) -> {
      if (!issuer.equals(claims.getIssuer())) throw new com.nimbusds.jwt.proc.BadJWTException("wrong issuer");
      if (claims.getAudience() == null || claims.getAudience().isEmpty()) throw new com.nimbusds.jwt.proc.BadJWTException("no audience");
    });
  }

  public String issuer() {
    return issuer;
  }

  public String audience() {
    return audience;
  }

  public Duration accessTokenTtl() {
    return accessTtl;
  }

  public static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** An RFC 9068 access token for the gateway's own APIs (userinfo, prefill, dossiers). */
  public String accessToken(Grant grant) {
    Instant now = clock.instant();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(grant.subject())
        .audience(audience)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(accessTtl)))
        .jwtID(randomToken())
        .claim("client_id", grant.clientId())
        .claim("scope", String.join(" ", grant.scopes()))
        .claim("acr", grant.acr())
        .claim("auth_time", grant.authTime().getEpochSecond())
        .claim("gid", grant.id())
        .build();
    return sign(ACCESS_TOKEN_TYPE, claims);
  }

  public String idToken(Grant grant, String nonce, String accessToken) {
    Instant now = clock.instant();
    var b = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(grant.subject())
        .audience(grant.clientId())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(idTtl)))
        .claim("auth_time", grant.authTime().getEpochSecond())
        .claim("acr", grant.acr())
        .claim("azp", grant.clientId())
        .claim("sid", grant.sessionId());
    if (nonce != null) b.claim("nonce", nonce);
    if (accessToken != null) b.claim("at_hash", atHash(accessToken));
    return sign(JOSEObjectType.JWT, b.build());
  }

  private String sign(JOSEObjectType type, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(keys.active().getKeyID()).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }

  /** OIDC Core 3.1.3.6: left half of SHA-256 of the access token, base64url. */
  static String atHash(String accessToken) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Access tokens whose signature and claims were verified, until they expire: a portal presents
   * one token for many calls (prefill, validate, submit, status), and an ES256 verification is the
   * largest single cost of an API call (BENCHMARKS.md, prefill). Only successes are kept, keyed by
   * the whole token; expiry is checked again on every use; revocation is not cached (the grant
   * and the revocation list are looked up on every call, see {@link BearerTokens}).
   */
  private static final int VERIFIED_CACHE_SIZE = 10_000;
  private final java.util.Map<String, JWTClaimsSet> verified = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, JWTClaimsSet> eldest) {
      return size() > VERIFIED_CACHE_SIZE;
    }
  };

  /** A verified access token's claims, or an exception that says why it was refused. */
  public JWTClaimsSet verifyAccessToken(String token) throws InvalidTokenException {
    JWTClaimsSet known;
    synchronized (verified) {
      known = verified.get(token);
    }
    if (known != null) {
      // The same skew as the verifier's (30 s), judged by the same clock.
      if (known.getExpirationTime().toInstant().plusSeconds(30).isAfter(clock.instant())) return known;
      synchronized (verified) {
        verified.remove(token);
      }
      throw new InvalidTokenException("the access token is invalid: Expired JWT");
    }
    JWTClaimsSet claims = verifyUncached(token);
    synchronized (verified) {
      verified.put(token, claims);
    }
    return claims;
  }

  private JWTClaimsSet verifyUncached(String token) throws InvalidTokenException {
    try {
      return accessTokenProcessor.process(token, null);
    } catch (ParseException e) {
      throw new InvalidTokenException("the access token is not a JWT");
    } catch (BadJOSEException e) {
      throw new InvalidTokenException("the access token is invalid: " + e.getMessage());
    } catch (JOSEException e) {
      throw new InvalidTokenException("the access token cannot be verified");
    }
  }

  /** An ID token the gateway issued, expired or not; for logout hints. */
  public JWTClaimsSet verifyIdTokenHint(String token) throws InvalidTokenException {
    try {
      return idTokenHintProcessor.process(token, null);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      throw new InvalidTokenException("the id_token_hint is not an ID token of this gateway");
    }
  }

  public static final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
      super(message, null, false, false);
    }
  }
}
