package vn.egov.gateway.oidc;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.store.EphemeralStore;
import vn.egov.gateway.web.PageException;

/**
 * {@code GET|POST /authorize}. Takes parameters directly or from a pushed request
 * ({@code request_uri}, RFC 9126 section 4), validates them and starts the {@link AuthorizationFlow}.
 */
public final class AuthorizeHandler implements Handler<RoutingContext> {
  static final String PAR_PREFIX = "urn:ietf:params:oauth:request_uri:";
  static final String PAR_KEY = "par:";

  private final AuthorizationRequests requests;
  private final AuthorizationFlow flow;
  private final EphemeralStore store;

  public AuthorizeHandler(AuthorizationRequests requests, AuthorizationFlow flow, EphemeralStore store) {
    this.requests = requests;
    this.flow = flow;
    this.store = store;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Map<String, List<String>> params = HttpMessages.requestParams(ctx);
    ClientConfig client = requests.client(params);
    List<String> requestUri = params.get("request_uri");
    Future<Map<String, List<String>>> effective;
    if (requestUri != null) {
      effective = pushed(client, requestUri);
    } else if (client.requirePar()) {
      throw new PageException(400, "par_required", null);
    } else {
      effective = Future.succeededFuture(params);
    }
    effective
        .map(p -> requests.validate(client, p, TokenService.randomToken(), TokenService.randomToken()))
        .compose(pending -> flow.start(ctx, pending))
        .onFailure(ctx::fail);
  }

  /** The pushed parameters: single use, bound to the client that pushed them. */
  private Future<Map<String, List<String>>> pushed(ClientConfig client, List<String> requestUri) {
    if (requestUri.size() != 1 || !requestUri.get(0).startsWith(PAR_PREFIX) || requestUri.get(0).length() > 200) {
      return Future.failedFuture(new PageException(400, "invalid_request_uri", null));
    }
    return store.take(PAR_KEY + requestUri.get(0).substring(PAR_PREFIX.length())).map(raw -> {
      if (raw == null) throw new PageException(400, "invalid_request_uri", null);
      JsonObject j = new JsonObject(raw);
      if (!client.clientId().equals(j.getString("client_id"))) throw new PageException(400, "invalid_request_uri", null);
      Map<String, List<String>> out = new LinkedHashMap<>();
      JsonObject params = j.getJsonObject("params");
      for (String name : params.fieldNames()) {
        List<String> values = new ArrayList<>();
        for (Object v : params.getJsonArray(name)) values.add((String) v);
        out.put(name, values);
      }
      return out;
    });
  }

  static JsonObject toJson(String clientId, Map<String, List<String>> params) {
    JsonObject p = new JsonObject();
    params.forEach((k, v) -> p.put(k, new JsonArray(v)));
    return new JsonObject().put("client_id", clientId).put("params", p);
  }
}
