package vn.egov.gateway.dev.agency;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import vn.egov.gateway.crypto.Es256;
import vn.egov.gateway.dossier.ReceiptCode;

/**
 * Verifies a delivered dossier (docs/agency-interface.md) with Nimbus: ES256 only, {@code typ}
 * {@code dossier+jwt}, signed by a key in the gateway's JWKS, {@code iss} the gateway, {@code aud}
 * the agency it was posted to, and every claim of the contract present. Verification itself is CPU
 * work on the cached key set; only a missing key is fetched, asynchronously.
 */
final class DossierVerifier {
  static final JOSEObjectType TYPE = new JOSEObjectType("dossier+jwt");
  private static final Set<String> REQUIRED = Set.of("iss", "aud", "iat", "jti", "receipt_code", "procedure_code",
      "received_at", "due_at", "form");

  /** A verified delivery. {@code contentHash} covers every claim but {@code iat}, which changes per attempt. */
  record Verified(String deliveryKey, String receiptCode, String receivedAt, long contentHash) {
  }

  /** The JWS is not one the agency accepts; the message says why (it goes into a 400 problem). */
  static final class Rejected extends RuntimeException {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private final String issuer;
  private final GatewayKeys keys;
  /** One configured processor per agency (its audience); thread-safe once built. */
  private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new java.util.concurrent.ConcurrentHashMap<>();

  DossierVerifier(String issuer, GatewayKeys keys) {
    this.issuer = issuer;
    this.keys = keys;
  }

  Future<Verified> verify(String compact, String agencyCode) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(compact.trim());
    } catch (ParseException e) {
      return Future.failedFuture(new Rejected("not a compact JWS: " + e.getMessage()));
    }
    JWSHeader header = jwt.getHeader();
    // Algorithms are pinned: none and HMAC are never accepted (DESIGN.md section 3).
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
      return Future.failedFuture(new Rejected("alg must be ES256 (got " + header.getAlgorithm() + ")"));
    }
    if (!TYPE.equals(header.getType())) {
      return Future.failedFuture(new Rejected("typ must be " + TYPE + " (got " + header.getType() + ")"));
    }
    String kid = header.getKeyID();
    if (kid == null) return Future.failedFuture(new Rejected("the JWS header names no kid"));
    return keys.key(kid)
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot fetch the gateway's keys: " + e.getMessage(), e)))
        .map(key -> {
          if (key == null) throw new Rejected("kid " + kid + " is not in the gateway's JWKS");
          return check(jwt, agencyCode);
        });
  }

  private Verified check(SignedJWT jwt, String agencyCode) {
    JWTClaimsSet claims;
    try {
      claims = processors.computeIfAbsent(agencyCode, this::processor).process(jwt, null);
    } catch (BadJOSEException e) {
      throw new Rejected(e.getMessage());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new Rejected("cannot verify: " + e.getMessage());
    }
    String jti = claims.getJWTID();
    Object receipt = claims.getClaim("receipt_code");
    if (!(receipt instanceof String receiptCode)) throw new Rejected("receipt_code must be a string");
    try {
      if (!ReceiptCode.parse(receiptCode).agencyCode().equals(agencyCode)) {
        throw new Rejected("receipt_code " + receiptCode + " is not a receipt code of agency " + agencyCode);
      }
    } catch (IllegalArgumentException e) {
      throw new Rejected(e.getMessage());
    }
    if (!(claims.getClaim("form") instanceof Map)) throw new Rejected("form must be a JSON object");
    Object receivedAt = claims.getClaim("received_at");
    return new Verified(jti, receiptCode, receivedAt instanceof String s ? s : null, contentHash(claims));
  }

  private DefaultJWTProcessor<SecurityContext> processor(String agencyCode) {
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
    JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.snapshot());
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
    p.setJWSVerifierFactory(Es256.verifierFactory());
    p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(agencyCode,
        new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED));
    return p;
  }

  /** SHA-256 of the claims but {@code iat}, with object members sorted: the same dossier hashes the same on every attempt. */
  static long contentHash(JWTClaimsSet claims) {
    Map<String, Object> content = new TreeMap<>(claims.toJSONObject());
    content.remove("iat");
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(new JsonObject(sorted(content)).encode().getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sorted(Map<String, Object> m) {
    Map<String, Object> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, sortedValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object sortedValue(Object v) {
    if (v instanceof Map<?, ?> m) return sorted((Map<String, Object>) m);
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) out.add(sortedValue(o));
      return out;
    }
    return v;
  }
}
