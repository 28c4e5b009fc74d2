package vn.egov.gateway.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a portal does against the gateway, over real HTTP: build authorization URLs, call the token endpoint. */
public final class PortalClient {
  public static final String CLIENT_ID = "demo-portal";
  public static final String SECRET = "demo-portal-secret";
  public static final String REDIRECT = "http://localhost:8081/callback";

  private final String gateway;
  private final Browser http = new Browser();

  public PortalClient(String gateway) {
    this.gateway = gateway;
  }

  public String authorizeUrl(String scope, String state, String nonce, Pkce pkce, Map<String, String> extra) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("client_id", CLIENT_ID);
    p.put("redirect_uri", REDIRECT);
    p.put("response_type", "code");
    p.put("scope", scope);
    p.put("state", state);
    if (nonce != null) p.put("nonce", nonce);
    if (pkce != null) {
      p.put("code_challenge", pkce.challenge());
      p.put("code_challenge_method", "S256");
    }
    p.putAll(extra);
    return gateway + "/authorize?" + Browser.encode(p);
  }

  public HttpResponse<String> token(Map<String, String> form) {
    return tokenAs(CLIENT_ID, SECRET, form);
  }

  public HttpResponse<String> tokenAs(String clientId, String secret, Map<String, String> form) {
    return postAuthenticated("/token", clientId, secret, form);
  }

  public HttpResponse<String> postAuthenticated(String path, String clientId, String secret, Map<String, String> form) {
    String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
        + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(URI.create(gateway + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Basic " + basic)
        .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form))));
  }

  public HttpResponse<String> post(String path, Map<String, String> form) {
    return http.postForm(gateway + path, form);
  }

  public HttpResponse<String> redeem(String code, Pkce pkce) {
    return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT, "code_verifier", pkce.verifier()));
  }

  public HttpResponse<String> userinfo(String accessToken) {
    return http.send(HttpRequest.newBuilder(URI.create(gateway + "/userinfo")).header("Authorization", "Bearer " + accessToken).GET());
  }

  public static JsonObject json(HttpResponse<String> r) {
    return new JsonObject(r.body());
  }
}
