package vn.egov.gateway.config;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import vn.egov.gateway.oidc.Scope;
import vn.egov.gateway.store.StoreOptions;

/**
 * Reads {@code gateway.yaml} and the clients file it names, applies environment overrides
 * ({@code EGOV_...}) and validates everything before anything starts. Runs once at start-up,
 * before Vert.x exists, so plain file I/O is fine here.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "EGOV_";

  private ConfigLoader() {
  }

  public static GatewayConfig load(Path file, Map<String, String> env) {
    Path baseDir = file.toAbsolutePath().getParent();
    ConfigReader r = new ConfigReader(file.toString(), readYaml(file), env, ENV_PREFIX);

    GatewayConfig.Mode mode = r.enumValue("mode", GatewayConfig.Mode.class, GatewayConfig.Mode.PRODUCTION,
        m -> m.name().toLowerCase(java.util.Locale.ROOT));
    boolean dev = mode == GatewayConfig.Mode.DEV;

    // Relative paths in the file are relative to the project root, i.e. the config folder's parent.
    Path root = baseDir.getParent() == null ? baseDir : baseDir.getParent();

    HttpConfig http = new HttpConfig(
        r.string("http.host", "0.0.0.0"),
        r.integer("http.port", 8080, 0, 65535),
        r.requiredUrl("http.public-url"),
        r.integer("http.body-limit", 64 * 1024, 1024, 64 * 1024 * 1024),
        r.integer("http.instances", Runtime.getRuntime().availableProcessors(), 1, 256));
    if (http.publicUrl() != null) {
      if (http.publicUrl().getRawQuery() != null) r.problem("http.public-url", "must not have a query (it is the OIDC issuer)");
      if (!dev && !http.secure()) r.problem("http.public-url", "must be https outside dev mode (got '" + http.publicUrl() + "')");
    }

    List<Path> keys = new ArrayList<>();
    for (String k : r.stringList("tokens.signing-keys", List.of())) keys.add(resolve(root, k));
    if (keys.isEmpty()) r.problem("tokens.signing-keys", "is required: at least one ES256 key file");
    TokenConfig tokens = new TokenConfig(
        keys,
        r.duration("tokens.access-token-ttl", Duration.ofMinutes(5)),
        r.duration("tokens.id-token-ttl", Duration.ofMinutes(5)),
        r.duration("tokens.refresh-token-ttl", Duration.ofHours(8)),
        r.duration("tokens.code-ttl", Duration.ofSeconds(60)),
        r.requiredString("tokens.pairwise-salt"));
    if (tokens.accessTokenTtl().compareTo(Duration.ofHours(1)) > 0) {
      r.problem("tokens.access-token-ttl", "must be at most PT1H: access tokens are short-lived");
    }
    if (tokens.codeTtl().compareTo(Duration.ofMinutes(10)) > 0) {
      r.problem("tokens.code-ttl", "must be at most PT10M (RFC 6749 section 4.1.2)");
    }
    if (tokens.pairwiseSalt() != null && !dev && tokens.pairwiseSalt().length() < 32) {
      r.problem("tokens.pairwise-salt", "must be at least 32 characters outside dev mode");
    }

    SessionConfig session = new SessionConfig(
        r.duration("session.ttl", Duration.ofHours(8)),
        r.duration("session.login-timeout", Duration.ofMinutes(10)),
        r.string("session.redis-url", null),
        r.string("session.redis-prefix", "egov:"));
    if (session.redisUrl() != null && !session.redisUrl().matches("^rediss?://.+")) {
      r.problem("session.redis-url", "must be a redis:// or rediss:// URL (got '" + session.redisUrl() + "')");
    }

    UpstreamConfig upstream = upstream(r, root);

    RegisterConfig register = register(r, root, dev);
    StoreOptions store = store(r, root, dev);
    Path proceduresDir = r.path("procedures-dir", baseDir, baseDir.resolve("procedures"));
    DossierConfig dossiers = new DossierConfig(
        r.path("dossiers.calendar", baseDir, baseDir.resolve("holidays-vn.csv")),
        r.duration("dossiers.overdue-check", Duration.ofMinutes(1)),
        r.duration("dossiers.webhook-timeout", Duration.ofSeconds(5)),
        r.integer("dossiers.webhook-attempts", 12, 1, 100));

    Path clientsFile = r.path("clients-file", baseDir, baseDir.resolve("clients.yaml"));
    List<ClientConfig> clients = clients(r.other(clientsFile.toString(), readYaml(clientsFile), null), dev);

    GatewayConfig.DevConfig devConfig = null;
    if (dev) {
      devConfig = new GatewayConfig.DevConfig(
          r.integer("dev.demo-portal-port", 8081, 0, 65535),
          r.path("dev.mock-vneid-config", baseDir, baseDir.resolve("mock-vneid.yaml")),
          r.path("dev.mock-register-config", baseDir, baseDir.resolve("mock-register.yaml")),
          r.path("dev.mock-agency-config", baseDir, baseDir.resolve("mock-agency.yaml")),
          r.bool("dev.mock-agencies", true));
    }
    AgencyApiConfig agencyApi = agencyApi(r, root);
    DeliveryConfig delivery = delivery(r, root);
    List<AgencyConfig> agencies = agencies(r, dev, delivery);
    OpsConfig ops = ops(r);
    r.throwIfProblems();
    return new GatewayConfig(mode, root, http, tokens, session, upstream, register, store, proceduresDir, dossiers, clients, devConfig,
        agencyApi, agencies, delivery, ops);
  }

  /** Optional: without the section no agency listener starts. With it, mutual TLS is not optional. */
  private static AgencyApiConfig agencyApi(ConfigReader r, Path root) {
    if (!r.has("agency-api")) return null;
    Path cert = r.has("agency-api.cert") ? resolve(root, r.string("agency-api.cert", null)) : null;
    Path key = r.has("agency-api.key") ? resolve(root, r.string("agency-api.key", null)) : null;
    Path ca = r.has("agency-api.trusted-ca") ? resolve(root, r.string("agency-api.trusted-ca", null)) : null;
    if (cert == null) r.problem("agency-api.cert", "is required: the agency listener's server certificate (PEM)");
    if (key == null) r.problem("agency-api.key", "is required: the private key of agency-api.cert (PKCS#8 PEM)");
    if (ca == null) r.problem("agency-api.trusted-ca", "is required: the CA that issues the agencies' client certificates");
    for (String k : new String[] {"cert", "key", "trusted-ca"}) {
      Path p = switch (k) {
        case "cert" -> cert;
        case "key" -> key;
        default -> ca;
      };
      if (p != null && !Files.isReadable(p)) r.problem("agency-api." + k, "file " + p + " cannot be read");
    }
    return new AgencyApiConfig(
        r.string("agency-api.host", "0.0.0.0"),
        r.integer("agency-api.port", 8443, 0, 65535),
        cert, key, ca,
        r.integer("agency-api.body-limit", 16 * 1024, 1024, 1024 * 1024),
        r.duration("agency-api.future-tolerance", Duration.ofMinutes(5)));
  }

  private static OpsConfig opsSettings(ConfigReader r, List<OpsConfig.User> users) {
    OpsConfig d = OpsConfig.defaults();
    String token = r.string("ops.metrics-token", null);
    if (token != null && token.length() < 32) r.problem("ops.metrics-token", "must be at least 32 characters");
    String healthPath = r.string("ops.register-health-path", d.registerHealthPath());
    if (!healthPath.startsWith("/")) r.problem("ops.register-health-path", "must start with / (got '" + healthPath + "')");
    Duration cache = r.duration("ops.readiness-cache", d.readinessCache());
    if (cache.isNegative()) r.problem("ops.readiness-cache", "must not be negative");
    Duration timeout = r.duration("ops.readiness-timeout", d.readinessTimeout());
    if (timeout.isNegative() || timeout.isZero()) r.problem("ops.readiness-timeout", "must be positive");
    Duration refresh = r.duration("ops.gauge-refresh", d.gaugeRefresh());
    if (refresh.compareTo(Duration.ofSeconds(1)) < 0) r.problem("ops.gauge-refresh", "must be at least PT1S");
    Duration statistics = r.duration("ops.statistics-refresh", d.statisticsRefresh());
    if (statistics.compareTo(Duration.ofSeconds(1)) < 0) r.problem("ops.statistics-refresh", "must be at least PT1S");
    return new OpsConfig(users, cache, timeout, refresh, statistics, token, healthPath);
  }

  private static StoreOptions store(ConfigReader r, Path root, boolean dev) {
    String kind = r.string("store.kind", "embedded");
    int poolSize = r.integer("store.pool-size", dev ? 8 : 16, 1, 500);
    switch (kind) {
      case "embedded" -> {
        if (!dev) r.problem("store.kind", "must be postgresql outside dev mode: instances must share the store");
        String path = r.string("store.path", "data/egov");
        StoreOptions o = path.startsWith("mem:") ? StoreOptions.embeddedMemory(path.substring(4))
            : StoreOptions.embeddedFile(resolve(root, path));
        return o.withPoolSize(poolSize);
      }
      case "postgresql" -> {
        String host = r.requiredString("store.host");
        String database = r.requiredString("store.database");
        String user = r.requiredString("store.user");
        if (host == null || database == null || user == null) return StoreOptions.embeddedMemory("invalid");
        StoreOptions o = StoreOptions.postgres(host, r.integer("store.port", 5432, 1, 65535), database, user,
            r.string("store.password", null)).withPoolSize(poolSize);
        String schema = r.string("store.schema", null);
        return schema == null ? o : o.withSchema(schema);
      }
      default -> {
        r.problem("store.kind", "must be embedded or postgresql (got '" + kind + "')");
        return StoreOptions.embeddedMemory("invalid");
      }
    }
  }

  private static RegisterConfig register(ConfigReader r, Path root, boolean dev) {
    URI url = r.requiredUrl("register.base-url");
    boolean tls = url != null && url.getScheme().equals("https");
    if (url != null && !dev && !tls) r.problem("register.base-url", "must be https (mutual TLS) outside dev mode (got '" + url + "')");
    Path cert = r.has("register.client-cert") ? resolve(root, r.string("register.client-cert", null)) : null;
    Path key = r.has("register.client-key") ? resolve(root, r.string("register.client-key", null)) : null;
    Path ca = r.has("register.trusted-ca") ? resolve(root, r.string("register.trusted-ca", null)) : null;
    if (tls) {
      if (cert == null) r.problem("register.client-cert", "is required for mutual TLS with an https register");
      if (key == null) r.problem("register.client-key", "is required for mutual TLS with an https register");
      if (ca == null) r.problem("register.trusted-ca", "is required: the CA that signs the register's certificate");
    }
    for (Path p : new Path[] {cert, key, ca}) {
      if (p != null && !Files.isReadable(p)) r.problem("register", "file " + p + " cannot be read");
    }
    return new RegisterConfig(url, cert, key, ca,
        r.duration("register.connect-timeout", Duration.ofSeconds(1)),
        r.duration("register.timeout", Duration.ofSeconds(2)),
        r.integer("register.breaker.max-failures", 5, 1, 1000),
        r.duration("register.breaker.reset", Duration.ofSeconds(10)),
        r.integer("register.max-connections", 32, 1, 1000),
        keepAlive(r, "register.keep-alive", Duration.ofMinutes(5)));
  }

  /** A pooled connection's idle life: whole seconds, as the HTTP client counts them, up to an hour. */
  private static Duration keepAlive(ConfigReader r, String key, Duration fallback) {
    Duration d = r.duration(key, fallback);
    if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(1)) > 0) {
      r.problem(key, "must be between PT1S and PT1H (got " + d + ")");
      return fallback;
    }
    return d;
  }

  private static DeliveryConfig delivery(ConfigReader r, Path root) {
    Path cert = r.has("delivery.client-cert") ? resolve(root, r.string("delivery.client-cert", null)) : null;
    Path key = r.has("delivery.client-key") ? resolve(root, r.string("delivery.client-key", null)) : null;
    Path ca = r.has("delivery.trusted-ca") ? resolve(root, r.string("delivery.trusted-ca", null)) : null;
    for (Path p : new Path[] {cert, key, ca}) {
      if (p != null && !Files.isReadable(p)) r.problem("delivery", "file " + p + " cannot be read");
    }
    DeliveryConfig d = new DeliveryConfig(
        r.bool("delivery.enabled", true),
        cert, key, ca,
        r.duration("delivery.connect-timeout", Duration.ofSeconds(2)),
        r.duration("delivery.timeout", Duration.ofSeconds(10)),
        r.integer("delivery.max-in-flight", 8, 1, 1000),
        r.duration("delivery.retry.initial-backoff", Duration.ofSeconds(1)),
        r.duration("delivery.retry.max-backoff", Duration.ofMinutes(30)),
        r.integer("delivery.retry.budget", 30, 1, 10_000),
        r.duration("delivery.lease-duration", Duration.ofSeconds(60)),
        r.duration("delivery.poll-interval", Duration.ofSeconds(1)),
        r.integer("delivery.batch-size", 64, 1, 10_000),
        r.integer("delivery.breaker.max-failures", 5, 1, 1000),
        r.duration("delivery.breaker.reset", Duration.ofSeconds(30)));
    if (d.maxBackoff().compareTo(d.initialBackoff()) < 0) {
      r.problem("delivery.retry.max-backoff", "must not be shorter than delivery.retry.initial-backoff");
    }
    return d;
  }

  private static List<AgencyConfig> agencies(ConfigReader r, boolean dev, DeliveryConfig delivery) {
    List<AgencyConfig> out = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    boolean anyTls = false;
    for (ConfigReader a : r.sections("agencies")) {
      String code = a.requiredString("code");
      if (code != null && !codes.add(code)) a.problem("code", "'" + code + "' is configured twice");
      if (code != null) {
        try {
          new vn.egov.gateway.dossier.ReceiptCode(code, java.time.LocalDate.of(2026, 1, 1), 1);
        } catch (IllegalArgumentException e) {
          a.problem("code", e.getMessage());
        }
      }
      URI url = a.requiredUrl("base-url");
      if (url != null && url.getRawQuery() != null) a.problem("base-url", "must not have a query (got '" + url + "')");
      if (url != null && !url.getScheme().equals("https") && !dev) {
        a.problem("base-url", "must be https (mutual TLS) outside dev mode (got '" + url + "')");
      }
      AgencyConfig agency = new AgencyConfig(code, url,
          a.integer("max-in-flight", delivery.maxInFlight(), 1, 1000),
          a.duration("timeout", delivery.timeout()));
      if (code == null || url == null) continue;
      anyTls |= agency.tls();
      // A lease must outlive the request it covers, queueing behind the agency's in-flight limit
      // included, or another instance could send the job while this one still waits for the answer.
      Duration longest = delivery.connectTimeout().plus(agency.timeout()).multipliedBy(3);
      if (delivery.leaseDuration().compareTo(longest) < 0) {
        r.problem("delivery.lease-duration", "must be at least three times connect-timeout + timeout of agency " + code
            + " (" + longest + "): a lease must outlive the requests it covers");
      }
      out.add(agency);
    }
    if (anyTls) {
      if (delivery.clientCert() == null) r.problem("delivery.client-cert", "is required for mutual TLS with https agencies");
      if (delivery.clientKey() == null) r.problem("delivery.client-key", "is required for mutual TLS with https agencies");
      if (delivery.trustedCa() == null) r.problem("delivery.trusted-ca", "is required: the CA that signs the agencies' certificates");
    }
    return List.copyOf(out);
  }

  private static OpsConfig ops(ConfigReader r) {
    List<OpsConfig.User> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigReader u : r.sections("ops.users")) {
      String name = u.requiredString("username");
      String hash = u.requiredString("password-hash");
      if (name == null || hash == null) continue;
      if (name.contains(":")) u.problem("username", "must not contain ':' (HTTP Basic, RFC 7617)");
      if (!names.add(name)) u.problem("username", "'" + name + "' is configured twice");
      try {
        vn.egov.gateway.ops.PasswordHash.parse(hash);
      } catch (IllegalArgumentException e) {
        u.problem("password-hash", e.getMessage());
      }
      users.add(new OpsConfig.User(name, hash));
    }
    return opsSettings(r, List.copyOf(users));
  }

  private static UpstreamConfig upstream(ConfigReader r, Path root) {
    ClientAuthMethod method = r.enumValue("upstream.auth-method", ClientAuthMethod.class,
        ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod::value);
    String secret = r.string("upstream.client-secret", null);
    Path privateKey = r.has("upstream.private-key") ? resolve(root, r.string("upstream.private-key", null)) : null;
    if (method == ClientAuthMethod.CLIENT_SECRET_BASIC && (secret == null || secret.isBlank())) {
      r.problem("upstream.client-secret", "is required with auth-method client_secret_basic");
    }
    if (method == ClientAuthMethod.PRIVATE_KEY_JWT && privateKey == null) {
      r.problem("upstream.private-key", "is required with auth-method private_key_jwt");
    }
    List<String> algs = r.stringList("upstream.id-token-algorithms", List.of("RS256", "ES256", "PS256"));
    for (String alg : algs) {
      if (!Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512").contains(alg)) {
        r.problem("upstream.id-token-algorithms", "'" + alg + "' is not allowed: only asymmetric RSA and EC signatures are accepted");
      }
    }
    var claims = new UpstreamConfig.ClaimMapping(
        r.string("upstream.claims.identity-number", "SoDinhDanh"),
        r.string("upstream.claims.name", "HoVaTen"),
        r.string("upstream.claims.birthdate", "NgayThangNamSinh"),
        r.string("upstream.claims.birthdate-format", "yyyyMMdd"),
        r.string("upstream.claims.gender", "GioiTinh"),
        r.string("upstream.claims.gender-male", "Nam"),
        r.string("upstream.claims.gender-female", "Nữ"),
        r.string("upstream.claims.phone", "SoDienThoai"),
        r.string("upstream.claims.email", "ThuDienTu"),
        r.string("upstream.claims.permanent-address", "ThuongTru"),
        r.string("upstream.claims.current-address", "NoiOHienNay"));
    try {
      java.time.format.DateTimeFormatter.ofPattern(claims.birthdateFormat());
    } catch (IllegalArgumentException e) {
      r.problem("upstream.claims.birthdate-format", "is not a date pattern (" + e.getMessage() + ")");
    }
    var acrValues = r.stringMap("upstream.acr-values", Map.of("LoA1", "LoA1", "LoA2", "LoA2"));
    acrValues.forEach((k, v) -> {
      if (!v.equals("LoA1") && !v.equals("LoA2")) r.problem("upstream.acr-values." + k, "must map to LoA1 or LoA2 (got '" + v + "')");
    });
    return new UpstreamConfig(
        r.requiredUrl("upstream.discovery-url"),
        r.requiredString("upstream.client-id"),
        secret, method, privateKey, algs,
        r.string("upstream.scope", "openid"),
        r.duration("upstream.timeout", Duration.ofSeconds(5)),
        r.duration("upstream.jwks-cache-ttl", Duration.ofMinutes(10)),
        r.integer("upstream.max-connections", 64, 1, 1000),
        claims,
        r.string("upstream.acr-claim", "acr"),
        acrValues);
  }

  private static List<ClientConfig> clients(ConfigReader file, boolean dev) {
    List<ClientConfig> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (ConfigReader c : file.sections("clients")) {
      String id = c.requiredString("client-id");
      if (id != null && !ids.add(id)) c.problem("client-id", "'" + id + "' is registered twice");
      ClientAuthMethod method = c.enumValue("auth-method", ClientAuthMethod.class, ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod::value);
      String secret = c.string("secret", null);
      JWKSet jwks = null;
      if (method == ClientAuthMethod.CLIENT_SECRET_BASIC) {
        if (secret == null || secret.isBlank()) c.problem("secret", "is required with auth-method client_secret_basic");
        else if (!dev && secret.length() < 32) c.problem("secret", "must be at least 32 characters outside dev mode");
      } else {
        Object raw = c.raw("jwks");
        if (raw == null && c.has("jwks-file")) {
          Path jwksFile = c.path("jwks-file", baseDirOf(file), null);
          try {
            raw = Files.readString(jwksFile);
          } catch (IOException e) {
            c.problem("jwks-file", "cannot be read (" + e.getMessage() + ")");
            raw = "{}";
          }
        }
        if (raw == null) {
          c.problem("jwks", "is required with auth-method private_key_jwt (the portal's public keys)");
        } else {
          try {
            jwks = JWKSet.parse(raw instanceof Map<?, ?> m ? new io.vertx.core.json.JsonObject(toStringKeyed(m)).encode() : String.valueOf(raw));
            if (jwks.getKeys().stream().anyMatch(k -> k.isPrivate())) c.problem("jwks", "must hold public keys only");
          } catch (java.text.ParseException e) {
            c.problem("jwks", "is not a JWK set (" + e.getMessage() + ")");
          }
        }
      }
      List<URI> redirects = uris(c, "redirect-uris", dev, true);
      List<URI> postLogout = uris(c, "post-logout-redirect-uris", dev, false);
      Set<String> scopes = new LinkedHashSet<>(c.stringList("scopes", List.of("openid")));
      for (String s : scopes) if (Scope.of(s).isEmpty()) c.problem("scopes", "'" + s + "' is not in the scope catalogue");
      if (!scopes.contains("openid")) c.problem("scopes", "must include openid");
      String nameVi = c.requiredString("name");
      String purposeVi = c.requiredString("purpose");
      out.add(new ClientConfig(id, nameVi, c.string("name-en", nameVi), purposeVi, c.string("purpose-en", purposeVi),
          method, secret, jwks, redirects, postLogout, Set.copyOf(scopes),
          c.string("sector", id), c.bool("require-par", false), webhook(c, dev)));
    }
    return List.copyOf(out);
  }

  /** Where dossier events go (signed, retried); https outside dev mode. Optional. */
  private static URI webhook(ConfigReader c, boolean dev) {
    URI url = c.url("webhook-url", null);
    if (url != null && !dev && !"https".equals(url.getScheme())) c.problem("webhook-url", "must be https outside dev mode");
    return url;
  }

  /** Paths in the clients file are relative to the project root, like those in gateway.yaml. */
  private static Path baseDirOf(ConfigReader file) {
    Path dir = Path.of(file.file()).toAbsolutePath().getParent();
    return dir.getParent() == null ? dir : dir.getParent();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> toStringKeyed(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static List<URI> uris(ConfigReader c, String key, boolean dev, boolean required) {
    List<URI> out = new ArrayList<>();
    List<String> values = c.stringList(key, List.of());
    if (required && values.isEmpty()) c.problem(key, "needs at least one URI");
    for (String v : values) {
      URI u;
      try {
        u = new URI(v);
      } catch (Exception e) {
        c.problem(key, "'" + v + "' is not a URI");
        continue;
      }
      if (!u.isAbsolute() || u.getFragment() != null) {
        c.problem(key, "'" + v + "' must be absolute and without a fragment (RFC 6749 section 3.1.2)");
        continue;
      }
      boolean loopback = "localhost".equals(u.getHost()) || "127.0.0.1".equals(u.getHost());
      if (!dev && "http".equals(u.getScheme()) && !loopback) c.problem(key, "'" + v + "' must be https outside dev mode");
      out.add(u);
    }
    return out;
  }

  private static Path resolve(Path root, String p) {
    Path path = Path.of(p);
    return path.isAbsolute() ? path : root.resolve(path).normalize();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> readYaml(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of(file + ": file not found"));
    } catch (IOException e) {
      throw new ConfigException(List.of(file + ": cannot be read (" + e.getMessage() + ")"));
    }
    try {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
      if (doc == null) return Map.of();
      if (!(doc instanceof Map)) throw new ConfigException(List.of(file + ": must be a YAML mapping at the top level"));
      return (Map<String, Object>) doc;
    } catch (YAMLException e) {
      throw new ConfigException(List.of(file + ": is not valid YAML: " + e.getMessage().replace('\n', ' ')));
    }
  }
}
