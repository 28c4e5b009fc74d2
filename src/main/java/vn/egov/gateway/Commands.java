package vn.egov.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import io.vertx.core.Vertx;
import vn.egov.gateway.config.ConfigLoader;
import vn.egov.gateway.config.GatewayConfig;
import vn.egov.gateway.crypto.DevPki;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.ops.Statistics;
import vn.egov.gateway.prefill.ProcedureCatalogue;
import vn.egov.gateway.store.Database;
import vn.egov.gateway.store.SqlDossierStore;
import vn.egov.gateway.dev.agency.MockAgencyConfig;
import vn.egov.gateway.dev.agency.MockAgencyServer;
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
      case "report" -> report(Path.of(Main.option(args, "--config", "config/gateway.yaml")), Main.required(args, "--period"),
          Main.option(args, "--format", "csv"), env);
      case "mock-agency" -> mockAgency(Path.of(Main.option(args, "--config", "config/mock-agency.yaml")), env);
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

  /**
   * Prints the processing statistics of a period from the store named in the config (the same
   * figures as the ops API), as CSV (default) or JSON.
   */
  private static int report(Path configFile, String periodText, String format, Map<String, String> env) {
    if (!format.equals("csv") && !format.equals("json")) throw new IllegalArgumentException("--format must be csv or json");
    Statistics.Period period = Statistics.Period.parse(periodText);
    GatewayConfig config = ConfigLoader.load(configFile, env);
    ProcedureCatalogue catalogue = ProcedureCatalogue.load(config.proceduresDir());
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, config.store()).await();
      try {
        List<PeriodCounts> rows = new SqlDossierStore(db).countsByPeriod(period.start(), period.end()).await();
        java.util.function.Function<String, String> names = code -> catalogue.find(code).map(p -> p.name().vi()).orElse("");
        System.out.print(format.equals("csv") ? Statistics.csv(period, rows, names)
            : Statistics.json(period, rows, names).encodePrettily() + "\n");
        return 0;
      } finally {
        db.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  private static int mockAgency(Path config, Map<String, String> env) {
    MockAgencyConfig cfg = MockAgencyConfig.load(config, env);
    Vertx vertx = Vertx.vertx();
    MockAgencyServer.start(vertx, cfg)
        .onSuccess(s -> System.out.println("mock agency back ends (not for production) at https://localhost:" + s.actualPort()
            + "/agencies/{code}/dossiers (mutual TLS) for " + cfg.agencies().stream().map(MockAgencyConfig.Agency::code).toList()
            + "\n  received  http://localhost:" + s.adminPort() + MockAgencyServer.RECEIVED_PATH
            + "\n  reporting to " + cfg.gateway().agencyApiUrl()))
        .onFailure(e -> {
          System.err.println("mock agency failed to start: " + e.getMessage());
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
