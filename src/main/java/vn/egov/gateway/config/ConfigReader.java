package vn.egov.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads from a parsed YAML tree. An environment variable named {@code <prefix>} plus the
 * key path in upper case ({@code .} and {@code -} as {@code _}) overrides a single key, e.g.
 * {@code EGOV_HTTP_PORT} for {@code http.port}. Problems are collected, not thrown one at a time,
 * so a broken file is fixed in one pass.
 */
public final class ConfigReader {
  private final String file;
  private final Map<String, Object> root;
  private final Map<String, String> env;
  private final String envPrefix;
  private final List<String> problems;

  public ConfigReader(String file, Map<String, Object> root, Map<String, String> env, String envPrefix) {
    this(file, root, env, envPrefix, new ArrayList<>());
  }

  private ConfigReader(String file, Map<String, Object> root, Map<String, String> env, String envPrefix, List<String> problems) {
    this.file = file;
    this.root = root == null ? Map.of() : root;
    this.env = env;
    this.envPrefix = envPrefix;
    this.problems = problems;
  }

  /** A reader over another file that reports into the same problem list. */
  public ConfigReader other(String otherFile, Map<String, Object> otherRoot, String otherPrefix) {
    return new ConfigReader(otherFile, otherRoot, env, otherPrefix, problems);
  }

  public String file() {
    return file;
  }

  public void problem(String key, String message) {
    problems.add(file + ": " + pathPrefix + key + ": " + message);
  }

  public void throwIfProblems() {
    if (!problems.isEmpty()) throw new ConfigException(problems);
  }

  public static String envName(String prefix, String key) {
    return prefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The raw value at a dotted path: environment first, then the tree. */
  public Object raw(String key) {
    if (envPrefix != null) {
      String v = env.get(envName(envPrefix, key));
      if (v != null) return v;
    }
    Object node = root;
    for (String part : key.split("\\.")) {
      if (!(node instanceof Map<?, ?> m)) return null;
      node = m.get(part);
    }
    return node;
  }

  public boolean has(String key) {
    return raw(key) != null;
  }

  public String string(String key, String fallback) {
    Object v = raw(key);
    if (v == null) return fallback;
    if (v instanceof Map || v instanceof List) {
      problem(key, "must be a single value, not a " + (v instanceof Map ? "section" : "list"));
      return fallback;
    }
    return String.valueOf(v);
  }

  public String requiredString(String key) {
    String v = string(key, null);
    if (v == null || v.isBlank()) {
      problem(key, "is required");
      return null;
    }
    return v;
  }

  public int integer(String key, int fallback, int min, int max) {
    return parsed(key, fallback, s -> {
      int v = Integer.parseInt(s.trim());
      if (v < min || v > max) throw new IllegalArgumentException("must be between " + min + " and " + max + " (got " + v + ")");
      return v;
    }, "a whole number");
  }

  public long longValue(String key, long fallback) {
    return parsed(key, fallback, s -> Long.parseLong(s.trim()), "a whole number");
  }

  public boolean bool(String key, boolean fallback) {
    return parsed(key, fallback, s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false (got '" + s + "')");
    }, "true or false");
  }

  public Duration duration(String key, Duration fallback) {
    return parsed(key, fallback, s -> {
      Duration d;
      try {
        d = Duration.parse(s.trim());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("must be an ISO-8601 duration such as PT5M (got '" + s + "')");
      }
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("must be positive (got " + s + ")");
      return d;
    }, "a duration");
  }

  /** An absolute http(s) URL. */
  public URI url(String key, URI fallback) {
    return parsed(key, fallback, s -> {
      URI u;
      try {
        u = new URI(s.trim());
      } catch (Exception e) {
        throw new IllegalArgumentException("is not a valid URL (got '" + s + "')");
      }
      if (!u.isAbsolute() || u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
        throw new IllegalArgumentException("must be an absolute http or https URL (got '" + s + "')");
      }
      if (u.getFragment() != null) throw new IllegalArgumentException("must not have a fragment (got '" + s + "')");
      return u;
    }, "a URL");
  }

  public URI requiredUrl(String key) {
    if (!has(key)) {
      problem(key, "is required");
      return null;
    }
    return url(key, null);
  }

  public Path path(String key, Path baseDir, Path fallback) {
    String s = string(key, null);
    if (s == null) return fallback;
    Path p = Path.of(s);
    return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
  }

  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback, Function<E, String> name) {
    String s = string(key, null);
    if (s == null) return fallback;
    for (E e : type.getEnumConstants()) {
      if (name.apply(e).equals(s.trim())) return e;
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) names.add(name.apply(e));
    problem(key, "must be one of " + names + " (got '" + s + "')");
    return fallback;
  }

  /** A list of scalars; an environment override is a comma-separated list. */
  public List<String> stringList(String key, List<String> fallback) {
    Object v = raw(key);
    if (v == null) return fallback;
    if (v instanceof String s) {
      List<String> out = new ArrayList<>();
      for (String part : s.split(",")) if (!part.isBlank()) out.add(part.trim());
      return out;
    }
    if (!(v instanceof List<?> l)) {
      problem(key, "must be a list");
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      if (o instanceof Map || o instanceof List) {
        problem(key, "must be a list of single values");
        return fallback;
      }
      out.add(String.valueOf(o));
    }
    return out;
  }

  /**
   * A list of sections, each read with its own reader rooted at {@code key[i]}. With an environment
   * prefix, single keys of a section can be overridden by index ({@code EGOV_AGENCIES_0_BASE_URL}).
   */
  @SuppressWarnings("unchecked")
  public List<ConfigReader> sections(String key) {
    Object v = raw(key);
    if (v == null) return List.of();
    if (!(v instanceof List<?> l)) {
      problem(key, "must be a list of sections");
      return List.of();
    }
    List<ConfigReader> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      Object item = l.get(i);
      if (!(item instanceof Map)) {
        problem(key + "[" + i + "]", "must be a section");
        continue;
      }
      // A key of the i-th section is overridden by <prefix><KEY>_<i>_<SUBKEY>, e.g. EGOV_AGENCIES_0_BASE_URL.
      String itemPrefix = envPrefix == null ? null : envName(envPrefix, key + "." + i + ".");
      out.add(new ConfigReader(file, (Map<String, Object>) item, env, itemPrefix, problems).prefixed(keyName(key) + "[" + i + "]"));
    }
    return out;
  }

  /** A section of string keys to string values. */
  public Map<String, String> stringMap(String key, Map<String, String> fallback) {
    Object v = raw(key);
    if (v == null) return fallback;
    if (!(v instanceof Map<?, ?> m)) {
      problem(key, "must be a section of key: value pairs");
      return fallback;
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
    return out;
  }

  private String pathPrefix = "";

  private ConfigReader prefixed(String prefix) {
    this.pathPrefix = prefix + ".";
    return this;
  }

  private <T> T parsed(String key, T fallback, Function<String, T> parse, String what) {
    Object v = raw(key);
    if (v == null) return fallback;
    if (v instanceof Map || v instanceof List) {
      problem(key, "must be " + what);
      return fallback;
    }
    try {
      return parse.apply(String.valueOf(v));
    } catch (NumberFormatException e) {
      problem(key, "must be " + what + " (got '" + v + "')");
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
    }
    return fallback;
  }

  /** The key as written in messages, including the list position of a section. */
  public String keyName(String key) {
    return pathPrefix + key;
  }
}
