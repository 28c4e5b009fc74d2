package vn.egov.gateway.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * A national IdP stubbed with WireMock, for the failures a real one can have: each test stubs the
 * token endpoint with exactly the answer it needs. Signs ID tokens with its own RSA key.
 */
public final class FakeUpstream implements AutoCloseable {
  public static final String CLIENT_ID = "egov-gateway";
  private final WireMockServer server = new WireMockServer(options().dynamicPort());
  private final RSAKey key;

  public FakeUpstream() {
    try {
      key = new RSAKeyGenerator(2048).keyID("upstream-1").algorithm(JWSAlgorithm.RS256).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    server.start();
  }

  public String issuer() {
    return server.baseUrl();
  }

  public WireMockServer server() {
    return server;
  }

  public RSAKey key() {
    return key;
  }

  /** Overrides that point the gateway at this IdP. */
  public Map<String, String> gatewayOverrides() {
    return Map.of("EGOV_UPSTREAM_DISCOVERY_URL", issuer() + "/.well-known/openid-configuration",
        "EGOV_UPSTREAM_TIMEOUT", "PT2S");
  }

  public FakeUpstream stubDiscoveryAndKeys() {
    JsonObject md = new JsonObject().put("issuer", issuer())
        .put("authorization_endpoint", issuer() + "/authorize").put("token_endpoint", issuer() + "/token")
        .put("userinfo_endpoint", issuer() + "/userinfo").put("jwks_uri", issuer() + "/jwks")
        .put("response_types_supported", new io.vertx.core.json.JsonArray().add("code"))
        .put("subject_types_supported", new io.vertx.core.json.JsonArray().add("public"))
        .put("id_token_signing_alg_values_supported", new io.vertx.core.json.JsonArray().add("RS256"));
    server.stubFor(get(urlPathEqualTo("/.well-known/openid-configuration")).willReturn(json(md.encode())));
    stubJwks(new JWKSet(key.toPublicJWK()));
    // Warm WireMock's Jetty up, so the first real call is not slowed by class loading.
    new Browser().get(issuer() + "/.well-known/openid-configuration");
    return this;
  }

  public void stubJwks(JWKSet set) {
    server.stubFor(get(urlPathEqualTo("/jwks")).willReturn(json(set.toString())));
  }

  public void stubToken(ResponseDefinitionBuilder response) {
    server.stubFor(post(urlPathEqualTo("/token")).willReturn(response));
  }

  public void stubTokenWithIdToken(String idToken) {
    stubToken(json(new JsonObject().put("access_token", "upstream-at").put("token_type", "Bearer")
        .put("expires_in", 300).put("id_token", idToken).encode()));
  }

  public void stubUserInfo(JsonObject claims) {
    server.stubFor(get(urlPathEqualTo("/userinfo")).willReturn(json(claims.encode())));
  }

  public JWTClaimsSet.Builder idTokenClaims(String nonce, String acr) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(issuer()).subject("vneid-sub-1").audience(CLIENT_ID)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .claim("auth_time", now.getEpochSecond()).claim("nonce", nonce).claim("acr", acr);
  }

  public String sign(JWTClaimsSet claims) {
    return sign(claims, key);
  }

  public static String sign(JWTClaimsSet claims, RSAKey with) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Userinfo claims of one citizen, with VNeID's Vietnamese names. */
  public static JsonObject citizenClaims(String sub) {
    return new JsonObject().put("sub", sub).put("SoDinhDanh", "001085012345").put("HoVaTen", "Nguyễn Thị Thu Hà")
        .put("NgayThangNamSinh", "19850214").put("GioiTinh", "Nữ").put("SoDienThoai", "0912345678")
        .put("ThuDienTu", "thuha.nguyen@example.vn")
        .put("ThuongTru", new JsonObject().put("MaTinh", "01").put("MaXa", "00070").put("ChiTiet", "Số 12 phố Hàng Bạc")
            .put("DiaChiDayDu", "Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"));
  }

  public static ResponseDefinitionBuilder json(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Override
  public void close() {
    server.stop();
  }
}
