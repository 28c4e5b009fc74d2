package vn.egov.gateway.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.egov.gateway.testing.Browser;
import vn.egov.gateway.testing.DevStackHarness;
import vn.egov.gateway.testing.Pkce;
import vn.egov.gateway.testing.PortalClient;

/**
 * The whole brokered login in dev mode, over real HTTP, as a citizen's browser and a portal do it:
 * portal -> gateway -> mock VNeID login form -> gateway consent -> code -> token -> userinfo.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokeredLoginTest {
  private DevStackHarness dev;
  private PortalClient portal;

  @BeforeAll
  void start() {
    dev = DevStackHarness.start(Map.of());
    portal = new PortalClient(dev.gatewayUrl());
  }

  @AfterAll
  void stop() {
    dev.close();
  }

  /** The n-th listed account of a level; each test uses its own, as the lockout test locks one. */
  private JsonObject account(int level, int n) {
    JsonArray list = new JsonArray(new Browser().get(dev.vneidUrl() + "/dev/citizens").body());
    int seen = 0;
    for (Object o : list) {
      JsonObject c = (JsonObject) o;
      if (c.getInteger("level") == level && seen++ == n) return c;
    }
    throw new AssertionError("no level " + level + " account listed");
  }

  private HttpResponse<String> loginForm(Browser b, String authorizeUrl) {
    var toIdp = b.get(authorizeUrl);
    assertThat(toIdp.statusCode()).isEqualTo(302);
    assertThat(Browser.location(toIdp).toString()).startsWith(dev.vneidUrl() + "/authorize");
    var form = b.get(Browser.location(toIdp));
    assertThat(form.statusCode()).isEqualTo(200);
    return form;
  }

  @Test
  void aCitizenLogsInThroughTheGatewayAndThePortalGetsVerifiableTokens() throws Exception {
    JsonObject citizen = account(2, 0);
    Browser b = new Browser();
    Pkce pkce = Pkce.create();
    var form = loginForm(b, portal.authorizeUrl("openid profile identity_number address phone", "st-1", "nonce-1", pkce,
        Map.of("acr_values", "LoA2")));
    assertThat(form.body()).contains("name=\"username\"", "name=\"password\"", "name=\"otp\"", "lang=\"vi\"");

    var afterLogin = b.submitForm(form, Map.of("username", citizen.getString("identity_number"),
        "password", citizen.getString("password"), "otp", citizen.getString("otp")));
    assertThat(afterLogin.statusCode()).isEqualTo(302);
    URI callback = Browser.location(afterLogin);
    assertThat(callback.toString()).startsWith(dev.gatewayUrl() + "/login/callback");

    var toConsent = b.get(callback);
    assertThat(Browser.location(toConsent).getPath()).isEqualTo("/consent");
    var consent = b.get(Browser.location(toConsent));
    // The preview shows the citizen's actual values, as the register knows them.
    assertThat(consent.body()).contains(citizen.getString("name"), citizen.getString("identity_number"), "Nơi thường trú");

    var back = b.submitForm(consent, Map.of("decision", "approve"));
    var q = Browser.query(Browser.location(back));
    assertThat(Browser.location(back).toString()).startsWith(PortalClient.REDIRECT);
    assertThat(q).containsEntry("state", "st-1").containsEntry("iss", dev.gatewayUrl());

    var tokenResponse = portal.redeem(q.get("code"), pkce);
    assertThat(tokenResponse.statusCode()).isEqualTo(200);
    assertThat(tokenResponse.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonObject tokens = PortalClient.json(tokenResponse);

    // Verify the ID token the way a portal does: discovery -> JWKS -> signature and claims.
    var md = OIDCProviderMetadata.parse(new Browser().get(dev.gatewayUrl() + "/.well-known/openid-configuration").body());
    JWKSet jwks = JWKSet.parse(new Browser().get(md.getJWKSetURI()).body());
    var validator = new IDTokenValidator(new Issuer(dev.gatewayUrl()), new ClientID(PortalClient.CLIENT_ID),
        new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks)), null);
    var idClaims = validator.validate(SignedJWT.parse(tokens.getString("id_token")), new Nonce("nonce-1"));
    assertThat(idClaims.getACR().getValue()).isEqualTo("LoA2");
    assertThat(idClaims.getSubject().getValue()).doesNotContain(citizen.getString("identity_number"));

    var info = PortalClient.json(portal.userinfo(tokens.getString("access_token")));
    assertThat(info.getString("sub")).isEqualTo(idClaims.getSubject().getValue());
    assertThat(info.getString("name")).isEqualTo(citizen.getString("name"));
    assertThat(info.getString("birthdate")).isEqualTo(citizen.getString("birthdate"));
    assertThat(info.getString("gender")).isEqualTo(citizen.getString("gender"));
    assertThat(info.getString("identity_number")).isEqualTo(citizen.getString("identity_number"));
    assertThat(info.getJsonObject("address").getString("province_code")).isNotBlank();
    assertThat(info.getString("phone_number")).startsWith("+84");
    assertThat(info.containsKey("email")).as("email was not requested").isFalse();
  }

  @Test
  void aLevelOneAccountCannotSatisfyALevelTwoDemand() {
    JsonObject citizen = account(1, 0);
    Browser b = new Browser();
    var form = loginForm(b, portal.authorizeUrl("openid", "st-2", "n", Pkce.create(), Map.of("acr_values", "LoA2")));
    var afterLogin = b.submitForm(form, Map.of("username", citizen.getString("identity_number"),
        "password", citizen.getString("password"), "otp", citizen.getString("otp")));
    var back = b.get(Browser.location(afterLogin));
    assertThat(Browser.query(Browser.location(back))).containsEntry("error", "unmet_authentication_requirements")
        .containsEntry("state", "st-2");
  }

  @Test
  void fiveWrongPasswordsLockTheAccountAtTheMock() {
    JsonObject citizen = account(2, 1);
    Browser b = new Browser();
    var form = loginForm(b, portal.authorizeUrl("openid", "st-3", "n", Pkce.create(), Map.of()));
    HttpResponse<String> r = form;
    for (int i = 0; i < 5; i++) {
      r = b.submitForm(r, Map.of("username", citizen.getString("identity_number"), "password", "wrong-" + i,
          "otp", citizen.getString("otp")));
      assertThat(r.statusCode()).isIn(401, 423);
    }
    assertThat(r.statusCode()).isEqualTo(423);
    // Locked: even the right password is refused, and no code reaches the gateway.
    var locked = b.submitForm(r, Map.of("username", citizen.getString("identity_number"),
        "password", citizen.getString("password"), "otp", citizen.getString("otp")));
    assertThat(locked.statusCode()).isEqualTo(423);
    assertThat(locked.headers().firstValue("Location")).isEmpty();
    assertThat(locked.body()).contains("role=\"alert\"");
  }
}
