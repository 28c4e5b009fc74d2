package vn.egov.gateway.dev.agency;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.egov.gateway.config.ConfigLoader;
import vn.egov.gateway.config.ConfigReader;
import vn.egov.gateway.dossier.ReceiptCode;

/**
 * Settings of the mock agency back ends, from {@code config/mock-agency.yaml} with
 * {@code EGOV_MOCK_AGENCY_} environment overrides, or built by tests with {@link #forTests}.
 *
 * @param allowedClients subject CNs of the client certificates that may deliver (the gateway's)
 * @param agencies       the agencies served at {@code /agencies/{code}/dossiers}, each with the
 *                       client certificate it reports status with (CN = its code)
 */
public record MockAgencyConfig(
    String host,
    int port,
    Tls tls,
    List<String> allowedClients,
    Admin admin,
    Gateway gateway,
    List<Agency> agencies,
    long seed,
    int bodyLimit,
    Simulation simulation,
    Progression progression) {

  public static final String ENV_PREFIX = "EGOV_MOCK_AGENCY_";
  public static final int DEFAULT_PORT = 9200;
  public static final int DEFAULT_ADMIN_PORT = 9201;
  public static final long DEFAULT_SEED = 20220701L;
  public static final List<String> DEFAULT_ALLOWED_CLIENTS = List.of("egov-gateway");
  public static final List<String> DEV_AGENCIES = List.of("000.21.30.H26", "000.22.30.H26");
  static final Duration MAX_DELAY = Duration.ofHours(1);

  /** The server's certificate and key, and the CA a client certificate must chain to (PEM). */
  public record Tls(Path cert, Path key, Path clientCa) {
    public static Tls devPki(Path dir) {
      return new Tls(dir.resolve("mock-agency.crt"), dir.resolve("mock-agency.key"), dir.resolve("ca.crt"));
    }
  }

  /**
   * The plain-HTTP admin listener for tests and ops drills ({@code /dev/received}, {@code /dev/outage}):
   * no client certificate, so it listens on the loopback interface only by default.
   */
  public record Admin(String host, int port) {
  }

  /**
   * The gateway as the agencies see it.
   *
   * @param issuer       the {@code iss} every delivered JWS must carry
   * @param discoveryUrl its OpenID configuration, whose {@code jwks_uri} holds the signing keys
   * @param agencyApiUrl the base URL of its agency listener, where statuses are reported
   * @param trustedCa    the CA of the gateway's server certificates (agency listener, https discovery)
   */
  public record Gateway(URI issuer, URI discoveryUrl, URI agencyApiUrl, Path trustedCa, Duration jwksMinRefresh,
                        Duration jwksTtl) {
  }

  /** One agency: its e-ID code and the client certificate (CN = the code) it reports status with. */
  public record Agency(String code, Path clientCert, Path clientKey) {
    public static Agency devPki(Path dir, String code) {
      return new Agency(code, dir.resolve("agency-" + code + ".crt"), dir.resolve("agency-" + code + ".key"));
    }
  }

  /**
   * Failures to imitate. A fraction {@code failureRate} of the deliveries (decided per key and
   * attempt from the seed) gets {@code failureStatus}; of those, the fraction {@code afterStore} fails
   * after the dossier was stored (a lost answer: the retry gets 200). {@code acceptDelay} is waited
   * before every answer.
   */
  public record Simulation(double failureRate, int failureStatus, double afterStore, Duration retryAfter,
                           Duration acceptDelay) {
    public static Simulation none() {
      return new Simulation(0, 503, 0, Duration.ofSeconds(1), Duration.ZERO);
    }
  }

  /**
   * Processing after a dossier is stored: statuses 2 (accepted), 4 (processing), sometimes 5 (more
   * documents requested) and 4 again, 9 (resolved), 10 (returned), reported to the gateway.
   * {@code firstDelay} before the first report, {@code stepDelay} between reports, retries of a
   * failed report after {@code retryDelay}, doubling up to a minute.
   */
  public record Progression(boolean enabled, Duration firstDelay, Duration stepDelay, double moreDocumentsRate,
                            Duration retryDelay) {
    public static Progression off() {
      return new Progression(false, Duration.ZERO, Duration.ZERO, 0, Duration.ofSeconds(1));
    }
  }

  public MockAgencyConfig {
    allowedClients = List.copyOf(allowedClients);
    agencies = List.copyOf(agencies);
    if (allowedClients.isEmpty()) throw new IllegalArgumentException("allowedClients needs at least one subject CN");
    if (agencies.isEmpty()) throw new IllegalArgumentException("agencies needs at least one agency");
  }

  /** Dev PKI, random ports, no failures, no progression; the gateway's URLs as given. */
  public static MockAgencyConfig forTests(Path certsDir, URI issuer, URI discoveryUrl, URI agencyApiUrl) {
    List<Agency> agencies = DEV_AGENCIES.stream().map(code -> Agency.devPki(certsDir, code)).toList();
    return new MockAgencyConfig("127.0.0.1", 0, Tls.devPki(certsDir), DEFAULT_ALLOWED_CLIENTS, new Admin("127.0.0.1", 0),
        new Gateway(issuer, discoveryUrl, agencyApiUrl, certsDir.resolve("ca.crt"), Duration.ofSeconds(10), Duration.ofMinutes(10)),
        agencies, DEFAULT_SEED, 1024 * 1024, Simulation.none(), Progression.off());
  }

  public MockAgencyConfig withSimulation(Simulation s) {
    return new MockAgencyConfig(host, port, tls, allowedClients, admin, gateway, agencies, seed, bodyLimit, s, progression);
  }

  public MockAgencyConfig withProgression(Progression p) {
    return new MockAgencyConfig(host, port, tls, allowedClients, admin, gateway, agencies, seed, bodyLimit, simulation, p);
  }

  /** The same mock pointed at another gateway (dev mode points it at the embedded one). */
  public MockAgencyConfig withGateway(Gateway g) {
    return new MockAgencyConfig(host, port, tls, allowedClients, admin, g, agencies, seed, bodyLimit, simulation, progression);
  }

  /** Reads and validates the file; every problem is reported at once in a ConfigException. */
  public static MockAgencyConfig load(Path file, Map<String, String> env) {
    ConfigReader r = new ConfigReader(file.toString(), ConfigLoader.readYaml(file), env, ENV_PREFIX);
    Path baseDir = file.toAbsolutePath().getParent();
    Path root = baseDir.getParent() == null ? baseDir : baseDir.getParent();
    Path certs = root.resolve("certs-dev");

    String host = r.string("host", "127.0.0.1");
    int port = r.integer("port", DEFAULT_PORT, 0, 65535);
    Tls d = Tls.devPki(certs);
    Tls tls = new Tls(r.path("tls.cert", root, d.cert()), r.path("tls.key", root, d.key()), r.path("tls.client-ca", root, d.clientCa()));
    readable(r, "tls.cert", tls.cert());
    readable(r, "tls.key", tls.key());
    readable(r, "tls.client-ca", tls.clientCa());
    List<String> allowed = new ArrayList<>(new LinkedHashSet<>(r.stringList("allowed-clients", DEFAULT_ALLOWED_CLIENTS)));
    allowed.removeIf(String::isBlank);
    if (allowed.isEmpty()) r.problem("allowed-clients", "needs at least one certificate subject CN: with none, every delivery is refused");

    Admin admin = new Admin(r.string("admin.host", "127.0.0.1"), r.integer("admin.port", DEFAULT_ADMIN_PORT, 0, 65535));

    URI issuer = r.requiredUrl("gateway.issuer");
    URI discovery = r.url("gateway.discovery-url", issuer == null ? null
        : URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration"));
    URI agencyApi = r.requiredUrl("gateway.agency-api-url");
    Path gatewayCa = r.path("gateway.trusted-ca", root, certs.resolve("ca.crt"));
    readable(r, "gateway.trusted-ca", gatewayCa);
    Gateway gateway = new Gateway(issuer, discovery, agencyApi, gatewayCa,
        delay(r, "gateway.jwks-min-refresh", Duration.ofSeconds(10)), r.duration("gateway.jwks-ttl", Duration.ofMinutes(10)));

    List<Agency> agencies = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    for (ConfigReader a : r.sections("agencies")) {
      String code = a.requiredString("code");
      if (code == null) continue;
      try {
        ReceiptCode.of(code, java.time.Instant.parse("2026-01-01T00:00:00Z"), 1);
      } catch (IllegalArgumentException e) {
        a.problem("code", e.getMessage());
        continue;
      }
      if (!codes.add(code)) a.problem("code", "'" + code + "' is listed twice");
      Agency def = Agency.devPki(certs, code);
      Agency agency = new Agency(code, a.path("client-cert", root, def.clientCert()), a.path("client-key", root, def.clientKey()));
      readable(a, "client-cert", agency.clientCert());
      readable(a, "client-key", agency.clientKey());
      agencies.add(agency);
    }
    if (agencies.isEmpty()) r.problem("agencies", "needs at least one agency (code, client-cert, client-key)");

    long seed = r.longValue("seed", DEFAULT_SEED);
    int bodyLimit = r.integer("body-limit", 1024 * 1024, 1024, 64 * 1024 * 1024);
    int failureStatus = r.integer("simulation.failure.status", 503, 500, 599);
    Simulation simulation = new Simulation(
        fraction(r, "simulation.failure.rate", 0),
        failureStatus,
        fraction(r, "simulation.failure.after-store", 0),
        r.duration("simulation.failure.retry-after", Duration.ofSeconds(1)),
        delay(r, "simulation.accept-delay", Duration.ZERO));
    Progression progression = new Progression(
        r.bool("progression.enabled", true),
        delay(r, "progression.first-delay", Duration.ofSeconds(5)),
        delay(r, "progression.step-delay", Duration.ofSeconds(5)),
        fraction(r, "progression.more-documents-rate", 0.2),
        r.duration("progression.retry-delay", Duration.ofSeconds(1)));
    r.throwIfProblems();
    return new MockAgencyConfig(host, port, tls, allowed, admin, gateway, agencies, seed, bodyLimit, simulation, progression);
  }

  private static void readable(ConfigReader r, String key, Path p) {
    if (p != null && !Files.isReadable(p)) r.problem(key, "file " + p + " cannot be read");
  }

  /** A number from 0 to 1. */
  private static double fraction(ConfigReader r, String key, double fallback) {
    String s = r.string(key, null);
    if (s == null || s.isBlank()) return fallback;
    try {
      double v = Double.parseDouble(s.trim());
      if (v >= 0 && v <= 1) return v;
    } catch (NumberFormatException e) {
      // reported below
    }
    r.problem(key, "must be a number from 0 to 1 (got '" + s + "')");
    return fallback;
  }

  /** An ISO-8601 duration from PT0S up to an hour (zero is allowed: no delay). */
  private static Duration delay(ConfigReader r, String key, Duration fallback) {
    String s = r.string(key, null);
    if (s == null || s.isBlank()) return fallback;
    try {
      Duration d = Duration.parse(s.trim());
      if (!d.isNegative() && d.compareTo(MAX_DELAY) <= 0) return d;
    } catch (DateTimeParseException e) {
      // reported below
    }
    r.problem(key, "must be an ISO-8601 duration from PT0S to " + MAX_DELAY + " (got '" + s + "')");
    return fallback;
  }
}
