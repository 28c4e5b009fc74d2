package vn.egov.gateway.dev.register;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.config.ConfigLoader;
import vn.egov.gateway.config.ConfigReader;
import vn.egov.gateway.crypto.PemFiles;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.dev.vneid.MockVneidConfig;

/**
 * Settings of the mock population register, from {@code config/mock-register.yaml} with
 * {@code EGOV_MOCK_REGISTER_} environment overrides, or built directly by tests with {@link #forTests}.
 *
 * @param allowedClients subject CNs of the client certificates that may read records; a
 *                       certificate must also chain to {@code tls.clientCa} to get that far
 * @param latency        added before every answer (benchmarks, timeout tests); {@link Duration#ZERO} for none
 */
public record MockRegisterConfig(
    String host,
    int port,
    long seed,
    int population,
    Tls tls,
    List<String> allowedClients,
    Duration latency) {

  public static final String ENV_PREFIX = "EGOV_MOCK_REGISTER_";
  /** The mock VNeID's seed: a citizen who logs in there finds their own record here. */
  public static final long DEFAULT_SEED = MockVneidConfig.DEFAULT_SEED;
  public static final int DEFAULT_PORT = 9100;
  /** The subject CN of the gateway's dev client certificate ({@code certs-dev/gateway-client.crt}). */
  public static final List<String> DEFAULT_ALLOWED_CLIENTS = List.of("egov-gateway");
  /** A mock that sleeps longer than this before answering is a misconfiguration, not a benchmark. */
  static final Duration MAX_LATENCY = Duration.ofMinutes(5);

  /**
   * PEM files: the server's certificate and unencrypted PKCS#8 key, and the CA whose client
   * certificates the TLS handshake accepts.
   */
  public record Tls(Path cert, Path key, Path clientCa) {
    /** The dev PKI's files in {@code dir} ({@code certs-dev/} in the repository). */
    public static Tls devPki(Path dir) {
      return new Tls(dir.resolve("mock-register.crt"), dir.resolve("mock-register.key"), dir.resolve("ca.crt"));
    }
  }

  public MockRegisterConfig {
    if (population < 1 || population > CitizenGenerator.MAX_POPULATION) {
      throw new IllegalArgumentException("population must be between 1 and " + CitizenGenerator.MAX_POPULATION);
    }
    if (tls == null) throw new IllegalArgumentException("tls is required: the register only speaks mutual TLS");
    allowedClients = List.copyOf(allowedClients);
    if (allowedClients.isEmpty()) throw new IllegalArgumentException("allowedClients needs at least one subject CN");
    if (latency == null) latency = Duration.ZERO;
    if (latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
      throw new IllegalArgumentException("latency must be between PT0S and " + MAX_LATENCY + " (got " + latency + ")");
    }
  }

  /** Dev defaults on a random port of the loopback interface, with the dev PKI in {@code certsDir}. */
  public static MockRegisterConfig forTests(Path certsDir) {
    return new MockRegisterConfig("127.0.0.1", 0, DEFAULT_SEED, CitizenGenerator.DEFAULT_POPULATION, Tls.devPki(certsDir),
        DEFAULT_ALLOWED_CLIENTS, Duration.ZERO);
  }

  public MockRegisterConfig withLatency(Duration latency) {
    return new MockRegisterConfig(host, port, seed, population, tls, allowedClients, latency);
  }

  /**
   * Reads and validates the file and the PEM files it names, before anything starts; every problem
   * is reported at once in a {@link vn.egov.gateway.config.ConfigException}.
   */
  public static MockRegisterConfig load(Path file, Map<String, String> env) {
    ConfigReader r = new ConfigReader(file.toString(), ConfigLoader.readYaml(file), env, ENV_PREFIX);
    Path baseDir = file.toAbsolutePath().getParent();
    // Relative paths are relative to the project root, the config folder's parent (as in gateway.yaml).
    Path root = baseDir.getParent() == null ? baseDir : baseDir.getParent();

    String host = r.string("host", "127.0.0.1");
    int port = r.integer("port", DEFAULT_PORT, 0, 65535);
    long seed = r.longValue("seed", DEFAULT_SEED);
    int population = r.integer("population", CitizenGenerator.DEFAULT_POPULATION, 1, CitizenGenerator.MAX_POPULATION);
    Tls defaults = Tls.devPki(root.resolve("certs-dev"));
    Tls tls = new Tls(r.path("tls.cert", root, defaults.cert()), r.path("tls.key", root, defaults.key()),
        r.path("tls.client-ca", root, defaults.clientCa()));
    checkTls(r, tls);
    List<String> allowed = allowedClients(r);
    Duration latency = latency(r);
    r.throwIfProblems();
    return new MockRegisterConfig(host, port, seed, population, tls, allowed, latency);
  }

  /** The files must parse, and the key must be the certificate's: otherwise every handshake would fail later. */
  private static void checkTls(ConfigReader r, Tls tls) {
    X509Certificate cert = null;
    PrivateKey key = null;
    try {
      cert = PemFiles.readCertificate(tls.cert());
    } catch (IOException e) {
      r.problem("tls.cert", message(e));
    }
    try {
      key = PemFiles.readPrivateKey(tls.key());
    } catch (IOException e) {
      r.problem("tls.key", message(e));
    }
    try {
      PemFiles.readCertificates(tls.clientCa());
    } catch (IOException e) {
      r.problem("tls.client-ca", message(e));
    }
    if (cert != null && key != null && !matches(cert, key)) {
      r.problem("tls.key", tls.key() + ": is not the private key of " + tls.cert());
    }
  }

  /** Signs a probe with the key and verifies it with the certificate's public key. */
  private static boolean matches(X509Certificate cert, PrivateKey key) {
    String keyType = keyType(key.getAlgorithm());
    if (!keyType.equals(keyType(cert.getPublicKey().getAlgorithm()))) return false;
    String algorithm = switch (keyType) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> null;
    };
    // Another key type: the TLS handshake is left to judge it.
    if (algorithm == null) return true;
    try {
      byte[] probe = "mock-register key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** BouncyCastle calls EC keys "ECDSA", the JDK "EC". */
  private static String keyType(String algorithm) {
    return algorithm.equals("ECDSA") ? "EC" : algorithm;
  }

  private static String message(IOException e) {
    // NoSuchFileException's message is the bare path.
    return e instanceof NoSuchFileException ? e.getMessage() + ": no such file" : e.getMessage();
  }

  private static List<String> allowedClients(ConfigReader r) {
    List<String> out = new ArrayList<>();
    for (String cn : new LinkedHashSet<>(r.stringList("allowed-clients", DEFAULT_ALLOWED_CLIENTS))) {
      if (cn.isBlank()) {
        r.problem("allowed-clients", "holds a blank name");
      } else {
        out.add(cn.trim());
      }
    }
    if (out.isEmpty()) r.problem("allowed-clients", "needs at least one certificate subject CN: with none, every read is refused");
    return out;
  }

  /** Like {@link ConfigReader#duration} but PT0S is allowed: it switches an inherited latency off. */
  private static Duration latency(ConfigReader r) {
    String s = r.string("latency", null);
    if (s == null || s.isBlank()) return Duration.ZERO;
    Duration d;
    try {
      d = Duration.parse(s.trim());
    } catch (DateTimeParseException e) {
      r.problem("latency", "must be an ISO-8601 duration such as PT0.2S (got '" + s + "')");
      return Duration.ZERO;
    }
    if (d.isNegative() || d.compareTo(MAX_LATENCY) > 0) {
      r.problem("latency", "must be between PT0S and " + MAX_LATENCY + " (got " + s.trim() + ")");
      return Duration.ZERO;
    }
    return d;
  }
}
