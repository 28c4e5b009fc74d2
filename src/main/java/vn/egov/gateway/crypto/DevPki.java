package vn.egov.gateway.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The development PKI behind the {@code certs --out DIR} command: a dev CA, TLS server and client
 * certificates for every dev component, and token-signing JWKs. Everything it makes is marked as
 * development material (the CA's subject, {@code dev-} key ids) so that {@link ProductionGuard}
 * can refuse it in production.
 */
public final class DevPki {
  /** {@link ProductionGuard} recognises development certificates by this text in the CA's name. */
  public static final String DEV_CA_MARKER = "egov-gateway DEV CA";

  public static final String CA_SUBJECT =
      "CN=" + DEV_CA_MARKER + " (not for production),O=egov-gateway development";
  static final Period CA_VALIDITY = Period.ofYears(10);
  static final Period LEAF_VALIDITY = Period.ofYears(3);

  public static final String REGENERATE_COMMAND = "java -jar target/egov-gateway.jar certs --out certs-dev";

  private static final String DEV_ORG = "egov-gateway development";
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  /** What a leaf certificate is for; decides its extended key usage and whether it names hosts. */
  enum Role {
    SERVER,
    CLIENT
  }

  /** One leaf certificate: written as {@code name.crt} and {@code name.key}. */
  record Leaf(String name, String subject, Role role, String purpose) {}

  static final List<Leaf> LEAVES = List.of(
      server("gateway", "the gateway's HTTPS listener"),
      server("mock-vneid", "the mock national IdP (VNeID)"),
      server("mock-register", "the mock population register (mTLS server)"),
      server("mock-agency", "the mock agency back ends (mTLS server)"),
      server("demo-portal", "the demo portal"),
      new Leaf("gateway-client", "CN=egov-gateway,O=" + DEV_ORG, Role.CLIENT,
          "the gateway's client certificate towards the population register and agencies"),
      new Leaf("agency-client", "CN=000.00.01.H26,O=mock agency", Role.CLIENT,
          "agency 000.00.01.H26 calling the gateway's status endpoint"),
      agency("000.21.30.H26", "the mock agency 000.21.30.H26 (household businesses) reporting status to the gateway"),
      agency("000.22.30.H26", "the mock agency 000.22.30.H26 (schools, martyrs' graves) reporting status to the gateway"));

  /** One token-signing key: a private JWK written as {@code name.jwk}. */
  record SigningKey(String name, String kid, JWSAlgorithm algorithm, String purpose) {}

  static final List<SigningKey> SIGNING_KEYS = List.of(
      new SigningKey("gateway-signing-1", "dev-gateway-1", JWSAlgorithm.ES256,
          "the gateway's active token-signing key"),
      new SigningKey("gateway-signing-2", "dev-gateway-2", JWSAlgorithm.ES256,
          "a second gateway key, published in the JWKS, for key roll-over"),
      new SigningKey("mock-vneid-signing", "dev-mock-vneid-1", JWSAlgorithm.RS256,
          "the mock VNeID's ID-token signing key"),
      new SigningKey("demo-portal-signing", "dev-demo-portal-1", JWSAlgorithm.ES256,
          "the demo portal's private_key_jwt client-authentication key"));

  /** The signing key whose public JWK set is also written, for registering the portal. */
  static final String PORTAL_KEY = "demo-portal-signing";

  private static final SecureRandom RANDOM = new SecureRandom();

  private DevPki() {}

  /**
   * Writes the development PKI into {@code outDir}, creating it if needed and overwriting files of
   * the same names. Blocking; meant for the {@code certs} command, before any event loop runs.
   *
   * @param clock the certificates are valid from its current instant
   * @return the files written, in the order written
   * @throws IllegalArgumentException if {@code outDir} is an existing regular file
   * @throws UncheckedIOException if a file cannot be written
   */
  public static List<Path> generate(Path outDir, Clock clock) {
    if (Files.isRegularFile(outDir)) {
      throw new IllegalArgumentException(
          outDir + " is an existing file; --out needs a directory (it is created if missing)");
    }
    Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(outDir);

      KeyPair caKeys = newEcKeyPair();
      Authority ca = new Authority(selfSignedCa(caKeys, CA_SUBJECT, notBefore, plus(notBefore, CA_VALIDITY)),
          caKeys.getPrivate());
      written.add(write(outDir.resolve("ca.crt"), PemFiles.toPem(ca.certificate())));
      written.add(write(outDir.resolve("ca.key"), PemFiles.toPem(ca.key())));

      for (Leaf leaf : LEAVES) {
        KeyPair keys = newEcKeyPair();
        X509Certificate certificate = issueLeaf(ca, keys, leaf.subject(), leaf.role(), notBefore,
            plus(notBefore, LEAF_VALIDITY));
        written.add(write(outDir.resolve(leaf.name() + ".crt"), PemFiles.toPem(certificate)));
        written.add(write(outDir.resolve(leaf.name() + ".key"), PemFiles.toPem(keys.getPrivate())));
      }

      for (SigningKey key : SIGNING_KEYS) {
        JWK jwk = newSigningJwk(key);
        written.add(write(outDir.resolve(key.name() + ".jwk"), jwk.toJSONString() + "\n"));
        if (key.name().equals(PORTAL_KEY)) {
          written.add(write(outDir.resolve(key.name() + ".public.jwks"),
              new JWKSet(jwk.toPublicJWK()).toString(true) + "\n"));
        }
      }

      written.add(write(outDir.resolve("README.md"), readme()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the development PKI to " + outDir + ": " + e.getMessage(), e);
    }
    return List.copyOf(written);
  }

  /** A CA's certificate and the private key it signs with. */
  record Authority(X509Certificate certificate, PrivateKey key) {}

  static KeyPair newEcKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
    }
  }

  /** A self-signed CA that may sign end-entity certificates only. */
  static X509Certificate selfSignedCa(KeyPair keys, String subject, Instant notBefore, Instant notAfter) {
    X500Principal name = new X500Principal(subject);
    JcaX509ExtensionUtils utils = extensionUtils();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        name, serialNumber(), Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
    try {
      // RFC 5280 4.2.1.9: CA certificates MUST mark basicConstraints critical; path length 0
      // because this CA issues end-entity certificates only.
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      // RFC 5280 4.2.1.3: keyCertSign for certificates, cRLSign for revocation lists.
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      // RFC 5280 4.2.1.2: CA certificates MUST carry a subject key identifier.
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          utils.createSubjectKeyIdentifier(keys.getPublic()));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode the CA certificate's extensions", e);
    }
    return sign(builder, keys.getPrivate());
  }

  /** An end-entity certificate for {@code keys}, signed by {@code ca}. */
  static X509Certificate issueLeaf(Authority ca, KeyPair keys, String subject, Role role,
      Instant notBefore, Instant notAfter) {
    JcaX509ExtensionUtils utils = extensionUtils();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
        ca.certificate(), serialNumber(), Date.from(notBefore), Date.from(notAfter),
        new X500Principal(subject), keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      // ECDSA keys sign the TLS handshake; ECDHE does the key agreement, so no keyAgreement bit.
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          role == Role.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          utils.createSubjectKeyIdentifier(keys.getPublic()));
      // RFC 5280 4.2.1.1: the issuer's subject key identifier, so clients find the right CA key.
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(subjectKeyIdentifier(ca.certificate())));
      if (role == Role.SERVER) {
        // RFC 6125: TLS clients match host names against the SAN, not the subject CN.
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")}));
      }
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode the extensions of " + subject, e);
    }
    return sign(builder, ca.key());
  }

  private static JWK newSigningJwk(SigningKey key) {
    try {
      if (JWSAlgorithm.Family.EC.contains(key.algorithm())) {
        return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(key.algorithm())
            .keyID(key.kid()).secureRandom(RANDOM).generate();
      }
      return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(key.algorithm())
          .keyID(key.kid()).secureRandom(RANDOM).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the signing key " + key.kid(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey)));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate with " + SIGNATURE_ALGORITHM, e);
    }
  }

  private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension == null) {
      throw new IllegalArgumentException(certificate.getSubjectX500Principal() + " has no subject key identifier");
    }
    return SubjectKeyIdentifier.getInstance(
        ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
  }

  private static JcaX509ExtensionUtils extensionUtils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no SHA-1 for key identifiers", e);
    }
  }

  /** RFC 5280 4.1.2.2: a positive, unique serial of at most 20 octets; random makes it unique. */
  private static BigInteger serialNumber() {
    return new BigInteger(158, RANDOM).add(BigInteger.ONE);
  }

  private static Instant plus(Instant start, Period period) {
    return start.atOffset(ZoneOffset.UTC).plus(period).toInstant();
  }

  /** An agency's client certificate: the gateway's status API knows the agency by the CN, its e-ID code. */
  private static Leaf agency(String code, String purpose) {
    return new Leaf("agency-" + code, "CN=" + code + ",O=mock agency", Role.CLIENT, purpose);
  }

  private static Leaf server(String name, String purpose) {
    return new Leaf(name, "CN=" + name + ",O=" + DEV_ORG, Role.SERVER, purpose);
  }

  private static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static String readme() {
    StringBuilder md = new StringBuilder();
    md.append("# Development PKI: not for production\n\n")
        .append("Every key here is public: it is committed to the repository. Use these files for local\n")
        .append("development and tests only. Production mode refuses to start with them: it recognises\n")
        .append("certificates issued by \"").append(DEV_CA_MARKER).append("\" and signing keys whose `kid`\n")
        .append("starts with `").append(SigningKeys.DEV_KID_PREFIX).append("`.\n\n")
        .append("Regenerate (new keys, new certificates, same file names) with:\n\n")
        .append("    ").append(REGENERATE_COMMAND).append("\n\n")
        .append("## Certificate authority\n\n")
        .append("| file | what it is |\n|---|---|\n")
        .append("| `ca.crt` | the dev CA (EC P-256, ").append(CA_VALIDITY.getYears())
        .append(" years); trust it to accept the certificates below |\n")
        .append("| `ca.key` | the dev CA's private key (PKCS#8 PEM) |\n\n")
        .append("## TLS certificates\n\n")
        .append("EC P-256, ").append(LEAF_VALIDITY.getYears()).append(" years, signed by the dev CA. ")
        .append("Keys are unencrypted PKCS#8 PEM, as Vert.x `PemKeyCertOptions` reads them.\n")
        .append("Server certificates name `localhost`, `127.0.0.1` and `::1`.\n\n")
        .append("| files | use | subject | what it is |\n|---|---|---|---|\n");
    for (Leaf leaf : LEAVES) {
      md.append("| `").append(leaf.name()).append(".crt`, `").append(leaf.name()).append(".key` | ")
          .append(leaf.role() == Role.SERVER ? "TLS server" : "TLS client").append(" | `")
          .append(leaf.subject()).append("` | ").append(leaf.purpose()).append(" |\n");
    }
    md.append("\n## Token-signing keys\n\n")
        .append("Private JWKs (JSON), one key per file.\n\n")
        .append("| file | kid | alg | what it is |\n|---|---|---|---|\n");
    for (SigningKey key : SIGNING_KEYS) {
      md.append("| `").append(key.name()).append(".jwk` | `").append(key.kid()).append("` | ")
          .append(key.algorithm()).append(" | ").append(key.purpose()).append(" |\n");
      if (key.name().equals(PORTAL_KEY)) {
        md.append("| `").append(key.name()).append(".public.jwks` | `").append(key.kid())
            .append("` | ").append(key.algorithm())
            .append(" | its public JWK set, to register the demo portal for `private_key_jwt` |\n");
      }
    }
    return md.toString();
  }
}
