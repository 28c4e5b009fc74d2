package vn.egov.gateway.dev.vneid;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.egov.gateway.config.ConfigLoader;
import vn.egov.gateway.config.ConfigReader;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.dev.CitizenGenerator;

/**
 * Settings of the mock VNeID, from {@code config/mock-vneid.yaml} with {@code EGOV_MOCK_VNEID_}
 * environment overrides, or built directly by tests with {@link #forTests}.
 *
 * @param issuer its OpenID issuer, or {@code null} for {@code http://localhost:<actual port>}
 *               (what tests on a random port want)
 */
public record MockVneidConfig(
    String host,
    int port,
    URI issuer,
    long seed,
    int population,
    int listedCitizens,
    int lockoutAfter,
    Duration lockoutDuration,
    Duration codeTtl,
    Duration tokenTtl,
    RSAKey signingKey,
    List<Client> clients) {

  public static final String ENV_PREFIX = "EGOV_MOCK_VNEID_";
  public static final long DEFAULT_SEED = 20220701L;
  public static final int DEFAULT_PORT = 9000;
  public static final int MAX_LISTED = 1000;
  private static final int MIN_RSA_BITS = 2048;

  /** A relying party of the mock; it authenticates with {@code client_secret_basic}. */
  public record Client(String clientId, String clientSecret, List<URI> redirectUris) {
    public Client {
      redirectUris = List.copyOf(redirectUris);
    }

    /** Exact string comparison, as OAuth 2.0 Security BCP (RFC 9700 section 4.1.3) requires. */
    public boolean allowsRedirect(URI redirectUri) {
      return redirectUris.stream().anyMatch(u -> u.toString().equals(redirectUri.toString()));
    }
  }

  public MockVneidConfig {
    if (signingKey == null || !signingKey.isPrivate() || signingKey.getKeyID() == null) {
      throw new IllegalArgumentException("the signing key must be a private RSA JWK with a kid");
    }
    if (population < 1 || population > CitizenGenerator.MAX_POPULATION) {
      throw new IllegalArgumentException("population must be between 1 and " + CitizenGenerator.MAX_POPULATION);
    }
    clients = List.copyOf(clients);
  }

  /** Dev defaults on a random port of the loopback interface, for tests. */
  public static MockVneidConfig forTests(RSAKey signingKey, List<Client> clients) {
    return new MockVneidConfig("127.0.0.1", 0, null, DEFAULT_SEED, CitizenGenerator.DEFAULT_POPULATION, 20,
        5, Duration.ofMinutes(15), Duration.ofSeconds(60), Duration.ofMinutes(5), signingKey, clients);
  }

  public Optional<Client> client(String clientId) {
    return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
  }

  /**
   * Reads and validates the file, the signing key it names included, before anything starts;
   * every problem is reported at once in a {@link vn.egov.gateway.config.ConfigException}.
   */
  public static MockVneidConfig load(Path file, Map<String, String> env) {
    ConfigReader r = new ConfigReader(file.toString(), ConfigLoader.readYaml(file), env, ENV_PREFIX);
    Path baseDir = file.toAbsolutePath().getParent();
    // Relative paths are relative to the project root, the config folder's parent (as in gateway.yaml).
    Path root = baseDir.getParent() == null ? baseDir : baseDir.getParent();

    String host = r.string("host", "127.0.0.1");
    int port = r.integer("port", DEFAULT_PORT, 0, 65535);
    URI issuer = r.url("issuer", port == 0 ? null : URI.create("http://localhost:" + port));
    if (issuer != null && (issuer.getRawQuery() != null || !(issuer.getRawPath() == null || issuer.getRawPath().isEmpty()))) {
      r.problem("issuer", "must be scheme://host[:port] without path or query: the mock serves its endpoints from / (got '" + issuer + "')");
    }
    long seed = r.longValue("seed", DEFAULT_SEED);
    int population = r.integer("population", CitizenGenerator.DEFAULT_POPULATION, 1, CitizenGenerator.MAX_POPULATION);
    int listed = r.integer("listed-citizens", 20, 0, MAX_LISTED);
    int lockoutAfter = r.integer("lockout.after", 5, 1, 100);
    Duration lockoutDuration = r.duration("lockout.duration", Duration.ofMinutes(15));
    Duration codeTtl = r.duration("code-ttl", Duration.ofSeconds(60));
    if (codeTtl.compareTo(Duration.ofMinutes(10)) > 0) r.problem("code-ttl", "must be at most PT10M (RFC 6749 section 4.1.2)");
    Duration tokenTtl = r.duration("token-ttl", Duration.ofMinutes(5));
    RSAKey key = signingKey(r, r.path("signing-key", root, null));
    List<Client> clients = clients(r);
    r.throwIfProblems();
    return new MockVneidConfig(host, port, issuer, seed, population, listed, lockoutAfter, lockoutDuration, codeTtl, tokenTtl,
        key, clients);
  }

  private static RSAKey signingKey(ConfigReader r, Path file) {
    if (file == null) {
      r.problem("signing-key", "is required: the file of a private RSA JWK (RS256)");
      return null;
    }
    JWK jwk;
    try {
      jwk = SigningKeys.loadJwk(file);
    } catch (SigningKeys.KeyLoadException e) {
      r.problem("signing-key", e.getMessage());
      return null;
    }
    if (!(jwk instanceof RSAKey rsa)) {
      r.problem("signing-key", file + ": must be an RSA key (RS256), not " + jwk.getKeyType());
      return null;
    }
    if (!rsa.isPrivate()) r.problem("signing-key", file + ": holds no private key");
    if (rsa.getKeyID() == null) r.problem("signing-key", file + ": the key has no kid");
    if (rsa.size() < MIN_RSA_BITS) r.problem("signing-key", file + ": must be at least " + MIN_RSA_BITS + " bits (RFC 7518 section 3.3)");
    return rsa;
  }

  private static List<Client> clients(ConfigReader r) {
    List<Client> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (ConfigReader c : r.sections("clients")) {
      String id = c.requiredString("client-id");
      if (id != null && !ids.add(id)) c.problem("client-id", "'" + id + "' is registered twice");
      String secret = c.requiredString("client-secret");
      List<URI> redirects = new ArrayList<>();
      for (String v : c.stringList("redirect-uris", List.of())) {
        try {
          URI u = new URI(v);
          if (!u.isAbsolute() || u.getFragment() != null) {
            c.problem("redirect-uris", "'" + v + "' must be absolute and without a fragment (RFC 6749 section 3.1.2)");
          } else {
            redirects.add(u);
          }
        } catch (URISyntaxException e) {
          c.problem("redirect-uris", "'" + v + "' is not a URI");
        }
      }
      if (redirects.isEmpty()) c.problem("redirect-uris", "needs at least one URI");
      out.add(new Client(id, secret, redirects));
    }
    if (out.isEmpty()) r.problem("clients", "needs at least one client");
    return out;
  }
}
