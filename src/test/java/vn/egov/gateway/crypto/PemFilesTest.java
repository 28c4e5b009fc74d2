package vn.egov.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
  @TempDir Path dir;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @Test
  void roundTripsACertificateChainInFileOrder() throws IOException {
    KeyPair caKeys = DevPki.newEcKeyPair();
    X509Certificate ca = DevPki.selfSignedCa(caKeys, "CN=Test CA", now, now.plus(1, ChronoUnit.DAYS));
    X509Certificate leaf = DevPki.issueLeaf(new DevPki.Authority(ca, caKeys.getPrivate()), DevPki.newEcKeyPair(),
        "CN=leaf", DevPki.Role.CLIENT, now, now.plus(1, ChronoUnit.DAYS));
    Path chain = Files.writeString(dir.resolve("chain.crt"), PemFiles.toPem(leaf) + PemFiles.toPem(ca));

    assertThat(PemFiles.readCertificates(chain)).containsExactly(leaf, ca);
    assertThat(PemFiles.readCertificate(chain)).isEqualTo(leaf);
  }

  @Test
  void writesPkcs8AndReadsItBack() throws IOException {
    KeyPair keys = DevPki.newEcKeyPair();
    Path file = dir.resolve("key.pem");

    PemFiles.writePrivateKey(file, keys.getPrivate());

    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    assertThat(PemFiles.readPrivateKey(file)).isEqualTo(keys.getPrivate());
  }

  @Test
  void readsTheTraditionalOpenSslKeyForm() throws Exception {
    // BouncyCastle's own EC keys encode the curve inside the key, as "openssl ecparam -genkey" does
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(keys.getPrivate());
    }
    Path file = Files.writeString(dir.resolve("ec.pem"), pem.toString());

    PrivateKey read = PemFiles.readPrivateKey(file);

    assertThat(pem.toString()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(read).isInstanceOf(ECPrivateKey.class);
    assertThat(((ECPrivateKey) read).getS()).isEqualTo(((ECPrivateKey) keys.getPrivate()).getS());
  }

  @Test
  void refusesAnEncryptedKeyNamingTheFile() throws Exception {
    StringWriter pem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
      writer.writeObject(new JcaPKCS8Generator(DevPki.newEcKeyPair().getPrivate(),
          new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
              .setPassword("secret".toCharArray()).build()));
    }
    Path file = Files.writeString(dir.resolve("encrypted.pem"), pem.toString());

    assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("encrypted");
  }

  @Test
  void saysWhenAFileHoldsNoCertificateOrKey() throws IOException {
    Path keyOnly = dir.resolve("key.pem");
    PemFiles.writePrivateKey(keyOnly, DevPki.newEcKeyPair().getPrivate());
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> PemFiles.readCertificates(keyOnly))
        .isInstanceOf(IOException.class).hasMessage(keyOnly + ": holds no PEM CERTIFICATE");
    assertThatThrownBy(() -> PemFiles.readPrivateKey(empty))
        .isInstanceOf(IOException.class).hasMessage(empty + ": holds no PEM private key");
  }
}
