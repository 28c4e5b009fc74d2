package vn.egov.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import vn.egov.gateway.ops.MeteredVertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.ConfigException;
import vn.egov.gateway.config.GatewayConfig;

/**
 * The command line: {@code dev} (the default) runs the gateway with every stand-in embedded;
 * {@code serve --config FILE} runs it in production; {@code certs --out DIR} writes the dev PKI;
 * {@code mock-idp} runs the mock VNeID alone.
 */
public final class Main {
  /** Commands that print their result (a CSV, a verdict) on standard output, where their logs must not mix in. */
  private static final java.util.Set<String> ONE_SHOT = java.util.Set.of("report", "audit", "certs");

  private Main() {
  }

  public static void main(String[] args) {
    // Before anything logs (logback reads it once, at its first use): logback.xml's console target.
    if (args.length > 0 && ONE_SHOT.contains(args[0]) && System.getenv("EGOV_LOG_TARGET") == null
        && System.getProperty("EGOV_LOG_TARGET") == null) {
      System.setProperty("EGOV_LOG_TARGET", "System.err");
    }
    int code = run(args, System.getenv());
    if (code != 0) System.exit(code);
  }

  static int run(String[] args, Map<String, String> env) {
    List<String> rest = new ArrayList<>(List.of(args));
    String command = rest.isEmpty() || rest.get(0).startsWith("--") ? "dev" : rest.remove(0);
    try {
      return switch (command) {
        case "dev" -> startDev(Path.of(option(rest, "--config", "config/gateway.yaml")), env);
        case "serve" -> startServe(Path.of(required(rest, "--config")), env);
        case "help", "--help", "-h" -> usage(0);
        default -> Commands.other(command, rest, env);
      };
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      System.err.println("egov-gateway: " + e.getMessage());
      return usage(2);
    }
  }

  static int usage(int code) {
    System.err.println("""
        usage: java -jar egov-gateway.jar [command] [options]
          dev   [--config config/gateway.yaml]   gateway + mock VNeID (+ other stand-ins), embedded (default)
          serve --config FILE                    production mode
          certs --out DIR                        write a development PKI (CA, TLS and signing keys)
          mock-idp [--config config/mock-vneid.yaml]  the mock VNeID on its own
          mock-register [--config config/mock-register.yaml]  the mock population register on its own (mTLS)
          mock-agency [--config config/mock-agency.yaml]  the mock agency back ends on their own (mTLS)
          report --period 2026-Q2|2026-11|2026|FROM..TO [--format csv|json] [--config config/gateway.yaml]
                                                 processing statistics (received, resolved, on time, in progress)
          audit verify --config FILE             check the audit trail's hash chain (exit 0 intact, 1 broken)
        """);
    return code;
  }

  private static int startDev(Path configFile, Map<String, String> env) {
    GatewayConfig config = vn.egov.gateway.config.ConfigLoader.load(configFile, env);
    if (!config.devMode()) throw new IllegalArgumentException(configFile + " is not a dev-mode file (mode: dev); use 'serve'");
    Vertx vertx = MeteredVertx.create(new VertxOptions());
    DevStack.start(vertx, config, env, Clock.systemUTC())
        .onSuccess(stack -> {
          System.out.println(stack.banner());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
        })
        .onFailure(e -> {
          LoggerFactory.getLogger(Main.class).error("dev mode failed to start: {}", e.getMessage());
          System.err.println("egov-gateway: dev mode failed to start: " + e.getMessage());
          vertx.close();
          System.exit(1);
        });
    return 0;
  }

  private static int startServe(Path configFile, Map<String, String> env) {
    GatewayConfig config = vn.egov.gateway.config.ConfigLoader.load(configFile, env);
    if (config.devMode()) throw new IllegalArgumentException(configFile + " is a dev-mode file; use 'dev'");
    Vertx vertx = MeteredVertx.create(new VertxOptions());
    ProductionStack.start(vertx, config, Clock.systemUTC())
        .onSuccess(port -> {
          System.out.println("egov-gateway listening on " + config.issuer() + " (port " + port + ")");
          Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
        })
        .onFailure(e -> {
          System.err.println("egov-gateway: failed to start: " + e.getMessage());
          vertx.close();
          System.exit(1);
        });
    return 0;
  }

  static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    if (i < 0) return fallback;
    if (i + 1 >= args.size()) throw new IllegalArgumentException(name + " needs a value");
    return args.get(i + 1);
  }

  static String required(List<String> args, String name) {
    String v = option(args, name, null);
    if (v == null) throw new IllegalArgumentException(name + " is required");
    return v;
  }
}
