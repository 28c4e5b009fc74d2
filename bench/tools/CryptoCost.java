import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.UUID;

/**
 * CPU cost of the signatures a brokered login, a refresh and a prefill pay, on this machine, with the
 * dev keys: ES256 (the gateway's tokens and prefill signatures) signing, and verification (of the
 * bearer access token on every API call), each with the JDK's provider, with BouncyCastle through the
 * JCA, and with the gateway's own {@code Es256} (BouncyCastle's lightweight API); RS256
 * (the mock VNeID's ID token) signing and verification. Thread CPU time, so other load on the machine
 * inflates it less than wall time. Run from the project root with the gateway jar's libraries:
 *
 *   java -cp target/egov-gateway.jar bench/tools/CryptoCost.java
 */
public class CryptoCost {
  interface Op {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    ECKey ec = ECKey.parse(Files.readString(Path.of("certs-dev/gateway-signing-1.jwk")));
    RSAKey rsa = RSAKey.parse(Files.readString(Path.of("certs-dev/mock-vneid-signing.jwk")));
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("http://localhost:8080").subject("pairwise-subject")
        .audience("demo-portal").issueTime(new Date()).expirationTime(new Date()).claim("scope", "openid profile")
        .jwtID(UUID.randomUUID().toString()).build();
    ECDSASigner jdk = new ECDSASigner(ec);
    ECDSASigner bc = new ECDSASigner(ec);
    bc.getJCAContext().setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    ECDSAVerifier jdkVerify = new ECDSAVerifier(ec.toPublicJWK());
    ECDSAVerifier bcVerify = new ECDSAVerifier(ec.toPublicJWK());
    bcVerify.getJCAContext().setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    com.nimbusds.jose.JWSSigner own = vn.egov.gateway.crypto.Es256.signer(ec);
    com.nimbusds.jose.JWSVerifier ownVerify = vn.egov.gateway.crypto.Es256.verifier(ec.toPublicJWK());
    SignedJWT esSigned = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
    esSigned.sign(bc);
    RSASSASigner rs = new RSASSASigner(rsa);
    RSASSAVerifier rv = new RSASSAVerifier(rsa.toPublicJWK());
    SignedJWT rsSigned = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    rsSigned.sign(rs);
    for (int round = 1; round <= 2; round++) {
      System.out.println(round == 1 ? "warm-up round:" : "measured round:");
      time("ES256 sign, JDK SunEC", () -> sign(JWSAlgorithm.ES256, claims, jdk));
      time("ES256 sign, BouncyCastle", () -> sign(JWSAlgorithm.ES256, claims, bc));
      time("ES256 sign, gateway Es256", () -> sign(JWSAlgorithm.ES256, claims, own));
      time("ES256 verify, JDK SunEC", () -> verify(esSigned, jdkVerify));
      time("ES256 verify, BouncyCastle", () -> verify(esSigned, bcVerify));
      time("ES256 verify, gateway Es256", () -> verify(esSigned, ownVerify));
      time("RS256 sign (2048), JDK", () -> sign(JWSAlgorithm.RS256, claims, rs));
      time("RS256 verify (2048), JDK", () -> rsSigned.verify(rv));
    }
  }

  private static void sign(JWSAlgorithm alg, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer) throws Exception {
    SignedJWT j = new SignedJWT(new JWSHeader(alg), claims);
    j.sign(signer);
    j.serialize();
  }

  private static void verify(SignedJWT jwt, com.nimbusds.jose.JWSVerifier verifier) throws Exception {
    if (!jwt.verify(verifier)) throw new IllegalStateException("ES256 signature did not verify");
  }

  private static void time(String name, Op op) throws Exception {
    var mx = ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    long n = 0;
    while (mx.getCurrentThreadCpuTime() - c0 < 1_500_000_000L) {
      for (int i = 0; i < 20; i++) op.run();
      n += 20;
    }
    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1000.0 / n;
    double wall = (System.nanoTime() - t0) / 1000.0 / n;
    System.out.printf("  %-26s %8.1f us CPU/op (%8.1f us wall)  %6.0f ops per CPU-second%n", name, cpu, wall, 1e6 / cpu);
  }
}
