package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevPkiTest {
  private static final Instant NOW = Instant.parse("2026-03-01T08:30:15.750Z");
  private static final Instant VALID_FROM = Instant.parse("2026-03-01T08:30:15Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private static final List<String> EXPECTED_FILES = List.of(
      "ca.crt", "ca.key",
      "gateway.crt", "gateway.key",
      "mock-vneid.crt", "mock-vneid.key",
      "mock-register.crt", "mock-register.key",
      "mock-agency.crt", "mock-agency.key",
      "demo-portal.crt", "demo-portal.key",
      "gateway-client.crt", "gateway-client.key",
      "agency-client.crt", "agency-client.key",
      "agency-000.21.30.H26.crt", "agency-000.21.30.H26.key",
      "agency-000.22.30.H26.crt", "agency-000.22.30.H26.key",
      "gateway-signing-1.jwk", "gateway-signing-2.jwk",
      "mock-vneid-signing.jwk",
      "demo-portal-signing.jwk", "demo-portal-signing.public.jwks",
      "README.md");

  @TempDir static Path temp;
  static Path dir;
  static List<Path> written;
  static X509Certificate ca;

  @BeforeAll
  static void generate() throws IOException {
    // Given a directory that does not exist yet
    dir = temp.resolve("nested").resolve("certs-dev");
    // When the PKI is generated into it
    written = DevPki.generate(dir, CLOCK);
    ca = PemFiles.readCertificate(dir.resolve("ca.crt"));
  }

  @Test
  void writesExactlyTheFilesItReturns() throws IOException {
    assertThat(written).allSatisfy(file -> assertThat(file.getParent()).isEqualTo(dir));
    assertThat(written).extracting(file -> file.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(EXPECTED_FILES);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrderElementsOf(written);
    }
    assertThat(written).allSatisfy(file -> assertThat(Files.size(file)).isPositive());
  }

  @Test
  void caIsASelfSignedCaForEndEntitiesOnly() throws Exception {
    assertThat(ca.getSubjectX500Principal().getName())
        .isEqualTo("CN=egov-gateway DEV CA (not for production),O=egov-gateway development");
    assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    ca.verify(ca.getPublicKey());
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertP256(ca.getPublicKey());
    // basicConstraints CA:true, pathLen 0, critical
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
    boolean[] keyUsage = ca.getKeyUsage();
    assertThat(keyUsage[5]).as("keyCertSign").isTrue();
    assertThat(keyUsage[6]).as("cRLSign").isTrue();
    assertThat(keyUsage[0]).as("digitalSignature").isFalse();
    assertThat(subjectKeyId(ca)).isNotEmpty();
    assertThat(ca.getNotBefore().toInstant()).isEqualTo(VALID_FROM);
    assertThat(ca.getNotAfter().toInstant()).isEqualTo(Instant.parse("2036-03-01T08:30:15Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "mock-vneid", "mock-register", "mock-agency", "demo-portal"})
  void serverCertificatesAreForTlsServersOnLocalhost(String name) throws Exception {
    X509Certificate cert = PemFiles.readCertificate(dir.resolve(name + ".crt"));

    assertIsLeafOfCa(cert);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + name + ",O=egov-gateway development");
    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
        List.of(SAN_DNS, "localhost"), List.of(SAN_IP, "127.0.0.1"), List.of(SAN_IP, "0:0:0:0:0:0:0:1"));
  }

  @Test
  void gatewayClientCertificateNamesTheGateway() throws Exception {
    X509Certificate cert = PemFiles.readCertificate(dir.resolve("gateway-client.crt"));

    assertIsLeafOfCa(cert);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=egov-gateway,O=egov-gateway development");
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(cert.getSubjectAlternativeNames()).isNull();
  }

  @Test
  void agencyClientCertificateNamesTheAgencyByItsCode() throws Exception {
    X509Certificate cert = PemFiles.readCertificate(dir.resolve("agency-client.crt"));

    assertIsLeafOfCa(cert);
    assertThat(cert.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=000.00.01.H26,O=mock agency"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(cert.getSubjectAlternativeNames()).isNull();
  }

  @Test
  void serialNumbersArePositiveDistinctAndAtMostTwentyOctets() throws IOException {
    List<BigInteger> serials = new ArrayList<>();
    for (String name : certificateNames()) serials.add(PemFiles.readCertificate(dir.resolve(name + ".crt")).getSerialNumber());

    assertThat(serials).doesNotHaveDuplicates()
        .allSatisfy(serial -> {
          assertThat(serial.signum()).isPositive();
          assertThat(serial.toByteArray().length).isLessThanOrEqualTo(20);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"ca", "gateway", "mock-vneid", "mock-register", "mock-agency", "demo-portal",
      "gateway-client", "agency-client"})
  void eachPrivateKeyIsPkcs8AndSignsForItsCertificate(String name) throws Exception {
    Path keyFile = dir.resolve(name + ".key");
    assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    X509Certificate cert = PemFiles.readCertificate(dir.resolve(name + ".crt"));

    byte[] signature = sign(key, name);

    assertThat(verify(cert.getPublicKey(), name, signature)).isTrue();
    // and not for another certificate: the check above can tell keys apart
    String other = name.equals("gateway") ? "mock-vneid" : "gateway";
    assertThat(verify(PemFiles.readCertificate(dir.resolve(other + ".crt")).getPublicKey(), name, signature)).isFalse();
  }

  @Test
  void gatewaySigningKeysLoadAsTwoDistinctDevEs256Keys() throws Exception {
    SigningKeys keys = SigningKeys.load(List.of(dir.resolve("gateway-signing-1.jwk"), dir.resolve("gateway-signing-2.jwk")));

    assertThat(keys.all()).extracting(ECKey::getKeyID).containsExactly("dev-gateway-1", "dev-gateway-2");
    assertThat(keys.all()).allSatisfy(key -> {
      assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
      assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
    });
    assertThat(keys.all().get(0).getX()).isNotEqualTo(keys.all().get(1).getX());
    assertThat(keys.anyDevKey()).isTrue();
    // the private half matches the published public half
    JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("dev-gateway-1").build(),
        new Payload("{\"sub\":\"x\"}"));
    jws.sign(new ECDSASigner(keys.active()));
    ECKey published = (ECKey) keys.publicJwks().getKeyByKeyId("dev-gateway-1");
    assertThat(jws.verify(new ECDSAVerifier(published))).isTrue();
  }

  @Test
  void mockVneidKeyIsAPrivateRsa2048Rs256Jwk() throws Exception {
    JWK jwk = SigningKeys.loadJwk(dir.resolve("mock-vneid-signing.jwk"));

    assertThat(jwk).isInstanceOf(RSAKey.class);
    assertThat(jwk.isPrivate()).isTrue();
    assertThat(jwk.size()).isEqualTo(2048);
    assertThat(jwk.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
    assertThat(jwk.getKeyID()).isEqualTo("dev-mock-vneid-1");
  }

  @Test
  void demoPortalKeyIsPublishedAsAPublicOnlyJwks() throws Exception {
    ECKey key = SigningKeys.loadEcJwk(dir.resolve("demo-portal-signing.jwk"));
    Path jwksFile = dir.resolve("demo-portal-signing.public.jwks");

    JWKSet jwks = JWKSet.load(jwksFile.toFile());

    assertThat(key.getKeyID()).isEqualTo("dev-demo-portal-1");
    assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwks.getKeys()).containsExactly(key.toPublicJWK());
    assertThat(jwks.getKeys().get(0).isPrivate()).isFalse();
    assertThat(Files.readString(jwksFile)).doesNotContain("\"d\"");
  }

  @Test
  void readmeNamesEveryFileAndHowToRegenerate() throws IOException {
    String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);

    for (String file : EXPECTED_FILES) {
      if (!file.equals("README.md")) assertThat(readme).as(file).contains("`" + file + "`");
    }
    assertThat(readme).contains("not for production")
        .contains("java -jar target/egov-gateway.jar certs --out certs-dev");
  }

  @Test
  void regeneratingReplacesEveryKeyAndKeepsTheChainConsistent(@TempDir Path other) throws Exception {
    List<Path> first = DevPki.generate(other, CLOCK);
    X509Certificate firstCa = PemFiles.readCertificate(other.resolve("ca.crt"));

    List<Path> second = DevPki.generate(other, CLOCK);

    assertThat(second).isEqualTo(first);
    X509Certificate secondCa = PemFiles.readCertificate(other.resolve("ca.crt"));
    assertThat(secondCa.getPublicKey()).isNotEqualTo(firstCa.getPublicKey());
    X509Certificate gateway = PemFiles.readCertificate(other.resolve("gateway.crt"));
    gateway.verify(secondCa.getPublicKey());
    assertThat(authorityKeyId(gateway)).isEqualTo(subjectKeyId(secondCa));
  }

  @Test
  void refusesAnOutputPathThatIsAFile(@TempDir Path other) throws IOException {
    Path file = Files.writeString(other.resolve("certs-dev"), "not a directory");

    assertThatThrownBy(() -> DevPki.generate(file, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("directory");
    assertThat(Files.readString(file)).isEqualTo("not a directory");
  }

  private static void assertIsLeafOfCa(X509Certificate cert) throws Exception {
    cert.verify(ca.getPublicKey());
    assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertP256(cert.getPublicKey());
    assertThat(cert.getBasicConstraints()).as("CA:false").isEqualTo(-1);
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isFalse();
    assertThat(subjectKeyId(cert)).isNotEmpty().isNotEqualTo(subjectKeyId(ca));
    assertThat(authorityKeyId(cert)).isEqualTo(subjectKeyId(ca));
    assertThat(cert.getNotBefore().toInstant()).isEqualTo(VALID_FROM);
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(Instant.parse("2029-03-01T08:30:15Z"));
  }

  private static void assertP256(PublicKey key) {
    assertThat(key).isInstanceOf(ECPublicKey.class);
    assertThat(((ECPublicKey) key).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(((ECPublicKey) key).getParams().getOrder())
        .isEqualTo(new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16));
  }

  private static byte[] subjectKeyId(X509Certificate cert) {
    return SubjectKeyIdentifier.getInstance(extension(cert, Extension.subjectKeyIdentifier.getId())).getKeyIdentifier();
  }

  private static byte[] authorityKeyId(X509Certificate cert) {
    return AuthorityKeyIdentifier.getInstance(extension(cert, Extension.authorityKeyIdentifier.getId())).getKeyIdentifier();
  }

  private static byte[] extension(X509Certificate cert, String oid) {
    byte[] value = cert.getExtensionValue(oid);
    assertThat(value).as(oid + " in " + cert.getSubjectX500Principal()).isNotNull();
    return ASN1OctetString.getInstance(value).getOctets();
  }

  private static List<String> certificateNames() {
    return List.of("ca", "gateway", "mock-vneid", "mock-register", "mock-agency", "demo-portal",
        "gateway-client", "agency-client");
  }

  private static byte[] sign(PrivateKey key, String message) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(message.getBytes(StandardCharsets.UTF_8));
    return signer.sign();
  }

  private static boolean verify(PublicKey key, String message, byte[] signature) throws Exception {
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(key);
    verifier.update(message.getBytes(StandardCharsets.UTF_8));
    return verifier.verify(signature);
  }
}
