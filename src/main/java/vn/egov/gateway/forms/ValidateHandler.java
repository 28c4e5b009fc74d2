package vn.egov.gateway.forms;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import vn.egov.gateway.prefill.ApiAuth;
import vn.egov.gateway.prefill.Procedure;
import vn.egov.gateway.prefill.ProcedureCatalogue;
import vn.egov.gateway.web.JsonBody;
import vn.egov.gateway.web.Problem;

/**
 * {@code POST /api/v1/procedures/{code}/validate} (DESIGN.md section 4): the verdict on a filled
 * form, before the portal submits it. Body {@code {"form": {...}, "prefill": "<prefill JWS>"}}
 * with {@code prefill} optional; answer 200 {@code {"valid", "errors", "warnings", "form"}} with
 * the NFC-normalised form, whatever the verdict: an invalid form is a finding, not a bad request.
 * Any citizen token of the portal will do ({@code openid}); nothing is read or stored.
 */
public final class ValidateHandler {
  private static final Set<String> MEMBERS = Set.of("form", "prefill");

  private final ProcedureCatalogue catalogue;
  private final ApiAuth auth;
  private final DossierValidator validator;

  public ValidateHandler(ProcedureCatalogue catalogue, ApiAuth auth, DossierValidator validator) {
    this.catalogue = catalogue;
    this.auth = auth;
    this.validator = validator;
  }

  public void validate(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    Procedure procedure = catalogue.find(code).orElseThrow(() -> Problem.of(404, "unknown-procedure", "Không có thủ tục này",
        "No such procedure").withDetail(code.length() > 64 ? code.substring(0, 64) : code).exception());
    auth.authorize(ctx, "openid").map(a -> {
      JsonObject body = JsonBody.object(ctx);
      for (String member : body.fieldNames()) {
        // A misspelt "prefill" would silently turn every locked field into an unverified one.
        if (!MEMBERS.contains(member)) throw invalid("unknown member '" + (member.length() > 64 ? member.substring(0, 64) : member)
            + "': the body holds only form and prefill");
      }
      if (!(body.getValue("form") instanceof JsonObject form)) throw invalid("form must be a JSON object");
      Object prefill = body.getValue("prefill");
      if (prefill != null && !(prefill instanceof String)) throw invalid("prefill must be the signature string of a prefill answer");
      return validator.validate(procedure, form, (String) prefill, a.grant().clientId(), a.grant().subject()).toJson();
    }).onSuccess(verdict -> ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(verdict.toBuffer())).onFailure(ctx::fail);
  }

  private static RuntimeException invalid(String detail) {
    return Problem.of(400, "invalid-request", "Yêu cầu không đúng cấu trúc", "The request is not in the expected shape")
        .withDetail(detail).exception();
  }
}
