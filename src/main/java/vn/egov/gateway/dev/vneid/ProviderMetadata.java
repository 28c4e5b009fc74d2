package vn.egov.gateway.dev.vneid;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The mock's endpoints, its discovery document (OpenID Connect Discovery 1.0 section 3) and its
 * public JWKS. Paths are fixed; absolute URLs are the issuer plus the path.
 */
final class ProviderMetadata {
  static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
  static final String AUTHORIZE_PATH = "/authorize";
  static final String TOKEN_PATH = "/token";
  static final String USERINFO_PATH = "/userinfo";
  static final String JWKS_PATH = "/jwks";
  static final String DEV_CITIZENS_PATH = "/dev/citizens";

  private final Issuer issuer;
  private final String base;

  ProviderMetadata(URI issuer) {
    this.issuer = new Issuer(issuer);
    String s = issuer.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  Issuer issuer() {
    return issuer;
  }

  boolean https() {
    return base.startsWith("https:");
  }

  URI endpoint(String path) {
    return URI.create(base + path);
  }

  String discoveryJson() {
    OIDCProviderMetadata m = new OIDCProviderMetadata(issuer, List.of(SubjectType.PUBLIC), endpoint(JWKS_PATH));
    m.setAuthorizationEndpointURI(endpoint(AUTHORIZE_PATH));
    m.setTokenEndpointURI(endpoint(TOKEN_PATH));
    m.setUserInfoEndpointURI(endpoint(USERINFO_PATH));
    m.setResponseTypes(List.of(ResponseType.CODE));
    m.setResponseModes(List.of(ResponseMode.QUERY));
    m.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE));
    m.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
    m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    m.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC));
    m.setScopes(new Scope(OIDCScopeValue.OPENID));
    m.setACRs(List.of(new ACR(VneidClaims.LOA1), new ACR(VneidClaims.LOA2)));
    m.setClaims(VneidClaims.SUPPORTED);
    m.setUILocales(uiLocales());
    // Discovery section 3: request_uri_parameter_supported defaults to true, so say no explicitly.
    m.setSupportsRequestParam(false);
    m.setSupportsRequestURIParam(false);
    // RFC 9207 section 3: clients learn that authorization responses carry iss.
    m.setSupportsAuthorizationResponseIssuerParam(true);
    return m.toJSONObject().toJSONString();
  }

  /** Public parts only, marked for RS256 signatures so verifiers need not guess. */
  static String jwksJson(RSAKey signingKey) {
    RSAKey pub = new RSAKey.Builder(signingKey.toPublicJWK()).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
    return new JWKSet(pub).toString(true);
  }

  private static List<LangTag> uiLocales() {
    List<LangTag> tags = new ArrayList<>();
    try {
      tags.add(LangTag.parse("vi"));
      tags.add(LangTag.parse("en"));
    } catch (LangTagException e) {
      throw new IllegalStateException(e);
    }
    return tags;
  }
}
