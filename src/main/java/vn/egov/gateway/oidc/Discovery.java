package vn.egov.gateway.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The discovery document (OIDC Discovery 1.0, RFC 8414). It is the only fixed path: every other
 * endpoint is found through it, so the paths below can change without breaking portals.
 */
public final class Discovery {
  public static final String AUTHORIZE = "/authorize";
  public static final String PAR = "/par";
  public static final String TOKEN = "/token";
  public static final String USERINFO = "/userinfo";
  public static final String JWKS = "/jwks";
  public static final String INTROSPECT = "/introspect";
  public static final String REVOKE = "/revoke";
  public static final String LOGOUT = "/logout";
  public static final String CALLBACK = "/login/callback";

  private Discovery() {
  }

  public static URI endpoint(String issuer, String path) {
    return URI.create(issuer + path);
  }

  public static String document(String issuer) {
    var md = new OIDCProviderMetadata(new Issuer(issuer), List.of(SubjectType.PAIRWISE), endpoint(issuer, JWKS));
    md.setAuthorizationEndpointURI(endpoint(issuer, AUTHORIZE));
    md.setPushedAuthorizationRequestEndpointURI(endpoint(issuer, PAR));
    md.setTokenEndpointURI(endpoint(issuer, TOKEN));
    md.setUserInfoEndpointURI(endpoint(issuer, USERINFO));
    md.setIntrospectionEndpointURI(endpoint(issuer, INTROSPECT));
    md.setRevocationEndpointURI(endpoint(issuer, REVOKE));
    md.setEndSessionEndpointURI(endpoint(issuer, LOGOUT));
    List<String> scopes = new ArrayList<>();
    List<String> claims = new ArrayList<>(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "azp", "sid"));
    for (Scope s : Scope.values()) {
      scopes.add(s.value());
      claims.addAll(s.claims());
    }
    md.setScopes(com.nimbusds.oauth2.sdk.Scope.parse(scopes));
    md.setClaims(claims);
    md.setResponseTypes(List.of(ResponseType.CODE));
    md.setResponseModes(List.of(ResponseMode.QUERY));
    md.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    md.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    md.setIDTokenJWSAlgs(List.of(JWSAlgorithm.ES256));
    md.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.PRIVATE_KEY_JWT));
    md.setTokenEndpointJWSAlgs(List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256));
    md.setIntrospectionEndpointAuthMethods(md.getTokenEndpointAuthMethods());
    md.setIntrospectionEndpointJWSAlgs(md.getTokenEndpointJWSAlgs());
    md.setRevocationEndpointAuthMethods(md.getTokenEndpointAuthMethods());
    md.setRevocationEndpointJWSAlgs(md.getTokenEndpointJWSAlgs());
    md.setACRs(List.of(new ACR("LoA1"), new ACR("LoA2")));
    try {
      md.setUILocales(List.of(new LangTag("vi"), new LangTag("en")));
      md.setClaimLocales(List.of(new LangTag("vi")));
    } catch (com.nimbusds.langtag.LangTagException e) {
      throw new IllegalStateException(e);
    }
    md.setSupportsClaimsParams(false);
    md.setSupportsRequestParam(false);
    md.setSupportsRequestURIParam(false);
    md.setSupportsAuthorizationResponseIssuerParam(true);
    md.requiresPushedAuthorizationRequests(false);
    var json = md.toJSONObject();
    json.put("prompt_values_supported", List.of("none", "login", "consent", "select_account"));
    // Re-encoded by Vert.x (Jackson), which does not escape every slash as json-smart does.
    return new io.vertx.core.json.JsonObject(json.toJSONString()).encode();
  }
}
