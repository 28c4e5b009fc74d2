package vn.egov.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The bench-only configuration of the dossier benchmark, written into a results directory.
 *
 * <p>The national receipt code numbers at most 9,999 dossiers per agency and day, so a million
 * dossiers in one run need about a hundred agencies. This writes {@code <out>/config/}: a copy of
 * the project's {@code config/} whose procedures directory holds only {@code agencies} copies of
 * the primary school transfer (1.005099), each with its own procedure code ({@code 1.900001} ...)
 * and competent agency ({@code 900.00.30.H26} ...), the gateway's {@code agencies:} list naming
 * every one of them at the mock agency, and the mock agency's list serving them. Agency entries
 * cannot be added through environment variables (only keys of entries already in the file), hence
 * files. Relative paths in the gateway's files are relative to the config folder's parent, so
 * {@code <out>/certs-dev} must be the project's (run script: a symbolic link).
 *
 * <pre>
 * java -jar egov-bench.jar dossier-config --from config --to OUT/config --agencies 120 --agency-url https://localhost:PORT
 * </pre>
 */
final class DossierConfig {
  static final String TEMPLATE = "chuyen-truong-tieu-hoc.yaml";
  static final String TEMPLATE_CODE = "1.005099";

  private DossierConfig() {
  }

  static String procedureCode(int i) {
    return String.format(Locale.ROOT, "1.9%05d", i + 1);
  }

  static String agencyCode(int i) {
    return String.format(Locale.ROOT, "%03d.%02d.30.H26", 900 + i / 100, i % 100);
  }

  static void write(Path from, Path to, int agencies, String agencyUrl) throws IOException {
    if (agencies < 1 || agencies > 999) throw new IllegalArgumentException("--agencies must be 1 to 999");
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, to.resolve(f.getFileName()));
    }
    Path procedures = Files.createDirectories(to.resolve("procedures"));
    String template = Files.readString(from.resolve("procedures").resolve(TEMPLATE));
    String agencyLine = firstLine(template, "^  code: ");
    String codeLine = firstLine(template, "^code: \"" + java.util.regex.Pattern.quote(TEMPLATE_CODE) + "\"");
    if (codeLine == null || agencyLine == null) {
      throw new IllegalStateException(TEMPLATE + " no longer has the lines this generator replaces (code, agency.code)");
    }
    String agency = agencyLine.trim().substring("code: ".length()).trim();
    for (int i = 0; i < agencies; i++) {
      String text = "# Bench-only copy " + (i + 1) + " of " + agencies + " of " + TEMPLATE + " (bench/DossierConfig.java).\n"
          + template.replace(codeLine, "code: \"" + procedureCode(i) + "\"     # bench-only copy of " + TEMPLATE_CODE)
              .replace(agencyLine, agencyLine.replace(agency, agencyCode(i)));
      Files.writeString(procedures.resolve("bench-" + procedureCode(i) + ".yaml"), text);
    }

    String url = agencyUrl.replaceAll("/+$", "");
    StringBuilder gw = new StringBuilder("agencies:\n");
    StringBuilder mock = new StringBuilder("agencies:\n");
    for (int i = 0; i < agencies; i++) {
      gw.append("  - code: ").append(agencyCode(i)).append('\n')
          .append("    base-url: ").append(url).append("/agencies/").append(agencyCode(i)).append('\n');
      // With progression disabled the mock never reports status, so the certificate is only
      // loaded, never presented: every bench agency borrows the first dev agency's.
      mock.append("  - code: ").append(agencyCode(i)).append('\n')
          .append("    client-cert: certs-dev/agency-000.21.30.H26.crt\n")
          .append("    client-key: certs-dev/agency-000.21.30.H26.key\n");
    }
    replaceTopLevel(to.resolve("gateway.yaml"), "agencies", gw.toString());
    replaceTopLevel(to.resolve("mock-agency.yaml"), "agencies", mock.toString());
  }

  private static String firstLine(String text, String regex) {
    for (String line : text.split("\n")) if (line.matches(regex + ".*")) return line;
    return null;
  }

  /** Replaces the top-level {@code key:} block of a YAML file (to the next top-level key) by {@code block}. */
  private static void replaceTopLevel(Path file, String key, String block) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<String> out = new ArrayList<>();
    boolean inside = false;
    boolean done = false;
    for (String line : lines) {
      // A top-level key or a comment in column 0 (the next key's) ends the block.
      boolean topLevel = !line.isEmpty() && !line.startsWith(" ") && !line.startsWith("-");
      if (inside && topLevel) inside = false;
      if (!inside && line.equals(key + ":")) {
        inside = true;
        done = true;
        out.add(block.stripTrailing());
        continue;
      }
      if (!inside) out.add(line);
    }
    if (!done) throw new IllegalStateException(file + " has no top-level " + key + ": block");
    Files.writeString(file, String.join("\n", out) + "\n");
  }
}
