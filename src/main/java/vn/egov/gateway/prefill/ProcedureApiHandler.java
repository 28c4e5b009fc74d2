package vn.egov.gateway.prefill;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.audit.AuditTrail;
import vn.egov.gateway.config.ClientConfig;
import vn.egov.gateway.ops.GatewayMetrics;
import vn.egov.gateway.oidc.ConsentStore;
import vn.egov.gateway.oidc.PairwiseSubjects;
import vn.egov.gateway.web.JsonReply;
import vn.egov.gateway.web.Problem;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * The procedure catalogue and prefill (DESIGN.md section 4). A prefill needs the citizen's token
 * with the {@code prefill} scope, a login at the procedure's level, and a standing consent of the
 * citizen for this portal; it reads only the attributes the procedure maps and the citizen
 * consented to, signs what it releases, and logs the release.
 */
public final class ProcedureApiHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProcedureApiHandler.class);

  private final ProcedureCatalogue catalogue;
  private final ApiAuth auth;
  private final ConsentStore consents;
  private final PairwiseSubjects pairwise;
  private final RegisterClient register;
  private final PrefillMapper mapper;
  private final PrefillSigner signer;
  private final AccessLog accessLog;
  private final Function<String, ClientConfig> clients;
  private final Clock clock;
  private final GatewayMetrics metrics;
  private final AuditTrail audit;

  public ProcedureApiHandler(ProcedureCatalogue catalogue, ApiAuth auth, ConsentStore consents, PairwiseSubjects pairwise,
      RegisterClient register, PrefillMapper mapper, PrefillSigner signer, AccessLog accessLog,
      Function<String, ClientConfig> clients, Clock clock, GatewayMetrics metrics, AuditTrail audit) {
    this.catalogue = catalogue;
    this.auth = auth;
    this.consents = consents;
    this.pairwise = pairwise;
    this.register = register;
    this.mapper = mapper;
    this.signer = signer;
    this.accessLog = accessLog;
    this.clients = clients;
    this.clock = clock;
    this.metrics = metrics;
    this.audit = audit;
  }

  /** {@code GET /api/v1/procedures}: public information, no token needed. */
  public void list(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (Procedure p : catalogue.list()) {
      JsonObject j = p.toJson();
      j.remove("form");
      j.remove("prefill");
      j.remove("rules");
      out.add(j);
    }
    JsonReply.send(ctx, 200, new JsonObject().put("procedures", out));
  }

  /** {@code GET /api/v1/procedures/{code}}: the catalogue entry with its form schema. */
  public void get(RoutingContext ctx) {
    JsonReply.send(ctx, 200, procedure(ctx).toJson());
  }

  private Procedure procedure(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    return catalogue.find(code).orElseThrow(() -> Problem.of(404, "unknown-procedure", "Không có thủ tục này",
        "No such procedure").withDetail(code.length() > 64 ? code.substring(0, 64) : code).exception());
  }

  /** {@code GET /api/v1/procedures/{code}/prefill}. */
  public void prefill(RoutingContext ctx) {
    Procedure procedure = procedure(ctx);
    String requestId = RequestIdHandler.of(ctx);
    auth.authorize(ctx, "prefill").compose(a -> {
      var grant = a.grant();
      ApiAuth.requireLevel(ctx, a, procedure);
      String citizenKey = pairwise.citizenKey(grant.identity().identityNumber());
      return consents.standing(citizenKey, grant.clientId()).compose(standing -> {
        Set<String> granted = standing.map(ConsentStore.Standing::scopes).orElse(Set.of());
        if (!granted.contains("prefill")) {
          throw Problem.of(403, "consent-required", "Công dân chưa đồng ý hoặc đã rút lại sự đồng ý cho cổng dịch vụ này",
                  "The citizen has not consented, or has withdrawn consent, for this portal")
              .withDetail("send the citizen through authorization again (prompt=consent) with the prefill scope").exception();
        }
        // Only scopes that are both in the token and in the standing consent count.
        Set<String> scopes = new LinkedHashSet<>(a.scopes());
        scopes.retainAll(granted);
        Set<String> attributes = mapper.attributesNeeded(procedure, scopes);
        Future<JsonObject> record = attributes.isEmpty() ? Future.succeededFuture(new JsonObject())
            : register.citizen(grant.identity().identityNumber(), attributes, requestId);
        return record.compose(found -> release(procedure, found, scopes, grant, citizenKey, standing.get().since(), requestId));
      });
    }).onSuccess(body -> {
      metrics.prefill(procedure.code(), "success");
      JsonReply.send(ctx, 200, body);
    }).onFailure(e -> {
      metrics.prefill(procedure.code(), outcome(e));
      ctx.fail(e);
    });
  }

  /** The failure's outcome label: a small fixed set, whatever the error. */
  private static String outcome(Throwable e) {
    if (!(e instanceof vn.egov.gateway.web.ProblemException pe)) return e instanceof vn.egov.gateway.web.HttpFailure ? "refused" : "failed";
    Problem p = pe.problem();
    if (p.type().endsWith("/consent-required")) return "consent_required";
    if (p.type().endsWith("/insufficient-assurance")) return "insufficient_level";
    if (p.type().endsWith("/citizen-not-found")) return "citizen_not_found";
    if (p.type().contains("/register-")) return "register_error";
    return p.status() < 500 ? "refused" : "failed";
  }

  private Future<JsonObject> release(Procedure procedure, JsonObject record, Set<String> scopes, vn.egov.gateway.oidc.Grant grant,
      String citizenKey, java.time.Instant consentedAt, String requestId) {
    PrefilledForm form = mapper.map(procedure, record, scopes, clock);
    Map<String, Object> signed = new LinkedHashMap<>();
    List<String> released = new ArrayList<>();
    for (PrefilledField f : form.fields()) {
      if (f.withheld() || f.value() == null) continue;
      signed.put(f.pointer(), f.value());
      if (!released.contains(f.attribute())) released.add(f.attribute());
    }
    JsonObject body = form.toJson();
    body.put("signature", signer.sign(grant.clientId(), grant.subject(), procedure.code(), signed));
    if (released.isEmpty()) return Future.succeededFuture(body);
    ClientConfig client = clients.apply(grant.clientId());
    var entry = new AccessLog.Entry(java.util.UUID.randomUUID().toString(), clock.instant(), grant.clientId(), citizenKey,
        procedure.code(), released, procedure.purpose().vi() + " — " + (client == null ? "" : client.purposeVi()), "consent",
        consentedAt, requestId);
    // The access log is the legal record: the answer waits for its commit. The audit chain's copy
    // does not hold the answer back (it is batched with other events); its failure is an ops alarm.
    return accessLog.append(entry).map(v -> {
      audit.dataRelease(citizenKey, grant.clientId(), procedure.code(), released, entry.id(), requestId)
          .onFailure(e -> LOG.error("audit append failed: {}", e.getMessage()));
      LOG.info("prefill released requestId={} client={} citizen={} procedure={} attributes={}", requestId, grant.clientId(),
          grant.identity().maskedIdentityNumber(), procedure.code(), released);
      return body;
    });
  }
}
