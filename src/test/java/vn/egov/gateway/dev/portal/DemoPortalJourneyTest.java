package vn.egov.gateway.dev.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.Chromium;
import vn.egov.gateway.testing.DevLogin;
import vn.egov.gateway.testing.DevStackHarness;

/**
 * The citizen's journey in a real browser: dev mode (gateway, mock VNeID, mock register, demo portal),
 * a level-2 test citizen, the mock VNeID's login form and the gateway's consent page, then the
 * portal's pages. Screenshots of each step go to {@code target/screenshots/}. Steps that need
 * parts of the gateway not built yet (validation, submission, dossier status) run when the
 * gateway has those endpoints, and the test is reported skipped otherwise.
 */
class DemoPortalJourneyTest {
  private static final String HOUSEHOLD_BUSINESS = "1.001612";
  private static final String FROM_REGISTER = "Từ CSDL quốc gia về dân cư";

  private static DevStackHarness dev;
  private static DevLogin logins;

  @BeforeAll
  static void start() {
    dev = DevStackHarness.start(Map.of());
    logins = new DevLogin(dev);
  }

  @AfterAll
  static void stop() {
    if (dev != null) dev.close();
  }

  @Test
  void aLevelTwoCitizenFilesAHouseholdBusinessAndFollowsIt() {
    JsonObject citizen = logins.account(2, 0);
    try (Chromium chromium = Chromium.start("journey")) {
      WebDriver b = chromium.driver();
      WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(15));

      // Given the portal's home page, in Vietnamese
      b.get(dev.portalUrl() + "/");
      assertThat(b.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("vi");
      chromium.screenshot("home");

      // When the citizen logs in with VNeID and approves the consent page
      b.findElement(By.id("login")).click();
      logInAtMockVneid(b, wait, citizen);
      chromium.screenshot("vneid-login");
      b.findElement(By.name("otp")).submit();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[name=decision][value=approve]")));
      chromium.screenshot("consent");
      b.findElement(By.cssSelector("button[name=decision][value=approve]")).click();

      // Then the portal greets them by the name VNeID gave
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("hello")));
      assertThat(b.getCurrentUrl()).startsWith(dev.portalUrl());
      assertThat(b.findElement(By.id("hello")).getText()).contains(citizen.getString("name"));
      assertThat(b.findElement(By.cssSelector("main")).getText()).contains("LoA2");

      // When they pick household-business registration from the catalogue
      b.findElement(By.linkText("Thủ tục")).click();
      chromium.screenshot("procedures");
      b.findElement(By.cssSelector("a[data-code='" + HOUSEHOLD_BUSINESS + "']")).click();

