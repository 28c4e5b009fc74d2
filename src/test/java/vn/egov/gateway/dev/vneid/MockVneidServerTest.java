package vn.egov.gateway.dev.vneid;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AMR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.egov.gateway.dev.Citizen;

@ExtendWith(VertxExtension.class)
class MockVneidServerTest {
  private static final ClientID CLIENT = new ClientID("egov-gateway");
  private static final Secret SECRET = new Secret("egov-gateway-dev-secret");
  private static final URI REDIRECT = URI.create("http://localhost:8080/login/callback");
  private static RSAKey signingKey;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private MockVneidServer server;
  private URI issuer;

  @BeforeAll
  static void key() throws Exception {
    signingKey = new RSAKeyGenerator(2048).keyID("test-mock-vneid").generate();
  }

  @BeforeEach
  void start(Vertx vertx) {
    MockVneidConfig config = MockVneidConfig.forTests(signingKey,
        List.of(new MockVneidConfig.Client(CLIENT.getValue(), SECRET.getValue(), List.of(REDIRECT))));
    server = MockVneidServer.start(vertx, config).await();
    issuer = server.issuer();
  }

  @AfterEach
  void stop() {
    server.close().await();
  }

  // ---------------------------------------------------------------- discovery and JWKS

  @Test
  void discoveryParsesWithNimbusAndItsEndpointsAnswer() throws Exception {
    HttpResponse<String> response = get(issuer.resolve("/.well-known/openid-configuration"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(response.body());

    assertThat(metadata.getIssuer()).isEqualTo(new Issuer(issuer));
    assertThat(issuer).isEqualTo(URI.create("http://localhost:" + server.actualPort()));
    assertThat(metadata.getAuthorizationEndpointURI()).isEqualTo(issuer.resolve("/authorize"));
    assertThat(metadata.getTokenEndpointURI()).isEqualTo(issuer.resolve("/token"));
    assertThat(metadata.getUserInfoEndpointURI()).isEqualTo(issuer.resolve("/userinfo"));
    assertThat(metadata.getJWKSetURI()).isEqualTo(issuer.resolve("/jwks"));
    assertThat(metadata.getResponseTypes()).containsExactly(ResponseType.CODE);
    assertThat(metadata.getCodeChallengeMethods()).containsExactly(CodeChallengeMethod.S256);
    assertThat(metadata.getTokenEndpointAuthMethods()).containsExactly(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
    assertThat(metadata.getIDTokenJWSAlgs()).containsExactly(JWSAlgorithm.RS256);
    assertThat(metadata.getACRs()).containsExactly(new ACR("LoA1"), new ACR("LoA2"));
    assertThat(metadata.getScopes().toStringList()).containsExactly("openid");
    assertThat(metadata.getClaims()).contains("SoDinhDanh", "HoVaTen", "NgayThangNamSinh", "GioiTinh", "LoaiTaiKhoan", "ThuongTru");
    assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();

    JWKSet jwks = JWKSet.parse(get(metadata.getJWKSetURI()).body());
    assertThat(jwks.getKeys()).hasSize(1);
    assertThat(jwks.getKeys().get(0).getKeyID()).isEqualTo("test-mock-vneid");
    assertThat(jwks.getKeys().get(0).isPrivate()).isFalse();
    assertThat(jwks.getKeys().get(0).toRSAKey().getModulus()).isEqualTo(signingKey.getModulus());

    // Each advertised endpoint is there and answers a bare request with its own error format.
    HttpResponse<String> authorize = get(metadata.getAuthorizationEndpointURI());
    assertThat(authorize.statusCode()).isEqualTo(400);
    assertThat(authorize.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    HttpResponse<String> token = post(metadata.getTokenEndpointURI(), Map.of(), "");
    assertThat(token.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(token.body()).getString("error")).isEqualTo("invalid_client");
    HttpResponse<String> userinfo = get(metadata.getUserInfoEndpointURI());
    assertThat(userinfo.statusCode()).isEqualTo(401);
    assertThat(userinfo.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"mock-vneid\"");
  }

  // ---------------------------------------------------------------- the code flow

  @Test
  void fullCodeFlowGivesAVerifiableIdTokenAndTheCitizensClaims() throws Exception {
    JsonObject account = devAccount(2);
    Citizen citizen = server.citizens().findByIdentityNumber(account.getString("identity_number")).orElseThrow();
    Flow flow = new Flow(List.of(new ACR("LoA2")));

    Document form = loginForm(flow.request());
    AuthenticationSuccessResponse success = loginSucceeds(form, account);
    assertThat(success.getState()).isEqualTo(flow.state);
    assertThat(success.getIssuer()).isEqualTo(new Issuer(issuer));

    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> tokenResponse = redeem(success.getAuthorizationCode(), flow.verifier);
    assertThat(tokenResponse.statusCode()).isEqualTo(200);
    assertThat(tokenResponse.headers().firstValue("Cache-Control")).hasValue("no-store");
    OIDCTokenResponse tokens = (OIDCTokenResponse) OIDCTokenResponseParser.parse(nimbus(tokenResponse)).toSuccessResponse();
    SignedJWT idToken = (SignedJWT) tokens.getOIDCTokens().getIDToken();
    assertThat(idToken.getHeader().getKeyID()).isEqualTo("test-mock-vneid");
    assertThat(idToken.getHeader().getType().getType()).isEqualTo("JWT");

    IDTokenClaimsSet claims = validator().validate(idToken, flow.nonce);
    assertThat(claims.getSubject().getValue()).isEqualTo(citizen.upstreamSubject());
    assertThat(claims.getNonce()).isEqualTo(flow.nonce);
    assertThat(claims.getACR()).isEqualTo(new ACR("LoA2"));
    assertThat(claims.getAMR()).containsExactly(AMR.PWD, AMR.OTP);
    assertThat(claims.getAudience()).hasSize(1);
    assertThat(claims.getAudience().get(0).getValue()).isEqualTo(CLIENT.getValue());
    assertThat(claims.getAuthenticationTime().toInstant()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant())).isEqualTo(Duration.ofMinutes(5));

    BearerAccessToken accessToken = tokens.getOIDCTokens().getBearerAccessToken();
    assertThat(accessToken.getLifetime()).isEqualTo(300L);
    HttpResponse<String> userinfo = get(issuer.resolve("/userinfo"), Map.of("Authorization", accessToken.toAuthorizationHeader()));
    assertThat(userinfo.statusCode()).isEqualTo(200);
    JsonObject info = new JsonObject(userinfo.body());
    assertThat(info.getString("sub")).isEqualTo(claims.getSubject().getValue());
    assertThat(info.getString("SoDinhDanh")).isEqualTo(citizen.identityNumber()).isEqualTo(account.getString("identity_number"));
    assertThat(info.getString("HoVaTen")).isEqualTo(citizen.fullName()).isEqualTo(account.getString("name"));
    assertThat(info.getString("NgayThangNamSinh")).isEqualTo(account.getString("birthdate").replace("-", ""));
    assertThat(info.getString("GioiTinh")).isEqualTo(citizen.gender() == Citizen.Gender.MALE ? "Nam" : "Nữ");
    assertThat(info.getString("LoaiTaiKhoan")).isEqualTo("MUC_2");
    assertThat(info.getString("TechID")).isEqualTo(citizen.techId());
    assertThat(info.getString("DanToc")).isEqualTo(citizen.ethnicity());
    assertThat(info.getString("QuocTich")).isEqualTo("Việt Nam");
    assertThat(info.getString("QueQuan")).isEqualTo(citizen.hometown());
    assertThat(info.getString("SoDienThoai")).isEqualTo(citizen.phone());
    assertThat(info.getString("ThuDienTu")).isEqualTo(citizen.email());
    assertAddress(info.getJsonObject("ThuongTru"), citizen.permanentAddress());
    assertAddress(info.getJsonObject("NoiOHienNay"), citizen.currentAddress());
    assertThat(info.fieldNames()).containsExactlyInAnyOrder("sub", "SoDinhDanh", "HoVaTen", "NgayThangNamSinh", "GioiTinh",
        "LoaiTaiKhoan", "TechID", "DanToc", "QuocTich", "QueQuan", "ThuongTru", "NoiOHienNay", "SoDienThoai", "ThuDienTu");

    HttpResponse<String> byPost = post(issuer.resolve("/userinfo"), Map.of("Authorization", accessToken.toAuthorizationHeader()), "");
    assertThat(byPost.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(byPost.body())).isEqualTo(info);
  }

  @Test
  void aLevelOneAccountGetsLoA1EvenWhenLoA2IsAsked() throws Exception {
    JsonObject account = devAccount(1);
    Flow flow = new Flow(List.of(new ACR("LoA2")));
    AuthenticationSuccessResponse success = loginSucceeds(loginForm(flow.request()), account);
    OIDCTokenResponse tokens = (OIDCTokenResponse) OIDCTokenResponseParser.parse(nimbus(redeem(success.getAuthorizationCode(), flow.verifier)))
        .toSuccessResponse();
    IDTokenClaimsSet claims = validator().validate(tokens.getOIDCTokens().getIDToken(), flow.nonce);
    assertThat(claims.getACR()).isEqualTo(new ACR("LoA1"));
  }

  // ---------------------------------------------------------------- the login form

  @Test
  void theLoginFormIsOneAccessiblePostFormInVietnameseByDefault() throws Exception {
    Document page = loginForm(new Flow(null).request());
    assertThat(page.selectFirst("html").attr("lang")).isEqualTo("vi");
    Element form = page.selectFirst("form");
    assertThat(page.select("form")).hasSize(1);
    assertThat(form.attr("method")).isEqualTo("post");
    for (String name : List.of("username", "password", "otp")) {
      Element input = form.selectFirst("input[name=" + name + "]");
      assertThat(input).as(name).isNotNull();
      assertThat(page.select("label[for=" + input.id() + "]")).as("label of " + name).hasSize(1);
    }
    assertThat(form.selectFirst("input[name=password]").attr("type")).isEqualTo("password");
    assertThat(form.selectFirst("input[name=request_id]").attr("type")).isEqualTo("hidden");
    assertThat(form.selectFirst("input[name=request_id]").val()).isNotBlank();
    assertThat(page.select("label[for=password]").text()).isEqualTo("Mật khẩu");
    assertThat(page.select("[role=alert]")).isEmpty();
  }

  @Test
  void uiLocalesEnOrLangEnGiveTheEnglishForm() throws Exception {
    Flow flow = new Flow(null);
    URI withUiLocales = new AuthenticationRequest.Builder(flow.request())
        .uiLocales(List.of(LangTag.parse("en-GB"), LangTag.parse("vi"))).build().toURI();
    Document page = loginForm(withUiLocales);
    assertThat(page.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(page.select("label[for=password]").text()).isEqualTo("Password");
    JsonObject account = devAccount(2);
    HttpResponse<String> wrong = submit(page, account.getString("identity_number"), "wrong", account.getString("otp"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    Document again = Jsoup.parse(wrong.body());
    assertThat(again.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(again.select("[role=alert]").text())
        .isEqualTo("The identification number, password or one-time code is wrong. 4 attempts left before the account is locked for a while.");

    URI withLang = URI.create(flow.request().toURI() + "&lang=en");
    assertThat(loginForm(withLang).select("label[for=otp]").text()).isEqualTo("One-time code (OTP)");

    // The language switch of a Vietnamese page leads to the same pending login in English.
    Document vietnamese = loginForm(flow.request().toURI());
    String switchHref = vietnamese.selectFirst("a[hreflang=en]").attr("href");
    HttpResponse<String> switched = get(issuer.resolve(switchHref));
    assertThat(switched.statusCode()).isEqualTo(200);
    Document english = Jsoup.parse(switched.body());
    assertThat(english.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(english.selectFirst("input[name=request_id]").val()).isEqualTo(vietnamese.selectFirst("input[name=request_id]").val());
  }

  @Test
  void aWrongPasswordShowsTheFormAgainWithAMessageAndKeepsTheLogin() throws Exception {
    JsonObject account = devAccount(2);
    Document form = loginForm(new Flow(null).request());

    HttpResponse<String> wrong = submit(form, account.getString("identity_number"), "Vneid@0000x", account.getString("otp"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("Location")).isEmpty();
    Document again = Jsoup.parse(wrong.body());
    assertThat(again.select("form[method=post]")).hasSize(1);
    assertThat(again.select("[role=alert]").text())
        .isEqualTo("Số định danh cá nhân, mật khẩu hoặc mã OTP không đúng. Bạn còn 4 lần thử trước khi tài khoản bị tạm khóa.");
    assertThat(again.selectFirst("input[name=username]").val()).isEqualTo(account.getString("identity_number"));

    HttpResponse<String> wrongOtp = submit(again, account.getString("identity_number"), account.getString("password"), "000000x");
    assertThat(wrongOtp.statusCode()).isEqualTo(401);
    assertThat(Jsoup.parse(wrongOtp.body()).select("[role=alert]").text()).contains("Bạn còn 3 lần thử");

    HttpResponse<String> malformed = submit(again, "12345", account.getString("password"), account.getString("otp"));
    assertThat(malformed.statusCode()).isEqualTo(401);
    assertThat(Jsoup.parse(malformed.body()).select("[role=alert]").text()).isEqualTo("Số định danh cá nhân phải gồm đúng 12 chữ số.");

    // The pending login survived the failures: the right credentials still get a code.
    HttpResponse<String> right = submit(again, account.getString("identity_number"), account.getString("password"), account.getString("otp"));
    assertThat(right.statusCode()).isEqualTo(302);
    assertThat(AuthenticationResponseParser.parse(URI.create(right.headers().firstValue("Location").orElseThrow())).indicatesSuccess()).isTrue();

    // ...once: the pending login is spent.
    HttpResponse<String> replay = submit(again, account.getString("identity_number"), account.getString("password"), account.getString("otp"));
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(Jsoup.parse(replay.body()).select("[role=alert]").text()).startsWith("Phiên đăng nhập đã hết hạn");
  }

  @Test
  void fiveFailuresLockTheAccountButNotOthers() throws Exception {
    JsonObject victim = devAccount(2);
    String id = victim.getString("identity_number");
    Document form = loginForm(new Flow(null).request());
    for (int i = 1; i <= 4; i++) {
      HttpResponse<String> r = submit(form, id, "wrong-" + i, victim.getString("otp"));
      assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(401);
      assertThat(Jsoup.parse(r.body()).select("[role=alert]").text()).contains("Bạn còn " + (5 - i) + " lần thử");
    }
    HttpResponse<String> fifth = submit(form, id, "wrong-5", victim.getString("otp"));
    assertThat(fifth.statusCode()).isEqualTo(423);
    assertThat(Jsoup.parse(fifth.body()).select("[role=alert]").text())
        .isEqualTo("Tài khoản tạm thời bị khóa do nhập sai quá 5 lần. Vui lòng thử lại sau 15 phút.");

    HttpResponse<String> sixth = submit(form, id, victim.getString("password"), victim.getString("otp"));
    assertThat(sixth.statusCode()).isEqualTo(423);
    assertThat(sixth.headers().firstValue("Location")).isEmpty();
    assertThat(Jsoup.parse(sixth.body()).select("[role=alert]").text()).contains("tạm thời bị khóa");

    // Another account on the same pending login is not affected.
    JsonObject other = devAccount(1);
    HttpResponse<String> otherLogin = submit(form, other.getString("identity_number"), other.getString("password"), other.getString("otp"));
    assertThat(otherLogin.statusCode()).isEqualTo(302);
    assertThat(otherLogin.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?");
  }

  @Test
  void aSuccessResetsTheFailureCount() throws Exception {
    JsonObject account = devAccount(2);
    String id = account.getString("identity_number");
    Document first = loginForm(new Flow(null).request());
    for (int i = 0; i < 4; i++) assertThat(submit(first, id, "wrong", account.getString("otp")).statusCode()).isEqualTo(401);
    assertThat(submit(first, id, account.getString("password"), account.getString("otp")).statusCode()).isEqualTo(302);

    Document second = loginForm(new Flow(null).request());
    HttpResponse<String> wrong = submit(second, id, "wrong", account.getString("otp"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(Jsoup.parse(wrong.body()).select("[role=alert]").text()).contains("Bạn còn 4 lần thử");
  }

  @Test
  void anOversizedLoginFormIsRefused() throws Exception {
    Document form = loginForm(new Flow(null).request());
    String requestId = form.selectFirst("input[name=request_id]").val();
    String body = "request_id=" + requestId + "&username=001000000000&otp=000000&password=" + "x".repeat(20_000);
    HttpResponse<String> r = post(issuer.resolve("/authorize/login"), Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
  }

  // ---------------------------------------------------------------- bad authorization requests

  @Test
  void anUnregisteredRedirectUriOrClientGetsAnErrorPageAndNoRedirect() throws Exception {
    Flow flow = new Flow(null);
    URI evil = new AuthenticationRequest.Builder(flow.request()).redirectionURI(URI.create("http://localhost:8080/login/callback/../evil"))
        .build().toURI();
    HttpResponse<String> r = get(evil);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(Jsoup.parse(r.body()).select("[role=alert]").text())
        .isEqualTo("Địa chỉ chuyển hướng (redirect_uri) không được đăng ký cho dịch vụ này.");

    // An error that would otherwise be redirected (no PKCE) is not sent to an unregistered URI either.
    URI evilWithoutPkce = URI.create(issuer.resolve("/authorize") + "?response_type=code&scope=openid&client_id=egov-gateway"
        + "&redirect_uri=" + URLEncoder.encode("https://attacker.example/cb", StandardCharsets.UTF_8));
    HttpResponse<String> r2 = get(evilWithoutPkce);
    assertThat(r2.statusCode()).isEqualTo(400);
    assertThat(r2.headers().firstValue("Location")).isEmpty();

    URI unknownClient = URI.create(flow.request().toURI().toString().replace("client_id=egov-gateway", "client_id=someone-else"));
    assertThat(unknownClient.toString()).contains("client_id=someone-else");
    HttpResponse<String> r3 = get(unknownClient);
    assertThat(r3.statusCode()).isEqualTo(400);
    assertThat(r3.headers().firstValue("Location")).isEmpty();
    assertThat(Jsoup.parse(r3.body()).select("[role=alert]").text()).contains("chưa được đăng ký");
  }

  @Test
  void otherBadRequestsAreRedirectedWithErrorStateAndIss() throws Exception {
    State state = new State();
    String base = issuer.resolve("/authorize") + "?client_id=egov-gateway&state=" + state.getValue()
        + "&redirect_uri=" + URLEncoder.encode(REDIRECT.toString(), StandardCharsets.UTF_8);
    String pkce = "&code_challenge=" + com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue()
        + "&code_challenge_method=S256";

    assertRedirectedError(base + "&response_type=code&scope=openid", state, "invalid_request");
    assertRedirectedError(base + "&response_type=code&scope=openid&code_challenge=abcdefghijklmnopqrstuvwxyz0123456789abcdefgh"
        + "&code_challenge_method=plain", state, "invalid_request");
    assertRedirectedError(base + "&response_type=code&scope=profile" + pkce, state, "invalid_request");
    assertRedirectedError(base + "&response_type=code%20id_token&scope=openid&nonce=n" + pkce, state, "unsupported_response_type");
    assertRedirectedError(base + "&response_type=code&scope=openid&prompt=none" + pkce, state, "login_required");
  }

  // ---------------------------------------------------------------- token endpoint

  @Test
  void aWrongPkceVerifierGetsInvalidGrant() throws Exception {
    Flow flow = new Flow(null);
    AuthenticationSuccessResponse success = loginSucceeds(loginForm(flow.request()), devAccount(2));
    HttpResponse<String> r = redeem(success.getAuthorizationCode(), new CodeVerifier());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_grant");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void aMissingPkceVerifierGetsInvalidGrant() throws Exception {
    Flow flow = new Flow(null);
    AuthenticationSuccessResponse success = loginSucceeds(loginForm(flow.request()), devAccount(2));
    HttpResponse<String> r = redeem(success.getAuthorizationCode(), null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_grant");
  }

  @Test
  void aReusedCodeGetsInvalidGrantAndRevokesTheFirstAccessToken() throws Exception {
    Flow flow = new Flow(null);
    AuthenticationSuccessResponse success = loginSucceeds(loginForm(flow.request()), devAccount(2));
    HttpResponse<String> first = redeem(success.getAuthorizationCode(), flow.verifier);
    assertThat(first.statusCode()).isEqualTo(200);
    BearerAccessToken token = ((OIDCTokenResponse) OIDCTokenResponseParser.parse(nimbus(first)).toSuccessResponse())
        .getOIDCTokens().getBearerAccessToken();
    assertThat(get(issuer.resolve("/userinfo"), Map.of("Authorization", token.toAuthorizationHeader())).statusCode()).isEqualTo(200);

    HttpResponse<String> second = redeem(success.getAuthorizationCode(), flow.verifier);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(second.body()).getString("error")).isEqualTo("invalid_grant");
    assertThat(get(issuer.resolve("/userinfo"), Map.of("Authorization", token.toAuthorizationHeader())).statusCode()).isEqualTo(401);
  }

  @Test
  void aWrongClientSecretGetsInvalidClientWithAChallenge() throws Exception {
    Flow flow = new Flow(null);
    AuthenticationSuccessResponse success = loginSucceeds(loginForm(flow.request()), devAccount(2));
    TokenRequest request = new TokenRequest.Builder(issuer.resolve("/token"), new ClientSecretBasic(CLIENT, new Secret("not-the-secret")),
        new AuthorizationCodeGrant(success.getAuthorizationCode(), REDIRECT, flow.verifier)).build();
    HttpResponse<String> r = send(request.toHTTPRequest());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"mock-vneid\"");
    TokenErrorResponse error = TokenResponse.parse(nimbus(r)).toErrorResponse();
    assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_client");

    // The failed attempt did not spend the code: client authentication comes first.
    assertThat(redeem(success.getAuthorizationCode(), flow.verifier).statusCode()).isEqualTo(200);
  }

  @Test
  void aWrongRedirectUriOrGrantTypeIsRefused() throws Exception {
    Flow flow = new Flow(null);
    AuthenticationSuccessResponse success = loginSucceeds(loginForm(flow.request()), devAccount(2));
    TokenRequest otherRedirect = new TokenRequest.Builder(issuer.resolve("/token"), new ClientSecretBasic(CLIENT, SECRET),
        new AuthorizationCodeGrant(success.getAuthorizationCode(), URI.create("http://localhost:8080/other"), flow.verifier)).build();
    HttpResponse<String> r = send(otherRedirect.toHTTPRequest());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_grant");

    HttpResponse<String> refresh = post(issuer.resolve("/token"), Map.of("Authorization", new ClientSecretBasic(CLIENT, SECRET).toHTTPAuthorizationHeader(),
        "Content-Type", "application/x-www-form-urlencoded"), "grant_type=refresh_token&refresh_token=abc");
    assertThat(refresh.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(refresh.body()).getString("error")).isEqualTo("unsupported_grant_type");
  }

  // ---------------------------------------------------------------- userinfo

  @Test
  void anUnknownBearerTokenGets401InvalidToken() throws Exception {
    HttpResponse<String> r = get(issuer.resolve("/userinfo"), Map.of("Authorization", new BearerAccessToken().toAuthorizationHeader()));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer realm=\"mock-vneid\", error=\"invalid_token\"");
    assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("invalid_token");
  }

  // ---------------------------------------------------------------- /dev/citizens

  @Test
  void devCitizensListsTheFirstAccountsWithTheirCredentials() throws Exception {
    JsonArray list = new JsonArray(get(issuer.resolve("/dev/citizens")).body());
    assertThat(list).hasSize(20);
    assertThat(list.stream().map(o -> ((JsonObject) o).getInteger("level")).limit(3).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2);
    for (int i = 0; i < list.size(); i++) {
      JsonObject entry = list.getJsonObject(i);
      Citizen c = server.citizens().citizen(i);
      assertThat(entry.fieldNames()).containsExactlyInAnyOrder("identity_number", "name", "birthdate", "gender", "level", "password", "otp");
      assertThat(entry.getString("identity_number")).isEqualTo(c.identityNumber());
      assertThat(entry.getString("name")).isEqualTo(c.fullName());
      assertThat(entry.getString("birthdate")).isEqualTo(c.birthdate().toString());
      assertThat(entry.getString("gender")).isIn("male", "female");
      assertThat(entry.getString("password")).isEqualTo(c.password());
      assertThat(entry.getString("otp")).isEqualTo(c.otp());
    }
    JsonArray page = new JsonArray(get(issuer.resolve("/dev/citizens?offset=500&limit=3")).body());
    assertThat(page).hasSize(3);
    assertThat(page.getJsonObject(0).getString("identity_number")).isEqualTo(server.citizens().citizen(500).identityNumber());
    assertThat(get(issuer.resolve("/dev/citizens?limit=1001")).statusCode()).isEqualTo(400);
    assertThat(get(issuer.resolve("/dev/citizens?offset=-1")).statusCode()).isEqualTo(400);
  }

  // ---------------------------------------------------------------- helpers

  /** One relying-party login attempt: its state, nonce and PKCE verifier. */
  private final class Flow {
    final State state = new State();
    final Nonce nonce = new Nonce();
    final CodeVerifier verifier = new CodeVerifier();
    final List<ACR> acrValues;

    Flow(List<ACR> acrValues) {
      this.acrValues = acrValues;
    }

    AuthenticationRequest request() {
      return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), CLIENT, REDIRECT)
          .endpointURI(issuer.resolve("/authorize"))
          .state(state)
          .nonce(nonce)
          .codeChallenge(verifier, CodeChallengeMethod.S256)
          .acrValues(acrValues)
          .build();
    }
  }

  private JsonObject devAccount(int level) throws Exception {
    JsonArray list = new JsonArray(get(issuer.resolve("/dev/citizens")).body());
    return list.stream().map(JsonObject.class::cast).filter(o -> o.getInteger("level") == level).findFirst().orElseThrow();
  }

  private Document loginForm(AuthenticationRequest request) throws Exception {
    return loginForm(request.toURI());
  }

  private Document loginForm(URI authorize) throws Exception {
    HttpResponse<String> r = get(authorize);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    return Jsoup.parse(r.body(), authorize.toString());
  }

  private AuthenticationSuccessResponse loginSucceeds(Document form, JsonObject account) throws Exception {
    HttpResponse<String> r = submit(form, account.getString("identity_number"), account.getString("password"), account.getString("otp"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
    AuthenticationResponse response = AuthenticationResponseParser.parse(URI.create(r.headers().firstValue("Location").orElseThrow()));
    assertThat(response.indicatesSuccess()).isTrue();
    return response.toSuccessResponse();
  }

  /** Fills the page's one form the way a browser would: every field it has, with ours for the three inputs. */
  private HttpResponse<String> submit(Document page, String username, String password, String otp) throws Exception {
    Elements forms = page.select("form");
    assertThat(forms).hasSize(1);
    Element form = forms.first();
    Map<String, String> fields = new LinkedHashMap<>();
    for (Element input : form.select("input[name]")) fields.put(input.attr("name"), input.val());
    fields.put("username", username);
    fields.put("password", password);
    fields.put("otp", otp);
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return post(issuer.resolve(form.attr("action")), Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
  }

  private HttpResponse<String> redeem(AuthorizationCode code, CodeVerifier verifier) throws Exception {
    TokenRequest request = new TokenRequest.Builder(issuer.resolve("/token"), new ClientSecretBasic(CLIENT, SECRET),
        new AuthorizationCodeGrant(code, REDIRECT, verifier)).build();
    return send(request.toHTTPRequest());
  }

  private IDTokenValidator validator() throws Exception {
    JWKSet jwks = JWKSet.parse(get(issuer.resolve("/jwks")).body());
    return new IDTokenValidator(new Issuer(issuer), CLIENT, JWSAlgorithm.RS256, jwks);
  }

  private void assertRedirectedError(String authorize, State state, String error) throws Exception {
    HttpResponse<String> r = get(URI.create(authorize));
    assertThat(r.statusCode()).as(authorize).isEqualTo(302);
    URI location = URI.create(r.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(REDIRECT + "?");
    AuthorizationErrorResponse response = AuthenticationResponseParser.parse(location).toErrorResponse();
    assertThat(response.getErrorObject().getCode()).as(authorize).isEqualTo(error);
    assertThat(response.getState()).isEqualTo(state);
    assertThat(response.getIssuer()).isEqualTo(new Issuer(issuer));
  }

  private static void assertAddress(JsonObject json, Citizen.Address a) {
    assertThat(json.getString("MaTinh")).isEqualTo("01");
    assertThat(json.getString("TenTinh")).isEqualTo("Hà Nội");
    assertThat(json.getString("MaXa")).isEqualTo(a.communeCode());
    assertThat(json.getString("TenXa")).isNotBlank();
    assertThat(a.fullText()).contains(json.getString("TenXa"));
    assertThat(json.getString("MaHuyenCu")).isEqualTo(a.legacyDistrictCode());
    assertThat(json.containsKey("MaHuyenCu")).isTrue();
    assertThat(json.getString("ChiTiet")).isEqualTo(a.detail());
    assertThat(json.getString("DiaChiDayDu")).isEqualTo(a.fullText());
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return get(uri, Map.of());
  }

  private HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(URI uri, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Sends a request Nimbus built, so the protocol message is the library's and only transport is ours. */
  private HttpResponse<String> send(HTTPRequest request) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    request.getHeaderMap().forEach((name, values) -> headers.put(name, values.get(0)));
    return post(request.getURI(), headers, request.getBody() == null ? "" : request.getBody());
  }

  private static HTTPResponse nimbus(HttpResponse<String> response) {
    HTTPResponse out = new HTTPResponse(response.statusCode());
    response.headers().map().forEach((name, values) -> out.setHeader(name, values.toArray(new String[0])));
    out.setBody(response.body());
    return out;
  }
}
