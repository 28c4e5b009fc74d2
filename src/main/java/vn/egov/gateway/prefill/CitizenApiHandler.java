package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.oidc.ConsentStore;
import vn.egov.gateway.oidc.PairwiseSubjects;
import vn.egov.gateway.web.JsonReply;
import vn.egov.gateway.web.Problem;

/**
 * The citizen's own view, through any portal holding their token: who read my data
 * ({@code GET /api/v1/me/data-access}), my consents ({@code GET /api/v1/me/consents}) and
 * withdrawing one ({@code DELETE /api/v1/me/consents/{clientId}}), after which that portal's
 * prefill calls fail until the citizen consents again.
 */
public final class CitizenApiHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CitizenApiHandler.class);

  private final ApiAuth auth;
  private final AccessLog accessLog;
  private final ConsentStore consents;
  private final PairwiseSubjects pairwise;
  private final Function<String, ClientConfig> clients;
  private final Clock clock;

  public CitizenApiHandler(ApiAuth auth, AccessLog accessLog, ConsentStore consents, PairwiseSubjects pairwise,
      Function<String, ClientConfig> clients, Clock clock) {
    this.auth = auth;
    this.accessLog = accessLog;
    this.consents = consents;
    this.pairwise = pairwise;
    this.clients = clients;
    this.clock = clock;
  }

  private JsonObject portal(String clientId) {
    ClientConfig c = clients.apply(clientId);
    return new JsonObject().put("clientId", clientId).put("name", c == null ? clientId : c.nameVi())
        .put("nameEn", c == null ? clientId : c.nameEn());
  }

  public void dataAccess(RoutingContext ctx) {
    auth.authorize(ctx, "openid")
        .compose(a -> accessLog.byCitizen(pairwise.citizenKey(a.grant().identity().identityNumber()), 500))
        .map(entries -> {
          JsonArray out = new JsonArray();
          for (AccessLog.Entry e : entries) out.add(e.toJson().put("portal", portal(e.clientId())));
          return new JsonObject().put("entries", out);
        })
        .onSuccess(body -> JsonReply.send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  public void listConsents(RoutingContext ctx) {
    auth.authorize(ctx, "openid")
        .compose(a -> consents.history(pairwise.citizenKey(a.grant().identity().identityNumber())))
        .map(history -> {
          JsonArray out = new JsonArray();
          for (ConsentStore.Decision d : history) {
            out.add(new JsonObject().put("portal", portal(d.clientId())).put("decision", d.approved() ? "approved"
                    : d.purpose().equals("withdrawn") ? "withdrawn" : "denied")
                .put("scopes", new JsonArray(d.scopes().stream().sorted().toList())).put("at", d.at().toString()));
          }
          return new JsonObject().put("decisions", out);
        })
        .onSuccess(body -> JsonReply.send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  public void withdraw(RoutingContext ctx) {
    String clientId = ctx.pathParam("clientId");
    if (clients.apply(clientId) == null) {
      throw Problem.of(404, "unknown-portal", "Không có cổng dịch vụ này", "No such portal").exception();
    }
    auth.authorize(ctx, "openid")
        .compose(a -> consents.withdraw(pairwise.citizenKey(a.grant().identity().identityNumber()), clientId, clock.instant())
            .map(withdrawn -> {
              if (!withdrawn) {
                throw Problem.of(404, "no-consent", "Không có sự đồng ý nào để rút lại", "There is no consent to withdraw").exception();
              }
              LOG.info("consent withdrawn client={} citizen={}", clientId, a.grant().identity().maskedIdentityNumber());
              return withdrawn;
            }))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

}
