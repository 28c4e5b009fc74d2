package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code certs-dev/} is one consistent generation: a hand-replaced file would break
 * every dev TLS connection in ways that are slow to trace. Validity dates are not checked here, so
 * the build does not start failing the day the dev certificates expire.
 */
class DevPkiCommittedFilesTest {
  private static final Path DIR = Path.of("certs-dev");

  @Test
  void holdsEveryFileTheGeneratorWrites() {
    Stream<String> names = Stream.of(
        Stream.of("ca.crt", "ca.key", "README.md"),
        DevPki.LEAVES.stream().flatMap(leaf -> Stream.of(leaf.name() + ".crt", leaf.name() + ".key")),
        DevPki.SIGNING_KEYS.stream().map(key -> key.name() + ".jwk"),
        Stream.of(DevPki.PORTAL_KEY + ".public.jwks")).flatMap(s -> s);

    assertThat(names).allSatisfy(name -> assertThat(DIR.resolve(name)).isRegularFile());
  }

  @Test
  void everyCertificateChainsToTheCommittedCaAndMatchesItsKey() throws Exception {
    X509Certificate ca = PemFiles.readCertificate(DIR.resolve("ca.crt"));
    ca.verify(ca.getPublicKey());

    for (DevPki.Leaf leaf : DevPki.LEAVES) {
      X509Certificate cert = PemFiles.readCertificate(DIR.resolve(leaf.name() + ".crt"));
      cert.verify(ca.getPublicKey());
      assertThat(cert.getSubjectX500Principal().getName()).as(leaf.name()).isEqualTo(leaf.subject());
      assertThat(signatureVerifies(PemFiles.readPrivateKey(DIR.resolve(leaf.name() + ".key")), cert))
          .as(leaf.name() + ".key matches " + leaf.name() + ".crt").isTrue();
    }
  }

  @Test
  void productionRefusesAllOfIt() throws Exception {
    SigningKeys keys = SigningKeys.load(List.of(DIR.resolve("gateway-signing-1.jwk"), DIR.resolve("gateway-signing-2.jwk")));
    List<Path> certificates = Stream.concat(Stream.of("ca"), DevPki.LEAVES.stream().map(DevPki.Leaf::name))
        .map(name -> DIR.resolve(name + ".crt")).toList();

    assertThat(ProductionGuard.devMaterialProblems(keys, certificates)).hasSize(2 + certificates.size());
  }

  private static boolean signatureVerifies(PrivateKey key, X509Certificate cert) throws Exception {
    byte[] message = cert.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(cert.getPublicKey());
    verifier.update(message);
    return verifier.verify(signature);
  }
}
