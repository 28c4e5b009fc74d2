package vn.egov.gateway;

import java.util.Map;

/** Lets tests in other packages run a command line as {@code java -jar} would, and read its exit code. */
public final class MainAccess {
  private MainAccess() {
  }

  public static int run(String[] args, Map<String, String> env) {
    return Main.run(args, env);
  }
}
