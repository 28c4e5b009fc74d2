package vn.egov.gateway.dossier;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.audit.AuditTrail;
import vn.egov.gateway.ops.GatewayMetrics;
import vn.egov.gateway.oidc.PairwiseSubjects;
import vn.egov.gateway.prefill.ApiAuth;
import vn.egov.gateway.prefill.Procedure;
import vn.egov.gateway.prefill.ProcedureCatalogue;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.web.JsonReply;
import vn.egov.gateway.web.Problem;
import vn.egov.gateway.web.RequestIdHandler;

/**
 * The portal-facing dossier API (DESIGN.md section 5): submission with {@code Idempotency-Key},
 * a dossier's status and history, and the citizen's own list. Every call carries the citizen's
 * access token; a dossier is visible only to the citizen who filed it (through any portal), and
 * its form only to the portal that submitted it.
 */
public final class DossierApiHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DossierApiHandler.class);
  /**
   * The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header) is a structured-field
   * string; bare tokens are accepted too. Printable ASCII, bounded so it fits its column.
   */
  private static final Pattern KEY = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{8,128}");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final int LIST_LIMIT = 200;

  private final ProcedureCatalogue catalogue;
  private final ApiAuth auth;
  private final PairwiseSubjects pairwise;
  private final FormCheck check;
  private final DossierStore store;
  private final WorkingCalendar calendar;
  private final Runnable accepted;
  private final GatewayMetrics metrics;
  private final AuditTrail audit;
  private final Clock clock;

  /** {@code accepted} runs after each newly stored dossier (it wakes the forwarder). */
  public DossierApiHandler(ProcedureCatalogue catalogue, ApiAuth auth, PairwiseSubjects pairwise, FormCheck check,
      DossierStore store, WorkingCalendar calendar, Runnable accepted, GatewayMetrics metrics, AuditTrail audit, Clock clock) {
    this.catalogue = catalogue;
    this.auth = auth;
    this.pairwise = pairwise;
    this.check = check;
    this.store = store;
    this.calendar = calendar;
    this.accepted = accepted;
    this.metrics = metrics;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code POST /api/v1/dossiers}. */
  public void submit(RoutingContext ctx) {
    // Authentication first (a request without a valid token learns nothing), then the input.
    auth.authorize(ctx, "openid").compose(a -> {
      String key = idempotencyKey(ctx);
      JsonObject body = jsonBody(ctx);
      String requestHash = sha256(ctx.body().buffer().getBytes());
      Procedure procedure = procedureOf(body);
      ApiAuth.requireLevel(ctx, a, procedure);
      var grant = a.grant();
      FormCheck.Checked checked = check.check(procedure, formOf(body), prefillOf(body), grant.clientId(), grant.subject());
      if (!checked.valid()) {
        checked.errors().forEach(e -> metrics.validationFailure(((JsonObject) e).getString("code")));
        metrics.dossier("refused");
        throw Problem.of(422, "validation-failed", "Hồ sơ chưa hợp lệ", "The dossier is not valid")
            .withDetail(checked.errors().size() + " error(s); nothing was stored").withErrors(checked.errors()).exception();
      }
      Instant receivedAt = clock.instant();
      DueDate due = dueDate(procedure, receivedAt);
      var submission = new NewSubmission(grant.clientId(), key, requestHash, procedure.code(), procedure.agency().code(),
          pairwise.citizenKey(grant.identity().identityNumber()), grant.subject(), checked.form().encode(), receivedAt,
          due.dueAt().toInstant(), due.provenance(), checked.warnings().encode());
      return store.submit(submission).recover(this::capacity).map(result -> switch (result.outcome()) {
        case NEW -> {
          String requestId = RequestIdHandler.of(ctx);
          LOG.info("dossier accepted requestId={} receipt={} client={} procedure={}", requestId,
              result.receipt().receiptCode(), grant.clientId(), procedure.code());
          metrics.dossier("accepted");
          audit.submission(result.receipt().receiptCode(), submission.citizenKey(), grant.clientId(), procedure.code(),
              requestHash, requestId);
          accepted.run();
          yield result.receipt();
        }
        case REPLAY -> {
          ctx.response().putHeader("Idempotent-Replayed", "true");
          yield result.receipt();
        }
        case CONFLICT_BODY -> throw Problem.of(422, "idempotency-key-reused", "Khóa chống trùng lặp đã được dùng cho một hồ sơ khác",
                "The Idempotency-Key was already used with another request body")
            .withDetail("use a new Idempotency-Key for a different dossier").exception();
        case IN_PROGRESS -> throw Problem.of(409, "idempotency-key-in-use", "Một yêu cầu cùng khóa chống trùng lặp đang được xử lý",
                "A request with the same Idempotency-Key is being processed")
            .withDetail("retry after a moment: the first request's answer will be replayed").withRetryAfter(1).exception();
      }).map(receipt -> receiptJson(receipt, procedure));
    }).onSuccess(json -> {
      String self = "/api/v1/dossiers/" + json.getString("receiptCode");
      ctx.response().putHeader("Location", self);
      JsonReply.send(ctx, 202, json);
    }).onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/dossiers/{receiptCode}}: status, history and, for the submitting portal, the form. */
  public void get(RoutingContext ctx) {
    String code = ctx.pathParam("receiptCode");
    auth.authorize(ctx, "openid").compose(a -> {
      Optional<ReceiptCode> parsed = parseReceipt(code);
      if (parsed.isEmpty()) return Future.failedFuture(notFound(code));
      String citizenKey = pairwise.citizenKey(a.grant().identity().identityNumber());
      return store.find(code).map(found -> {
        // Someone else's dossier is answered exactly like a missing one: its existence is not disclosed.
        DossierHistory h = found.filter(x -> x.dossier().citizenKey().equals(citizenKey)).orElseThrow(() -> notFound(code));
        JsonObject out = summary(h.dossier());
        out.put("history", new JsonArray(h.changes().stream().map(DossierApiHandler::change).toList()));
        if (h.dossier().clientId().equals(a.grant().clientId())) out.put("form", new JsonObject(h.dossier().payload()));
        return out;
      });
    }).onSuccess(json -> JsonReply.send(ctx, 200, json)).onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/me/dossiers}: the citizen's dossiers through every portal, newest first. */
  public void mine(RoutingContext ctx) {
    auth.authorize(ctx, "openid")
        .compose(a -> store.byCitizen(pairwise.citizenKey(a.grant().identity().identityNumber()), LIST_LIMIT))
        .map(list -> new JsonObject().put("dossiers", new JsonArray(list.stream().map(this::summary).toList())))
        .onSuccess(json -> JsonReply.send(ctx, 200, json)).onFailure(ctx::fail);
  }

  /**
   * The national receipt code has a 4-digit sequence per agency and day: the 10,000th dossier of a
   * day cannot be numbered. Nothing was stored; the portal may file it again from midnight.
   */
  private Future<SubmitResult> capacity(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof ReceiptSequenceExhaustedException)) cause = cause.getCause();
    if (cause == null) return Future.failedFuture(failure);
    ZonedDateTime now = clock.instant().atZone(WorkingCalendar.ZONE);
    long untilMidnight = java.time.Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(WorkingCalendar.ZONE)).toSeconds();
    return Future.failedFuture(Problem.of(503, "receipt-sequence-exhausted",
            "Cơ quan đã tiếp nhận số hồ sơ tối đa trong ngày (9.999)", "The agency has received the most dossiers a day can number (9,999)")
        .withDetail("nothing was stored; submit again after midnight (Asia/Ho_Chi_Minh)")
        .withRetryAfter((int) Math.max(1, untilMidnight)).exception());
  }

  // --- request checks ------------------------------------------------------------------------------

  private static String idempotencyKey(RoutingContext ctx) {
    List<String> values = ctx.request().headers().getAll("Idempotency-Key");
    if (values.isEmpty()) {
      throw Problem.of(400, "idempotency-key-required", "Thiếu tiêu đề Idempotency-Key", "The Idempotency-Key header is required")
          .withDetail("send a unique key per dossier (e.g. a UUID) and the same key when retrying").exception();
    }
    String raw = values.get(0).trim();
    if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) raw = raw.substring(1, raw.length() - 1);
    if (values.size() > 1 || !KEY.matcher(raw).matches()) {
      throw Problem.of(400, "idempotency-key-invalid", "Tiêu đề Idempotency-Key không hợp lệ", "The Idempotency-Key header is invalid")
          .withDetail("one key of 8-128 printable ASCII characters, without quotes or backslashes inside").exception();
    }
    return raw;
  }

  /** application/json, UTF-8, one JSON object without repeated member names (415 or 400 otherwise). */
  private static JsonObject jsonBody(RoutingContext ctx) {
    return vn.egov.gateway.web.JsonBody.object(ctx);
  }

  private Procedure procedureOf(JsonObject body) {
    if (!(body.getValue("procedure") instanceof String code)) {
      throw invalidBody("/procedure", "required", "Thiếu mã thủ tục", "The procedure code is required");
    }
    for (String field : body.fieldNames()) {
      if (!List.of("procedure", "form", "prefill").contains(field)) {
        throw invalidBody("/" + field, "unknown-field", "Trường không được hỗ trợ", "Unknown field");
      }
    }
    return catalogue.find(code).orElseThrow(() -> Problem.of(422, "unknown-procedure", "Không có thủ tục này", "No such procedure")
        .withDetail(code.length() > 64 ? code.substring(0, 64) : code).exception());
  }

  private static JsonObject formOf(JsonObject body) {
    if (body.getValue("form") instanceof JsonObject form) return form;
    throw invalidBody("/form", "required", "Thiếu nội dung tờ khai", "The form (a JSON object) is required");
  }

  private static String prefillOf(JsonObject body) {
    Object value = body.getValue("prefill");
    if (value == null || value instanceof String) return (String) value;
    throw invalidBody("/prefill", "type", "Chữ ký điền sẵn phải là chuỗi", "The prefill signature must be a string");
  }

  private static RuntimeException invalidBody(String pointer, String code, String vi, String en) {
    JsonObject error = new JsonObject().put("pointer", pointer).put("code", code).put("message", new JsonObject().put("vi", vi).put("en", en));
    return Problem.of(422, "validation-failed", "Hồ sơ chưa hợp lệ", "The dossier is not valid")
        .withErrors(new JsonArray().add(error)).exception();
  }

  /** The fast-track promise when it applies (filed on its weekday, in office hours), else working days. */
  private DueDate dueDate(Procedure procedure, Instant receivedAt) {
    ZonedDateTime at = receivedAt.atZone(WorkingCalendar.ZONE);
    return procedure.fastTrack()
        .flatMap(f -> DueDate.computeFastTrack(calendar, at, f.minutes(), f.weekday()))
        .orElseGet(() -> DueDate.compute(calendar, at, procedure.workingDays()));
  }

  // --- answers --------------------------------------------------------------------------------------

  private JsonObject receiptJson(Receipt r, Procedure procedure) {
    DossierStatus status = DossierStatus.of(r.status());
    return new JsonObject()
        .put("receiptCode", r.receiptCode())
        .put("procedure", procedure.code())
        .put("agency", procedure.agency().code())
        .put("status", status.code())
        .put("statusName", statusName(status))
        .put("receivedAt", ISO.format(r.receivedAt().atZone(WorkingCalendar.ZONE)))
        .put("dueAt", ISO.format(r.dueAt().atZone(WorkingCalendar.ZONE)))
        .put("dueProvenance", provenance(r.dueProvenance()));
  }

  private JsonObject summary(Dossier d) {
    JsonObject out = new JsonObject()
        .put("receiptCode", d.receiptCode())
        .put("procedure", d.procedureCode())
        .put("procedureName", catalogue.find(d.procedureCode()).map(p -> p.name().toJson()).orElse(null))
        .put("agency", d.agencyCode())
        .put("portal", d.clientId())
        .put("status", d.status())
        .put("statusName", statusName(d.currentStatus()))
        .put("statusAt", ISO.format(d.statusAt().atZone(WorkingCalendar.ZONE)))
        .put("receivedAt", ISO.format(d.receivedAt().atZone(WorkingCalendar.ZONE)))
        .put("dueAt", ISO.format(d.dueAt().atZone(WorkingCalendar.ZONE)))
        .put("dueProvenance", provenance(d.dueProvenance()));
    if (d.overdueAt() != null) {
      out.put("overdue", new JsonObject().put("since", ISO.format(d.overdueAt().atZone(WorkingCalendar.ZONE)))
          .put("apologyNotice", d.apologyNotice()));
    }
    return out;
  }

  private static JsonObject change(StatusChange c) {
    DossierStatus status = DossierStatus.of(c.status());
    return new JsonObject().put("status", status.code()).put("statusName", statusName(status))
        .put("at", ISO.format(c.at().atZone(WorkingCalendar.ZONE))).put("source", c.source()).put("note", c.note());
  }

  static JsonObject statusName(DossierStatus status) {
    return new JsonObject().put("vi", status.nameVi()).put("en", status.nameEn());
  }

  /** The due date's explanation: Vietnamese on the first line, English on the second (see {@link DueDate}). */
  private static JsonObject provenance(String text) {
    String[] lines = text.split("\n", 2);
    return new JsonObject().put("vi", lines[0]).put("en", lines.length > 1 ? lines[1] : lines[0]);
  }

  private static Optional<ReceiptCode> parseReceipt(String code) {
    try {
      return Optional.of(ReceiptCode.parse(code));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static RuntimeException notFound(String code) {
    return Problem.of(404, "unknown-dossier", "Không có hồ sơ này", "No such dossier")
        .withDetail(code.length() > 80 ? code.substring(0, 80) : code).exception();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
