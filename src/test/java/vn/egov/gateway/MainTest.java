package vn.egov.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.egov.gateway.config.ConfigLoader;

/** The command line and production's refusal of development key material. */
class MainTest {
  @TempDir
  Path dir;

  @Test
  void unknownCommandsAndMissingOptionsExitWithUsage() {
    assertThat(Main.run(new String[] {"frobnicate"}, Map.of())).isEqualTo(2);
    assertThat(Main.run(new String[] {"serve"}, Map.of())).isEqualTo(2);
    assertThat(Main.run(new String[] {"certs"}, Map.of())).isEqualTo(2);
  }

  @Test
  void serveRefusesADevModeFile() {
    assertThat(Main.run(new String[] {"serve", "--config", "config/gateway.yaml"}, Map.of())).isEqualTo(2);
  }

  @Test
  void anInvalidConfigurationExitsWithCode2() throws Exception {
    Path bad = dir.resolve("config/gateway.yaml");
    Files.createDirectories(bad.getParent());
    Files.writeString(bad, "mode: production\n");
    Files.writeString(dir.resolve("config/clients.yaml"), "clients: []\n");
    assertThat(Main.run(new String[] {"serve", "--config", bad.toString()}, Map.of())).isEqualTo(2);
  }

  @Test
  void certsWritesADevelopmentPki() {
    Path out = dir.resolve("pki");
    assertThat(Main.run(new String[] {"certs", "--out", out.toString()}, Map.of())).isZero();
    assertThat(out.resolve("ca.crt")).exists();
    assertThat(out.resolve("gateway-signing-1.jwk")).exists();
  }

  @Test
  void productionRefusesTheDevelopmentSigningKeys() throws Exception {
    Path config = dir.resolve("config");
    Files.createDirectories(config);
    Files.writeString(config.resolve("clients.yaml"), "clients: []\n");
    Files.writeString(config.resolve("gateway.yaml"), """
        mode: production
        store:
          kind: postgresql
          host: 127.0.0.1
          database: test
          user: root
        http:
          port: 0
          public-url: https://id.egov.example
        tokens:
          signing-keys: [%1$s]
          pairwise-salt: 0123456789abcdef0123456789abcdef-salt
        upstream:
          discovery-url: https://sso.example/.well-known/openid-configuration
          client-id: egov
          client-secret: s3cret
        register:
          base-url: https://register.example
          client-cert: %2$s/gateway-client.crt
          client-key: %2$s/gateway-client.key
          trusted-ca: %2$s/ca.crt
        """.formatted(Path.of("certs-dev/gateway-signing-1.jwk").toAbsolutePath(), Path.of("certs-dev").toAbsolutePath()));
    var cfg = ConfigLoader.load(config.resolve("gateway.yaml"), Map.of());
    Vertx vertx = Vertx.vertx();
    try {
      var started = ProductionStack.start(vertx, cfg, Clock.systemUTC());
      assertThat(started.failed()).isTrue();
      assertThat(started.cause().getMessage()).contains("refuses development key material").contains("dev-gateway-1");
    } finally {
      vertx.close().await();
    }
  }

  /**
   * {@code report ... > q2.csv} must give a CSV file: with the production logging configuration
   * (the jar's logback.xml, not the tests'), the command's logs go to standard error.
   */
  @Test
  void aReportOnStandardOutputIsTheCsvAloneAndItsLogsGoToStandardError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    // Surefire starts tests through a manifest-only jar; it lists the real entries in this property.
    String classPath = java.util.Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .split(java.io.File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes"))
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    ProcessBuilder pb = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", classPath, "vn.egov.gateway.Main", "report", "--period", "2026-Q2", "--format", "csv");
    pb.environment().put("EGOV_STORE_PATH", dir.resolve("egov").toString());
    pb.environment().remove("EGOV_LOG_TARGET");
    pb.environment().put("EGOV_LOG_LEVEL", "INFO"); // the tests run with WARN
    pb.redirectError(dir.resolve("stderr.txt").toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String err = java.nio.file.Files.readString(dir.resolve("stderr.txt"));

    assertThat(p.exitValue()).as(err).isZero();
    assertThat(classPath).doesNotContain("test-classes");
    assertThat(out.lines().toList()).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("{"));
    assertThat(out.lines().findFirst().orElseThrow()).contains("period,agency,procedure");
    assertThat(err).contains("\"message\":\"applied migration V1__init\"");
  }
}
