package vn.egov.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.crypto.DevPki;

/** Commands besides dev and serve: they run before (or instead of) any event loop, so blocking is fine. */
final class Commands {
  private Commands() {
  }

  static int other(String command, List<String> args, Map<String, String> env) {
    return switch (command) {
      case "certs" -> certs(Path.of(Main.required(args, "--out")));
      default -> throw new IllegalArgumentException("unknown command '" + command + "'");
    };
  }

  private static int certs(Path out) {
    List<Path> written = DevPki.generate(out, Clock.systemUTC());
    System.out.println("development PKI written (not for production):");
    written.forEach(p -> System.out.println("  " + p));
    return 0;
  }
}
