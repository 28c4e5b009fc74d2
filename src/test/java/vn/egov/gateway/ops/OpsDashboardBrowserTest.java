package vn.egov.gateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.egov.gateway.testing.AgencyStub;
import vn.egov.gateway.testing.Chromium;
import vn.egov.gateway.testing.Eventually;
import vn.egov.gateway.testing.GatewayHarness;

/**
 * The ops dashboard in a real headless chromium, under the gateway's own Content-Security-Policy:
 * an ops user sees the live figures, the back ends' health, a dead letter which they redrive with
 * its button once the agency is back, and the quarter's statistics table, in Vietnamese and in
 * English, on a wide and a narrow screen, without a single console error.
 */
class OpsDashboardBrowserTest {
  private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-dev-password".getBytes(StandardCharsets.UTF_8));
  private static final Path SCREENSHOT = Path.of("docs", "screenshots", "ops-dashboard.png");

  @Test
  void anOpsUserWatchesTheFiguresRedrivesADeadLetterAndReadsTheQuarter() throws Exception {
    try (AgencyStub agency = AgencyStub.start()) {
      agency.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/agencies/.+/dossiers"))
          .willReturn(aResponse().withStatus(503)));
      Map<String, String> env = new HashMap<>();
      env.put("EGOV_AGENCIES_0_BASE_URL", agency.baseUrl(OpsSeed.AGENCY_A));
      env.put("EGOV_AGENCIES_1_BASE_URL", agency.baseUrl(OpsSeed.AGENCY_B));
      env.put("EGOV_DELIVERY_RETRY_BUDGET", "1");
      env.put("EGOV_DELIVERY_POLL_INTERVAL", "PT0.05S");
      env.put("EGOV_DELIVERY_BREAKER_MAX_FAILURES", "1000");
      try (GatewayHarness gateway = GatewayHarness.start(env); Chromium chromium = Chromium.start("ops-dashboard", "1280,2800")) {
        // Given the quarter's dossiers and today's, whose deliveries all fail: dead letters
        OpsSeed seed = new OpsSeed(gateway.started().dossiers()).quarter().today();
        HttpClient http = HttpClient.newHttpClient();
        Eventually.until(gateway.vertx(), Duration.ofSeconds(30), "a dead letter", () -> http.send(HttpRequest.newBuilder(
            URI.create(gateway.baseUrl() + "/ops/v1/dead-letters")).header("Authorization", OPS).build(),
            HttpResponse.BodyHandlers.ofString()).body().contains("\"receiptCode\""));

        // When an ops user opens the dashboard with their credentials (sent as a header by the browser itself,
        // as after the Basic prompt: chromium's DevTools protocol sets it for every request of the page)
        WebDriver b = chromium.driver();
        chromium.driver().executeCdpCommand("Network.enable", Map.of());
        chromium.driver().executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", OPS)));
        b.get(gateway.baseUrl() + "/ops/dashboard?period=2026-Q2");
        WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(20));
        // What the page said when a wait runs out: its status line and the console.
        wait.withMessage(() -> "page status: '" + text(b, "#status") + "', updated: '" + text(b, "#updated") + "', console: "
            + chromium.consoleErrors());

        // Then the live figures are the store's
        wait.until(d -> text(d, "#updated").startsWith("Cập nhật lúc"));
        assertThat(b.findElement(By.cssSelector("html")).getAttribute("lang")).isEqualTo("vi");
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Bảng điều khiển vận hành");
        assertThat(text(b, "#fig-todayReceived")).isEqualTo("4");
        assertThat(text(b, "#fig-todayResolved")).isEqualTo("1");
        assertThat(text(b, "#fig-monthReceived")).isEqualTo("4");
        assertThat(text(b, "#fig-monthOnTime")).isEqualTo("100,00 %");
        assertThat(Long.parseLong(text(b, "#fig-dead"))).isPositive();

        // and the health section names each back end, the store up and the (absent) national IdP down
        wait.until(d -> d.findElements(By.cssSelector("#health tbody tr")).size() == 4);
        assertThat(text(b, "#health tr[data-check=store] th")).isEqualTo("Kho dữ liệu");
        assertThat(b.findElement(By.cssSelector("#health tr[data-check=store] .badge")).getAttribute("data-status")).isEqualTo("UP");
        assertThat(text(b, "#health tr[data-check=store] .badge")).isEqualTo("Hoạt động");
        assertThat(b.findElement(By.cssSelector("#health tr[data-check=national-idp] .badge")).getAttribute("data-status")).isEqualTo("DOWN");
        assertThat(text(b, "#readiness")).isEqualTo("Chưa sẵn sàng: có thành phần bắt buộc đang ngừng");
        assertThat(text(b, "#breakers tr[data-breaker=population-register] td")).isEqualTo("Đóng (bình thường)");

        // and the quarter's statistics table has the exact figures, with a CSV link
        wait.until(d -> text(d, "#stats tfoot td[data-col=received]").equals("10"));
        assertThat(text(b, "#stats-caption")).isEqualTo("Thống kê kỳ 2026-Q2");
        List<WebElement> rows = b.findElements(By.cssSelector("#stats tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).findElement(By.tagName("th")).getText()).isEqualTo("Đăng ký thành lập hộ kinh doanh (1.001612)");
        assertThat(cells(rows.get(0))).containsExactly("000.21.30.H26", "8", "6", "3", "2", "1", "2", "1", "83,33");
        assertThat(cells(rows.get(1))).containsExactly("000.22.30.H26", "2", "2", "0", "1", "1", "0", "0", "50,00");
        assertThat(cells(b.findElement(By.cssSelector("#stats tfoot tr")))).containsExactly("10", "8", "3", "3", "2", "2", "1", "75,00");
        assertThat(b.findElement(By.id("stats-csv")).getAttribute("href")).endsWith("/ops/v1/statistics?period=2026-Q2&lang=vi&format=csv");

        // and the charts appear after a few updates, drawn by the page itself
        new WebDriverWait(b, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#chart-flow svg polyline")).isEmpty()
            && !d.findElements(By.cssSelector("#chart-depth svg polyline")).isEmpty());
        assertThat(b.findElement(By.cssSelector("#chart-depth svg")).getAttribute("aria-label")).startsWith("Hàng đợi hiện có");

        // and the dead letters are listed, each with its own button
        wait.until(d -> !d.findElements(By.cssSelector("#dead-letters tbody tr[data-receipt]")).isEmpty());
        String listed = b.findElement(By.cssSelector("#dead-letters tbody tr[data-receipt]")).getAttribute("data-receipt");
        assertThat(seed.codes).contains(listed);
        By row = By.cssSelector("#dead-letters tr[data-receipt='" + listed + "']");
        WebElement button = b.findElement(row).findElement(By.cssSelector("button.redrive"));
        assertThat(button.getAttribute("aria-label")).isEqualTo("Chuyển lại hồ sơ " + listed);
        assertThat(Normalizer.isNormalized(b.findElement(By.tagName("body")).getText(), Normalizer.Form.NFC)).isTrue();
        // The README's picture is renewed on demand only, so that a test run leaves the working tree as it was.
        if ("1".equals(System.getenv("EGOV_UPDATE_SCREENSHOTS"))) chromium.screenshotTo(SCREENSHOT);
        else chromium.screenshot("dashboard");

        // When the agency is back and the ops user redrives the dossier
        agency.server().resetAll();
        agency.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathMatching("/agencies/.+/dossiers"))
            .willReturn(aResponse().withStatus(201)));
        button.click();

        // Then the page says so, the row goes, and the agency has the dossier
        wait.until(d -> text(d, "#status").equals("Đã đưa hồ sơ " + listed + " vào hàng đợi chuyển lại."));
        wait.until(d -> d.findElements(row).isEmpty());
        Eventually.until(gateway.vertx(), Duration.ofSeconds(20), "the agency received the redriven dossier",
            () -> agency.deliveries().stream().anyMatch(r -> receiptOf(r.getBodyAsString()).equals(listed)));
        assertThat(chromium.consoleErrors()).as("console errors in Vietnamese").isEmpty();

        // When the ops user switches to English on a phone-sized screen and asks for another period
        b.manage().window().setSize(new org.openqa.selenium.Dimension(390, 900));
        b.findElement(By.cssSelector("header a[hreflang=en]")).click();
        wait.until(d -> text(d, "#stats tfoot td[data-col=onTimePercent]").equals("75.00"));
        assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Operations dashboard");
        assertThat(text(b, "#stats tbody tr th")).isEqualTo("Household business registration (1.001612)");
        WebElement period = b.findElement(By.id("period"));
        assertThat(b.findElement(By.cssSelector("label[for=period]")).getText()).isEqualTo("Reporting period");
        period.clear();
        period.sendKeys("2022-Q2");
        b.findElement(By.cssSelector("#stats-form button[type=submit]")).click();

        // Then the table is for that period (nothing in it), and nothing is wider than the screen
        wait.until(d -> text(d, "#stats-caption").equals("Statistics for 2022-Q2"));
        assertThat(text(b, "#stats tbody")).isEqualTo("No dossier in this period.");
        assertThat(b.getCurrentUrl()).endsWith("/ops/dashboard?lang=en&period=2022-Q2");
        Object overflow = chromium.driver().executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
        wait.until(d -> text(d, "#updated").startsWith("Updated at"));
        assertThat(chromium.consoleErrors()).as("console errors in English").isEmpty();
      }
    }
  }

  private static String text(WebDriver d, String css) {
    List<WebElement> found = d.findElements(By.cssSelector(css));
    return found.isEmpty() ? "" : found.get(0).getText().trim();
  }

  private static List<String> cells(WebElement row) {
    return row.findElements(By.tagName("td")).stream().map(e -> e.getText().trim()).toList();
  }

  private static String receiptOf(String jws) {
    String payload = jws.split("\\.")[1];
    return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).getString("receipt_code");
  }
}
