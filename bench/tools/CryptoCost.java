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
    vn.egov.gateway.crypto.CompactJws compact = new vn.egov.gateway.crypto.CompactJws(own,
        new JWSHeader.Builder(JWSAlgorithm.ES256).type(new com.nimbusds.jose.JOSEObjectType("dossier+jwt")).keyID(ec.getKeyID()).build());
    for (int round = 1; round <= 2; round++) {
      System.out.println(round == 1 ? "warm-up round:" : "measured round:");
      time("ES256 sign, JDK SunEC", () -> sign(JWSAlgorithm.ES256, claims, jdk));
      time("ES256 sign, BouncyCastle", () -> sign(JWSAlgorithm.ES256, claims, bc));
      time("ES256 sign, gateway Es256", () -> sign(JWSAlgorithm.ES256, claims, own));
      time("ES256 verify, JDK SunEC", () -> verify(esSigned, jdkVerify));
      time("ES256 verify, BouncyCastle", () -> verify(esSigned, bcVerify));
      time("ES256 verify, gateway Es256", () -> verify(esSigned, ownVerify));
      time("delivery JWS, Nimbus JWT", () -> nimbusDelivery(FORM, own));
      time("delivery JWS, CompactJws", () -> compactDelivery(FORM, compact));
      time("RS256 sign (2048), JDK", () -> sign(JWSAlgorithm.RS256, claims, rs));
      time("RS256 verify (2048), JDK", () -> rsSigned.verify(rv));
    }
  }

  private static void sign(JWSAlgorithm alg, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer) throws Exception {
    SignedJWT j = new SignedJWT(new JWSHeader(alg), claims);
    j.sign(signer);
    j.serialize();
  }

  /** A household-business registration form as stored (about 1.3 KB of JSON, Vietnamese text). */
  static final String FORM = new io.vertx.core.json.JsonObject()
      .put("applicant", new io.vertx.core.json.JsonObject().put("fullName", "Nguyễn Thị Hoà").put("identityNumber", "001190012345")
          .put("birthDate", "1990-05-17").put("gender", "female").put("phone", "0912345678").put("email", "hoa.nguyen@example.vn")
          .put("permanentAddress", new io.vertx.core.json.JsonObject().put("provinceCode", "01").put("communeCode", "00004")
              .put("detail", "Số 12, ngõ 34 phố Đội Cấn")))
      .put("business", new io.vertx.core.json.JsonObject().put("name", "Hộ kinh doanh Bánh cuốn Thanh Trì Hoà Nguyễn")
          .put("sector", "Dịch vụ ăn uống").put("capital", 150000000).put("employees", 3)
          .put("address", new io.vertx.core.json.JsonObject().put("provinceCode", "01").put("communeCode", "00007")
              .put("detail", "Số 5 phố Văn Cao, phường Ngọc Hà")))
      .put("members", new io.vertx.core.json.JsonArray()
          .add(new io.vertx.core.json.JsonObject().put("fullName", "Trần Văn Bình").put("identityNumber", "001089054321")
              .put("relation", "Chồng"))
          .add(new io.vertx.core.json.JsonObject().put("fullName", "Nguyễn Thị Hoà").put("identityNumber", "001190012345")
              .put("relation", "Chủ hộ")))
      .put("declaration", "Tôi cam đoan nội dung kê khai là đúng sự thật và chịu trách nhiệm trước pháp luật.")
      .encode();

  /** What AgencyClient did before CompactJws (without its NFC copy of the form, so if anything cheaper). */
  private static void nimbusDelivery(String form, com.nimbusds.jose.JWSSigner signer) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("http://localhost:8080").audience("000.21.30.H26")
        .issueTime(new Date()).jwtID(UUID.randomUUID().toString()).claim("receipt_code", "000.21.30.H26-261128-0001")
        .claim("procedure_code", "2.000720").claim("received_at", "2026-11-28T09:00:00+07:00").claim("due_at", "2026-12-03T17:00:00+07:00")
        .claim("form", new io.vertx.core.json.JsonObject(form).getMap()).claim("warnings", java.util.List.of()).build();
    SignedJWT j = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new com.nimbusds.jose.JOSEObjectType("dossier+jwt"))
        .keyID("k").build(), claims);
    j.sign(signer);
    j.serialize();
  }

  /** What AgencyClient does now. */
  private static void compactDelivery(String form, vn.egov.gateway.crypto.CompactJws jws) {
    jws.sign(new io.vertx.core.json.JsonObject().put("iss", "http://localhost:8080").put("aud", "000.21.30.H26")
        .put("iat", System.currentTimeMillis() / 1000).put("jti", UUID.randomUUID().toString())
        .put("receipt_code", "000.21.30.H26-261128-0001").put("procedure_code", "2.000720")
        .put("received_at", "2026-11-28T09:00:00+07:00").put("due_at", "2026-12-03T17:00:00+07:00")
        .put("form", java.text.Normalizer.isNormalized(form, java.text.Normalizer.Form.NFC) && !form.contains("\\u")
            ? new io.vertx.core.json.JsonObject(form) : null)
        .put("warnings", new io.vertx.core.json.JsonArray()));
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
