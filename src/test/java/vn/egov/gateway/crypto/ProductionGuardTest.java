package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProductionGuardTest {
  @TempDir static Path temp;
  static Path dev;
  static Path prod;
  static SigningKeys productionKeys;
  static DevPki.Authority productionCa;

  @BeforeAll
  static void generate() throws Exception {
    dev = temp.resolve("certs-dev");
    DevPki.generate(dev, Clock.systemUTC());

    // Material as an operator would bring it: another CA, another subject, a key without "dev-"
    prod = Files.createDirectories(temp.resolve("prod"));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    KeyPair caKeys = DevPki.newEcKeyPair();
    X509Certificate ca = DevPki.selfSignedCa(caKeys, "CN=Example Production Root CA,O=Example Operator,C=VN",
        now, now.plus(3650, ChronoUnit.DAYS));
    productionCa = new DevPki.Authority(ca, caKeys.getPrivate());
    X509Certificate leaf = DevPki.issueLeaf(productionCa, DevPki.newEcKeyPair(),
        "CN=gateway.example.vn,O=Example Operator,C=VN", DevPki.Role.SERVER, now, now.plus(365, ChronoUnit.DAYS));
    PemFiles.writeCertificate(prod.resolve("ca.crt"), ca);
    PemFiles.writeCertificate(prod.resolve("gateway.crt"), leaf);
    productionKeys = new SigningKeys(List.of(productionKey("gw-2026-01")));
  }

  @Test
  void acceptsProductionKeysAndCertificates() {
    List<String> problems = ProductionGuard.devMaterialProblems(productionKeys,
        List.of(prod.resolve("ca.crt"), prod.resolve("gateway.crt")));

    assertThat(problems).isEmpty();
  }

  @Test
  void flagsEveryDevSigningKeyByItsKid() throws Exception {
    SigningKeys keys = SigningKeys.load(List.of(dev.resolve("gateway-signing-1.jwk"), dev.resolve("gateway-signing-2.jwk")));

    List<String> problems = ProductionGuard.devMaterialProblems(keys, List.of());

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("'dev-gateway-1'").contains("development key");
    assertThat(problems.get(1)).contains("'dev-gateway-2'");
  }

  @Test
  void flagsADevKeyPublishedBesideAProductionKey() throws Exception {
    SigningKeys keys = new SigningKeys(List.of(productionKey("gw-2026-01"),
        SigningKeys.loadEcJwk(dev.resolve("gateway-signing-2.jwk"))));

    assertThat(ProductionGuard.devMaterialProblems(keys, List.of()))
        .singleElement().asString().contains("'dev-gateway-2'");
  }

  @Test
  void flagsTheDevCaAsATrustAnchor() {
    Path ca = dev.resolve("ca.crt");

    assertThat(ProductionGuard.devMaterialProblems(productionKeys, List.of(ca)))
        .singleElement().asString()
        .startsWith(ca + ": ")
        .contains("egov-gateway DEV CA")
        .contains("is the development CA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "mock-vneid", "mock-register", "mock-agency", "demo-portal",
      "gateway-client", "agency-client"})
  void flagsEveryCertificateTheDevCaIssued(String name) {
    Path file = dev.resolve(name + ".crt");

    assertThat(ProductionGuard.devMaterialProblems(productionKeys, List.of(prod.resolve("gateway.crt"), file)))
        .singleElement().asString()
        .startsWith(file + ": ")
        .contains("issued by the development CA");
  }

  @Test
  void flagsADevCaHiddenInAChainFile() throws IOException {
    // A production leaf with the dev CA appended, as a full-chain file would carry it
    Path chain = temp.resolve("fullchain.crt");
    Files.writeString(chain, Files.readString(prod.resolve("gateway.crt")) + Files.readString(dev.resolve("ca.crt")));

    assertThat(ProductionGuard.devMaterialProblems(productionKeys, List.of(chain)))
        .singleElement().asString().contains("is the development CA");
  }

  @Test
  void reportsDevKeysAndCertificatesTogether() throws Exception {
    SigningKeys keys = SigningKeys.load(List.of(dev.resolve("gateway-signing-1.jwk")));

    List<String> problems = ProductionGuard.devMaterialProblems(keys,
        List.of(dev.resolve("gateway-client.crt"), prod.resolve("ca.crt"), dev.resolve("ca.crt")));

    assertThat(problems).hasSize(3);
    assertThat(problems).noneMatch(problem -> problem.contains(prod.toString()));
  }

  @Test
  void failsClosedOnACertificateFileItCannotRead() throws IOException {
    Path missing = temp.resolve("missing.crt");
    Path notPem = Files.writeString(temp.resolve("not-pem.crt"), "hello");

    List<String> problems = ProductionGuard.devMaterialProblems(productionKeys, List.of(missing, notPem));

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith(missing + ": cannot be checked");
    assertThat(problems.get(1)).startsWith(notPem + ": cannot be checked").contains("no PEM CERTIFICATE");
  }

  @Test
  void isDevCertificateTellsDevFromProduction() throws IOException {
    assertThat(ProductionGuard.isDevCertificate(PemFiles.readCertificate(dev.resolve("ca.crt")))).isTrue();
    assertThat(ProductionGuard.isDevCertificate(PemFiles.readCertificate(dev.resolve("agency-client.crt")))).isTrue();
    assertThat(ProductionGuard.isDevCertificate(PemFiles.readCertificate(prod.resolve("ca.crt")))).isFalse();
    assertThat(ProductionGuard.isDevCertificate(PemFiles.readCertificate(prod.resolve("gateway.crt")))).isFalse();
  }

  @Test
  void isDevCertificateFlagsTheDevCaNameEvenUnderAnotherIssuer() throws Exception {
    // A certificate naming the dev CA as its subject, issued by the production CA (cross-signing)
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    X509Certificate crossSigned = DevPki.issueLeaf(productionCa, DevPki.newEcKeyPair(), DevPki.CA_SUBJECT,
        DevPki.Role.CLIENT, now, now.plus(1, ChronoUnit.DAYS));

    crossSigned.verify(productionCa.certificate().getPublicKey());
    assertThat(ProductionGuard.isDevCertificate(crossSigned)).isTrue();
  }

  private static ECKey productionKey(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyID(kid).generate();
  }
}
