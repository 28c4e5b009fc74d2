package vn.egov.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian chromium driven by chromium-driver, for real-browser tests. Without a browser
 * the test is skipped with a printed notice; with {@code EGOV_REQUIRE_BROWSER=1} (CI) it fails instead.
 * Paths can be overridden with {@code CHROME_BIN} and {@code CHROMEDRIVER}.
 */
public final class Chromium implements AutoCloseable {
  private final ChromeDriver driver;
  private final Path screenshots;
  private int shot;

  private Chromium(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  /** A phone-sized browser window; screenshots go to {@code target/screenshots/<name>/}. */
  public static Chromium start(String name) {
    return start(name, "430,1100");
  }

  /** A browser window of {@code width,height}; its console is kept for {@link #consoleErrors()}. */
  public static Chromium start(String name, String windowSize) {
    Path binary = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
    Path driverPath = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    if (!Files.isExecutable(binary) || !Files.isExecutable(driverPath)) {
      String notice = "no browser: " + binary + " or " + driverPath + " missing (apt-get install chromium chromium-driver)";
      if ("1".equals(System.getenv("EGOV_REQUIRE_BROWSER"))) Assertions.fail(notice + "; EGOV_REQUIRE_BROWSER=1 requires it");
      System.out.println("SKIPPED browser test: " + notice);
      Assumptions.abort(notice);
    }
    ChromeOptions options = new ChromeOptions().setBinary(binary.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=" + windowSize,
            "--no-first-run", "--disable-extensions", "--password-store=basic");
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driverPath.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    Path dir = Path.of("target", "screenshots", name);
    try {
      Files.createDirectories(dir);
      try (var old = Files.list(dir)) {
        for (Path p : old.toList()) Files.delete(p); // the screenshots of this run only
      }
    } catch (IOException e) {
      driver.quit();
      throw new UncheckedIOException(e);
    }
    return new Chromium(driver, dir);
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Writes {@code NN-step.png}: a test artifact of what the citizen saw at this step. */
  public void screenshot(String step) {
    Path file = screenshots.resolve(String.format("%02d-%s.png", ++shot, step));
    try {
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The console's errors since the last call (CSP violations, failed requests, script errors). */
  public java.util.List<String> consoleErrors() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(e -> e.getLevel() + " " + e.getMessage()).toList();
  }

  /** Saves what the browser shows now to {@code file} (a documentation screenshot, committed). */
  public void screenshotTo(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