      // Then the form carries the register's values, marked and locked
      WebElement name = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("f-applicant-fullName")));
      assertThat(name.getDomProperty("value")).isEqualTo(citizen.getString("name"));
      assertThat(name.getDomProperty("readOnly")).isEqualTo("true");
      assertThat(b.findElement(By.id("src-f-applicant-fullName")).getText()).isEqualTo(FROM_REGISTER);
      assertThat(b.findElement(By.id("f-applicant-birthdate")).getDomProperty("value"))
          .isEqualTo(java.time.LocalDate.parse(citizen.getString("birthdate")).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")));
      WebElement id = b.findElement(By.id("f-applicant-identityNumber"));
      assertThat(id.getDomProperty("value")).isEqualTo(citizen.getString("identity_number"));
      assertThat(id.getDomProperty("readOnly")).isEqualTo("true");
      assertThat(b.findElement(By.id("f-applicant-permanentAddress")).getText()).contains(FROM_REGISTER);
      assertThat(b.findElement(By.id("f-applicant-permanentAddress-detail")).getDomProperty("readOnly")).isEqualTo("true");
      assertThat(b.findElement(By.cssSelector("label[for=f-applicant-phone]")).getText()).contains("Số điện thoại");
      WebElement phone = b.findElement(By.id("f-applicant-phone"));
      assertThat(phone.getDomProperty("readOnly")).isEqualTo("false");
      chromium.screenshot("prefilled-form");

      // Without the validation endpoint the portal submits at once and shows the submission's 422 errors instead.
      if (!gatewayHas("POST", "/api/v1/procedures/" + HOUSEHOLD_BUSINESS + "/validate")) {
        throw new AssertionError("journey step cannot run: " + "inline validation (POST /api/v1/procedures/{code}/validate not at the gateway yet)");
      }
      if (!gatewayHas("POST", "/api/v1/dossiers")) {
        throw new AssertionError("journey step cannot run: " + "validation messages and submission (POST /api/v1/dossiers not at the gateway yet)");
      } else {
        // When they fill in the business with a wrong phone number and submit
        fillBusiness(b);
        phone.clear();
        phone.sendKeys("0123");
        b.findElement(By.id("submit")).click();

        // Then the gateway's message shows beside the phone number
        WebElement phoneError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("err-f-applicant-phone")));
        assertThat(phoneError.getText()).isNotBlank();
        assertThat(b.findElement(By.id("f-applicant-phone")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(b.findElement(By.id("error-summary")).getText()).contains(phoneError.getText());
        chromium.screenshot("validation-message");

        // When they correct it and submit again
        phone = b.findElement(By.id("f-applicant-phone"));
        phone.clear();
        phone.sendKeys("0912345678");
        b.findElement(By.id("submit")).click();

        // Then they see a receipt code in the national format and a due date
        WebElement receipt = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("receipt-code")));
        assertThat(receipt.getText()).matches("[0-9A-Z.]+-[0-9]{6}-[0-9]{4}").startsWith("000.21.30.H26-");
        assertThat(b.findElement(By.id("due-at")).getText()).matches("[0-9]{2}/[0-9]{2}/[0-9]{4}.*");
        assertThat(b.findElement(By.id("submitted")).getText()).isEqualTo("Đã nộp hồ sơ");
        chromium.screenshot("receipt");

        String code = receipt.getText();
        if (!gatewayHas("GET", "/api/v1/dossiers/" + code)) {
          throw new AssertionError("journey step cannot run: " + "dossier status (GET /api/v1/dossiers/{receiptCode} not at the gateway yet)");
        } else if (!devModeRunsMockAgency()) {
          throw new AssertionError("journey step cannot run: " + "status change (dev mode does not run the mock agency yet)");
        } else {
          // When the agency processes it, refreshing the page shows the new status and its history
          String first = b.findElement(By.id("status")).getText();
          new WebDriverWait(b, Duration.ofSeconds(25), Duration.ofMillis(500))
              .withMessage("the status stayed '" + first + "' (the forwarder delivers, the mock agency reports)")
              .until(d -> {
                d.findElement(By.id("refresh")).click();
                return !d.findElement(By.id("status")).getText().equals(first);
              });
          assertThat(b.findElements(By.cssSelector("#history li")).size()).isGreaterThanOrEqualTo(2);
          chromium.screenshot("status-changed");
        }
        if (gatewayHas("GET", "/api/v1/me/dossiers")) {
          // And "my dossiers" lists it
          b.findElement(By.linkText("Hồ sơ của tôi")).click();
          assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dossiers"))).getText()).contains(code);
          chromium.screenshot("my-dossiers");
        }
      }

      // When they open "who read my data"
      b.findElement(By.linkText("Ai đã đọc dữ liệu của tôi")).click();
      WebElement access = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("data-access")));

      // Then the portal's prefill is listed, with the procedure and the data read
      assertThat(access.getText()).contains("Cổng dịch vụ công mẫu").contains(HOUSEHOLD_BUSINESS).contains("fullName");
      chromium.screenshot("data-access");

      // When they withdraw their consent for the portal
      b.findElement(By.cssSelector("button[data-client=demo-portal]")).click();
      assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("withdrawn"))).getText()).contains("demo-portal");
      assertThat(b.findElement(By.id("consents")).getText()).contains("Đã rút lại");
      chromium.screenshot("consent-withdrawn");

      // When they log out
      b.findElement(By.id("logout")).click();

      // Then they are back on the portal, logged out of it and of the gateway
      WebElement loggedOut = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logged-out")));
      assertThat(loggedOut.getText()).contains("Bạn đã đăng xuất");
      assertThat(b.findElements(By.id("logout"))).isEmpty();
      assertThat(b.findElement(By.id("login")).isDisplayed()).isTrue();
      chromium.screenshot("logged-out");

      // And the language switch shows the portal in English
      b.findElement(By.id("lang-switch")).click();
      assertThat(b.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
      assertThat(b.findElement(By.id("login")).getText()).isEqualTo("Log in with VNeID");

      // And a login now meets the gateway's login again (its session ended), not a silent return
      b.findElement(By.id("login")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
      assertThat(b.getCurrentUrl()).startsWith(dev.vneidUrl());
    }
  }

  @Test
  void aCitizenWhoDeniesConsentSeesWhyTheyAreNotLoggedIn() {
    JsonObject citizen = logins.account(2, 1);
    try (Chromium chromium = Chromium.start("consent-denied")) {
      WebDriver b = chromium.driver();
      WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(15));
      b.get(dev.portalUrl() + "/");
      b.findElement(By.id("login")).click();
      logInAtMockVneid(b, wait, citizen);
      b.findElement(By.name("otp")).submit();

      // When the citizen denies consent at the gateway
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[name=decision][value=deny]"))).click();

      // Then the portal explains it, offers to try again, and has not logged them in
      WebElement message = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("message")));
      assertThat(b.getCurrentUrl()).startsWith(dev.portalUrl() + "/callback");
      assertThat(b.findElement(By.tagName("h1")).getText()).isEqualTo("Bạn đã từ chối chia sẻ thông tin");
      assertThat(message.getText()).contains("chưa thể đăng nhập");
      assertThat(b.findElement(By.linkText("Thử đăng nhập lại")).getDomAttribute("href")).isEqualTo("/login");
      assertThat(b.findElements(By.id("logout"))).isEmpty();
      chromium.screenshot("consent-denied");
    }
  }

  private static void logInAtMockVneid(WebDriver b, WebDriverWait wait, JsonObject citizen) {
    wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username"))).sendKeys(citizen.getString("identity_number"));
    assertThat(b.getCurrentUrl()).startsWith(dev.vneidUrl());
    b.findElement(By.name("password")).sendKeys(citizen.getString("password"));
    b.findElement(By.name("otp")).sendKeys(citizen.getString("otp"));
  }

  /** The business part of the form; its address is the owner's current residence, a valid unit of Hà Nội. */
  private static void fillBusiness(WebDriver b) {
    b.findElement(By.id("f-business-name")).sendKeys("Tiệm bánh mì Hương Quê");
    type(b, "f-business-address-provinceCode", b.findElement(By.id("f-applicant-currentAddress-provinceCode")).getDomProperty("value"));
    type(b, "f-business-address-communeCode", b.findElement(By.id("f-applicant-currentAddress-communeCode")).getDomProperty("value"));
    b.findElement(By.id("f-business-address-detail")).sendKeys("Số 12 đường Tiền Phong");
    new Select(b.findElement(By.id("f-business-lines-0-division"))).selectByValue("56");
    b.findElement(By.id("f-business-lines-0-description")).sendKeys("Bán bánh mì, đồ uống");
    b.findElement(By.id("f-business-capital")).sendKeys("50.000.000");
    b.findElement(By.id("f-declarations-notOwnerElsewhere")).click();
    b.findElement(By.id("f-declarations-truthful")).click();
  }

  private static void type(WebDriver b, String id, String value) {
    WebElement e = b.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  /** Whether dev mode embeds the mock agency (DevStack.agency()), which moves dossiers through their statuses. */
  private static boolean devModeRunsMockAgency() {
    try {
      return dev.stack().getClass().getMethod("agency").invoke(dev.stack()) != null;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Whether the gateway routes this call: without a token an existing route answers 401, a missing one 404 or 405. */
  private static boolean gatewayHas(String method, String path) {
    var r = new Browser().send(HttpRequest.newBuilder(URI.create(dev.gatewayUrl() + path))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
        .header("Content-Type", "application/json"));
    return r.statusCode() != 404 && r.statusCode() != 405;
  }
}
