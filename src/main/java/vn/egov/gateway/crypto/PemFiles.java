package vn.egov.gateway.crypto;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Reads and writes PEM certificates and private keys with BouncyCastle. Blocking file I/O: call it
 * at start-up or from a worker, never on an event loop. Every error message names the file.
 */
public final class PemFiles {
  private PemFiles() {}

  /** Every certificate in the file, in file order (a leaf followed by its chain, for example). */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          certificates.add(converter.getCertificate(holder));
        }
      }
    } catch (CertificateException e) {
      throw new IOException(file + ": holds a malformed certificate (" + e.getMessage() + ")", e);
    }
    if (certificates.isEmpty()) throw new IOException(file + ": holds no PEM CERTIFICATE");
    return List.copyOf(certificates);
  }

  /** The first certificate in the file. */
  public static X509Certificate readCertificate(Path file) throws IOException {
    return readCertificates(file).get(0);
  }

  /**
   * The first private key in the file, as unencrypted PKCS#8 ("PRIVATE KEY") or the traditional
   * OpenSSL forms ("EC PRIVATE KEY", "RSA PRIVATE KEY"). Encrypted keys are refused, because
   * nothing here could supply the passphrase.
   */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
        // Not getKeyPair: an "EC PRIVATE KEY" often omits its optional public key (RFC 5915 section 3).
        if (object instanceof PEMKeyPair pair) return converter.getPrivateKey(pair.getPrivateKeyInfo());
        if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
          throw new IOException(file + ": the private key is encrypted; give an unencrypted PKCS#8 key");
        }
      }
    }
    throw new IOException(file + ": holds no PEM private key");
  }

  /** The certificate as one PEM "CERTIFICATE" block. */
  public static String toPem(X509Certificate certificate) {
    return pem(certificate);
  }

  /**
   * The key as unencrypted PKCS#8 ("PRIVATE KEY"), the one private-key form that Vert.x
   * {@code PemKeyCertOptions} and the JDK read for every algorithm.
   */
  public static String toPem(PrivateKey key) {
    try {
      return pem(new JcaPKCS8Generator(key, null).generate());
    } catch (PemGenerationException e) {
      throw new IllegalArgumentException("cannot encode the " + key.getAlgorithm() + " key as PKCS#8", e);
    }
  }

  public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
    Files.writeString(file, toPem(certificate), StandardCharsets.US_ASCII);
  }

  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    Files.writeString(file, toPem(key), StandardCharsets.US_ASCII);
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      // A StringWriter does not fail; only an object PEM cannot encode lands here.
      throw new IllegalArgumentException("cannot encode " + object.getClass().getSimpleName() + " as PEM", e);
    }
    return out.toString();
  }
}
