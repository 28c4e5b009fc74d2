package vn.egov.gateway;

import java.util.List;
import java.util.Map;

/** Commands besides dev and serve. */
final class Commands {
  private Commands() {
  }

  static int other(String command, List<String> args, Map<String, String> env) {
    throw new IllegalArgumentException("unknown command '" + command + "'");
  }
}
