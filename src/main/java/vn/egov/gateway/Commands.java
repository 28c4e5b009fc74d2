package vn.egov.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import io.vertx.core.Vertx;
import vn.egov.gateway.crypto.DevPki;
import vn.egov.gateway.dev.register.MockRegisterConfig;
import vn.egov.gateway.dev.register.MockRegisterServer;
import vn.egov.gateway.dev.vneid.MockVneidConfig;
import vn.egov.gateway.dev.vneid.MockVneidServer;

/** Commands besides dev and serve: they run before (or instead of) any event loop, so blocking is fine. */
final class Commands {
  private Commands() {
  }

  static int other(String command, List<String> args, Map<String, String> env) {
    return switch (command) {
      case "certs" -> certs(Path.of(Main.required(args, "--out")));
      case "mock-idp" -> mockIdp(Path.of(Main.option(args, "--config", "config/mock-vneid.yaml")), env);
      case "mock-register" -> mockRegister(Path.of(Main.option(args, "--config", "config/mock-register.yaml")), env);
      case "audit" -> audit(args, env);
      default -> throw new IllegalArgumentException("unknown command '" + command + "'");
    };
  }

  private static int mockIdp(Path config, Map<String, String> env) {
    MockVneidConfig cfg = MockVneidConfig.load(config, env);
    Vertx vertx = Vertx.vertx();
    MockVneidServer.start(vertx, cfg)
        .onSuccess(s -> System.out.println("mock VNeID (not for production) at " + s.issuer()
            + "\n  discovery     " + s.issuer() + "/.well-known/openid-configuration"
            + "\n  test accounts " + s.issuer() + "/dev/citizens"))
        .onFailure(e -> {
          System.err.println("mock VNeID failed to start: " + e.getMessage());
          vertx.close();
          System.exit(1);
        });
    return 0;
  }

  private static int mockRegister(Path config, Map<String, String> env) {
    MockRegisterConfig cfg = MockRegisterConfig.load(config, env);
    Vertx vertx = Vertx.vertx();
    MockRegisterServer.start(vertx, cfg)
        .onSuccess(s -> System.out.println("mock population register (not for production) at https://localhost:" + s.actualPort()
            + " (mutual TLS: a client certificate from the dev CA is required)"))
        .onFailure(e -> {
          System.err.println("mock register failed to start: " + e.getMessage());
          vertx.close();
          System.exit(1);
        });
    return 0;
  }

  /** {@code audit verify --config FILE}: checks the audit hash chain of the configured store. */
  private static int audit(List<String> args, Map<String, String> env) {
    if (args.isEmpty() || !args.get(0).equals("verify")) throw new IllegalArgumentException("audit needs a subcommand: audit verify --config FILE");
    var config = vn.egov.gateway.config.ConfigLoader.load(Path.of(Main.option(args, "--config", "config/gateway.yaml")), env);
    return vn.egov.gateway.audit.AuditCommand.verify(config.store(), System.out);
  }

  private static int certs(Path out) {
    List<Path> written = DevPki.generate(out, Clock.systemUTC());
    System.out.println("development PKI written (not for production):");
    written.forEach(p -> System.out.println("  " + p));
    return 0;
  }
}
