package vn.egov.gateway.config;

import java.util.List;

/** Invalid configuration: every problem found, each naming the file, the key and what is wrong. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
