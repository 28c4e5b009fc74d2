package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own ES256 must be ES256 to everybody else: what it signs verifies with Nimbus's
 * standard verifier on the JDK's provider, and what they sign verifies here. And it must refuse what
 * a careful verifier refuses: other keys, changed bytes, zero or out-of-range R and S (the "psychic
 * signature" of CVE-2022-21449), DER instead of R || S, unknown critical headers, other algorithms.
 */
class Es256Test {
  private static final ECKey KEY = key();
  private static final byte[] MESSAGE = "{\"values\":{\"/applicant/fullName\":\"Nguyễn Văn An\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final BigInteger N = ECNamedCurveTable.getByName("secp256r1").getN();

  private static ECKey key() {
    try {
      return SigningKeys.loadEcJwk(Path.of("certs-dev/gateway-signing-1.jwk"));
    } catch (SigningKeys.KeyLoadException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JWSObject signed(com.nimbusds.jose.JWSSigner signer, JWSHeader header) throws JOSEException {
    JWSObject jws = new JWSObject(header, new Payload(MESSAGE));
    jws.sign(signer);
    return jws;
  }

  private static JWSHeader es256() {
    return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEY.getKeyID()).build();
  }

  private static boolean verifiesHere(JWSObject jws) throws JOSEException {
    return Es256.verifier(KEY.toPublicJWK()).verify(jws.getHeader(), jws.getSigningInput(), jws.getSignature());
  }

  private static boolean verifiesHere(JWSHeader header, byte[] input, byte[] signature) throws JOSEException {
    return Es256.verifier(KEY.toPublicJWK()).verify(header, input, Base64URL.encode(signature));
  }

  @Test
  void itsSignaturesVerifyWithTheJdkProvider() throws Exception {
    for (int i = 0; i < 20; i++) {
      JWSObject jws = signed(Es256.signer(KEY), es256());
      assertThat(jws.getSignature().decode()).hasSize(64);
      JWSObject parsed = JWSObject.parse(jws.serialize());
      assertThat(parsed.verify(new ECDSAVerifier(KEY.toPublicJWK()))).isTrue();
    }
  }

  @Test
  void signaturesOfTheJdkProviderVerifyHere() throws Exception {
    for (int i = 0; i < 20; i++) {
      JWSObject jws = signed(new ECDSASigner(KEY), es256());
      assertThat(verifiesHere(JWSObject.parse(jws.serialize()))).isTrue();
    }
  }

  @Test
  void throughTheVerifierFactoryAsTheProcessorsUseIt() throws Exception {
    JWSObject jws = signed(Es256.signer(KEY), es256());
    JWSVerifier v = Es256.verifierFactory().createJWSVerifier(jws.getHeader(), KEY.toECPublicKey());
    assertThat(jws.verify(v)).isTrue();
    ECKey other = new ECKeyGenerator(Curve.P_256).generate();
    JWSVerifier wrong = Es256.verifierFactory().createJWSVerifier(jws.getHeader(), other.toECPublicKey());
    assertThat(jws.verify(wrong)).as("another key").isFalse();
  }

  @Test
  void refusesAChangedMessageOrSignature() throws Exception {
    JWSObject jws = signed(Es256.signer(KEY), es256());
    byte[] input = jws.getSigningInput();
    byte[] sig = jws.getSignature().decode();
    byte[] changedInput = input.clone();
    changedInput[changedInput.length - 3] ^= 1;
    assertThat(verifiesHere(jws.getHeader(), changedInput, sig)).isFalse();
    for (int i : new int[] {0, 31, 32, 63}) {
      byte[] changed = sig.clone();
      changed[i] ^= 0x40;
      assertThat(verifiesHere(jws.getHeader(), input, changed)).as("bit flipped in byte %d", i).isFalse();
    }
  }

  @Test
  void refusesZeroAndOutOfRangeScalars() throws Exception {
    JWSObject jws = signed(Es256.signer(KEY), es256());
    byte[] input = jws.getSigningInput();
    byte[] sig = jws.getSignature().decode();
    assertThat(verifiesHere(jws.getHeader(), input, new byte[64])).as("r = s = 0").isFalse();
    byte[] zeroS = sig.clone();
    Arrays.fill(zeroS, 32, 64, (byte) 0);
    assertThat(verifiesHere(jws.getHeader(), input, zeroS)).as("s = 0").isFalse();
    // r = n is r = 0 modulo n: a verifier that reduced instead of refusing would be fooled by it.
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    BigInteger nMinusS = N.subtract(s);
    byte[] high = concat(N, s);
    assertThat(verifiesHere(jws.getHeader(), input, high)).as("r = n").isFalse();
    // (r, n - s) is the other valid signature for the same message (ECDSA malleability): it is a
    // valid ES256 signature and verifies, which shows the range check does not just refuse big values.
    assertThat(verifiesHere(jws.getHeader(), input, concat(r, nMinusS))).isTrue();
  }

  @Test
  void refusesOtherLengthsAndDer() throws Exception {
    JWSObject jws = signed(Es256.signer(KEY), es256());
    byte[] input = jws.getSigningInput();
    byte[] sig = jws.getSignature().decode();
    assertThat(verifiesHere(jws.getHeader(), input, Arrays.copyOf(sig, 63))).isFalse();
    assertThat(verifiesHere(jws.getHeader(), input, Arrays.copyOf(sig, 65))).isFalse();
    assertThat(verifiesHere(jws.getHeader(), input, new byte[0])).isFalse();
    byte[] der = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(sig);
    assertThat(verifiesHere(jws.getHeader(), input, der)).as("DER-encoded").isFalse();
  }

  @Test
  void refusesOtherAlgorithmsAndUnknownCriticalHeaders() throws Exception {
    JWSObject jws = signed(Es256.signer(KEY), es256());
    byte[] sig = jws.getSignature().decode();
    JWSHeader es384 = new JWSHeader.Builder(JWSAlgorithm.ES384).build();
    assertThat(verifiesHere(es384, jws.getSigningInput(), sig)).isFalse();
    JWSHeader crit = new JWSHeader.Builder(JWSAlgorithm.ES256).criticalParams(Set.of("exp")).customParam("exp", 1).build();
    JWSObject withCrit = signed(Es256.signer(KEY), crit);
    assertThat(verifiesHere(withCrit)).isFalse();
    assertThatThrownBy(() -> signed(Es256.signer(KEY), new JWSHeader(JWSAlgorithm.ES512)))
        .isInstanceOf(JOSEException.class);
  }

  private static byte[] concat(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    byte[] rb = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(r);
    byte[] sb = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(s);
    if (rb.length > 32 || sb.length > 32) {
      // Does not fit the JWS form: the caller wants a refusal, and a longer signature is refused.
      byte[] longer = new byte[rb.length + sb.length];
      System.arraycopy(rb, 0, longer, 0, rb.length);
      System.arraycopy(sb, 0, longer, rb.length, sb.length);
      return longer;
    }
    System.arraycopy(rb, 0, out, 32 - rb.length, rb.length);
    System.arraycopy(sb, 0, out, 64 - sb.length, sb.length);
    return out;
  }
}
