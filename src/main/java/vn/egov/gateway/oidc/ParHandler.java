package vn.egov.gateway.oidc;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.HttpFailure;
import vn.egov.gateway.web.OAuthException;
import vn.egov.gateway.web.PageException;
import vn.egov.gateway.web.RedirectFailure;

/**
 * {@code POST /par} (RFC 9126): an authenticated client pushes its authorization request and gets
 * a short-lived, single-use {@code request_uri}. The request is validated now, so errors come back
 * to the client directly instead of to the citizen's browser.
 */
public final class ParHandler implements Handler<RoutingContext> {
  static final Duration TTL = Duration.ofSeconds(90);

  private final ClientAuthenticator authenticator;
  private final AuthorizationRequests requests;
  private final EphemeralStore store;
  private final URI endpoint;

  public ParHandler(ClientAuthenticator authenticator, AuthorizationRequests requests, EphemeralStore store, URI endpoint) {
    this.authenticator = authenticator;
    this.requests = requests;
    this.store = store;
    this.endpoint = endpoint;
  }

  @Override
  public void handle(RoutingContext ctx) {
    var httpRequest = HttpMessages.formRequest(ctx, endpoint);
    authenticator.authenticate(httpRequest).compose(client -> {
      Map<String, List<String>> params = HttpMessages.params(ctx.request().formAttributes());
      // Client credentials are not part of the authorization request itself.
      params.remove("client_assertion");
      params.remove("client_assertion_type");
      params.remove("client_secret");
      if (params.containsKey("request_uri")) throw OAuthException.invalidRequest("request_uri is not allowed in a pushed request");
      List<String> cid = params.get("client_id");
      if (cid != null && !(cid.size() == 1 && cid.get(0).equals(client.clientId()))) {
        throw OAuthException.invalidRequest("client_id does not match the authenticated client");
      }
      params.put("client_id", List.of(client.clientId()));
      try {
        requests.validate(client, params, "par", "par");
      } catch (HttpFailure f) {
        throw asOAuth(f);
      }
      String id = TokenService.randomToken();
      return store.put(AuthorizeHandler.PAR_KEY + id, AuthorizeHandler.toJson(client.clientId(), params).encode(), TTL)
          .map(v -> new JsonObject().put("request_uri", AuthorizeHandler.PAR_PREFIX + id).put("expires_in", TTL.toSeconds()));
    }).onSuccess(body -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").end(body.toBuffer()))
        .onFailure(ctx::fail);
  }

  /** RFC 9126 section 2.3: errors of a pushed request use the token endpoint's error format. */
  private static OAuthException asOAuth(HttpFailure f) {
    if (f instanceof RedirectFailure r) {
      String error = r.getMessage();
      String query = r.location().getRawQuery();
      String description = null;
      if (query != null) {
        for (String part : query.split("&")) {
          if (part.startsWith("error_description=")) {
            description = java.net.URLDecoder.decode(part.substring(18), java.nio.charset.StandardCharsets.UTF_8);
          }
        }
      }
      return new OAuthException(400, error, description);
    }
    if (f instanceof PageException p) return OAuthException.invalidRequest(p.messageKey().replace('_', ' '));
    return OAuthException.invalidRequest(f.getMessage());
  }
}
