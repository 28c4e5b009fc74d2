package vn.egov.gateway.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 (ECDSA on P-256 with SHA-256, RFC 7518 section 3.4) on BouncyCastle's lightweight API and
 * its dedicated P-256 field arithmetic, with the key material converted once. Through the JCA
 * (Nimbus's {@code ECDSASigner} with the BouncyCastle provider) every signature converts the JWK to
 * a JCA key and that to BouncyCastle's generic curve again, which makes it three to four times
 * dearer on this machine (BENCHMARKS.md, "ES256 on BouncyCastle's lightweight API"). Every
 * signature the gateway makes or checks (tokens, prefill, deliveries, webhooks) is ES256, so this
 * is on the path of every API call.
 *
 * <p>Signatures use deterministic nonces (RFC 6979), so they never depend on the quality or the
 * locking of a random source; they remain ordinary ES256 signatures to any verifier. Verification
 * accepts only the JWS form (R || S, 32 bytes each) and only values in [1, n-1].
 */
public final class Es256 {
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
  private static final int SCALAR_BYTES = 32;
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256);

  private Es256() {}

  /** A signer for a private P-256 JWK. */
  public static JWSSigner signer(ECKey key) {
    if (!Curve.P_256.equals(key.getCurve()) || !key.isPrivate()) {
      throw new IllegalArgumentException("ES256 needs a private P-256 key");
    }
    return new Signer(new ECPrivateKeyParameters(key.getD().decodeToBigInteger(), DOMAIN));
  }

  /** A verifier for a public P-256 JWK. */
  public static JWSVerifier verifier(ECKey key) {
    if (!Curve.P_256.equals(key.getCurve())) throw new IllegalArgumentException("ES256 needs a P-256 key");
    return new Verifier(publicKey(key.getX().decodeToBigInteger(), key.getY().decodeToBigInteger()));
  }

  /**
   * A verifier factory for Nimbus's processors: ES256 with P-256 keys here, anything else (which the
   * processors' key selectors already restrict) by Nimbus's own verifiers. The converted public keys
   * are remembered, with their precomputed multiples, since a gateway has only a few.
   */
  public static JWSVerifierFactory verifierFactory() {
    return new VerifierFactory();
  }

  private static ECPublicKeyParameters publicKey(BigInteger x, BigInteger y) {
    // validatePoint: off-curve points (invalid-curve attacks) are refused here, once.
    ECPoint q = DOMAIN.getCurve().validatePoint(x, y);
    return new ECPublicKeyParameters(q, DOMAIN);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** What Nimbus asks of every JWS provider: the algorithms (ES256 only) and a JCA context, which nothing here uses. */
  private abstract static class Es256Provider implements com.nimbusds.jose.JWSProvider {
    private final JCAContext jca = new JCAContext();

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return ALGORITHMS;
    }

    @Override
    public JCAContext getJCAContext() {
      return jca;
    }
  }

  private static final class Signer extends Es256Provider implements JWSSigner {
    private final ECPrivateKeyParameters key;

    Signer(ECPrivateKeyParameters key) {
      this.key = key;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
        throw new JOSEException("only ES256 is signed here, not " + header.getAlgorithm());
      }
      // A new ECDSASigner per signature: it is cheap, and holds per-signature state.
      ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      ecdsa.init(true, key);
      BigInteger[] rs = ecdsa.generateSignature(sha256(signingInput));
      byte[] out = new byte[2 * SCALAR_BYTES];
      BigIntegers.asUnsignedByteArray(rs[0], out, 0, SCALAR_BYTES);
      BigIntegers.asUnsignedByteArray(rs[1], out, SCALAR_BYTES, SCALAR_BYTES);
      return Base64URL.encode(out);
    }
  }

  private static final class Verifier extends Es256Provider implements JWSVerifier {
    private final ECPublicKeyParameters key;

    Verifier(ECPublicKeyParameters key) {
      this.key = key;
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
      if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) return false;
      // No critical header parameter is understood here (RFC 7515 section 4.1.11).
      if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) return false;
      byte[] sig = signature.decode();
      if (sig.length != 2 * SCALAR_BYTES) return false;
      BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, SCALAR_BYTES));
      BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, SCALAR_BYTES, 2 * SCALAR_BYTES));
      ECDSASigner ecdsa = new ECDSASigner();
      ecdsa.init(false, key);
      // verifySignature refuses r or s outside [1, n-1], zero included (CVE-2022-21449's forgery).
      return ecdsa.verifySignature(sha256(signingInput), r, s);
    }
  }

  private static final class VerifierFactory implements JWSVerifierFactory {
    private static final int MAX_KEYS = 256;
    private final Map<java.security.spec.ECPoint, Verifier> verifiers = new ConcurrentHashMap<>();
    private final DefaultJWSVerifierFactory others = new DefaultJWSVerifierFactory();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
      if (JWSAlgorithm.ES256.equals(header.getAlgorithm()) && key instanceof ECPublicKey ec
          && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
        Verifier v = verifiers.get(ec.getW());
        if (v == null) {
          // Keys come from the configured JWKS (a handful); the bound only guards against a source
          // that hands out a new key per token.
          if (verifiers.size() >= MAX_KEYS) verifiers.clear();
          v = new Verifier(publicKey(ec.getW().getAffineX(), ec.getW().getAffineY()));
          verifiers.put(ec.getW(), v);
        }
        return v;
      }
      return others.createJWSVerifier(header, key);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
      return others.supportedJWSAlgorithms();
    }

    @Override
    public JCAContext getJCAContext() {
      return others.getJCAContext();
    }
  }
}
