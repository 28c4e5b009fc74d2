package vn.egov.gateway.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.dossier.DeliveryJob;
import vn.egov.gateway.dossier.ReceiptCode;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.web.JsonReply;
import vn.egov.gateway.web.Problem;

/**
 * The delivery queue for ops: the dead letters (jobs whose retry budget is spent or that an agency
 * refused) and the redrive of a dossier's dead jobs with a fresh budget.
 */
public final class DeliveryOpsHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryOpsHandler.class);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final DossierStore store;
  private final Runnable wakeForwarder;

  public DeliveryOpsHandler(DossierStore store, Runnable wakeForwarder) {
    this.store = store;
    this.wakeForwarder = wakeForwarder;
  }

  /** {@code GET /ops/v1/dead-letters?limit=N}: the longest dead first. */
  public void deadLetters(RoutingContext ctx) {
    int limit = limit(ctx.queryParam("limit").isEmpty() ? null : ctx.queryParam("limit").get(0));
    store.deadLetters(limit).onSuccess(jobs -> {
      JsonArray items = new JsonArray();
      for (DeliveryJob j : jobs) {
        items.add(new JsonObject()
            .put("jobId", j.id())
            .put("receiptCode", j.receiptCode())
            .put("agencyCode", j.agencyCode())
            .put("deliveryKey", j.deliveryKey())
            .put("attempts", j.attempts())
            .put("lastError", j.lastError()));
      }
      JsonReply.send(ctx, 200, new JsonObject().put("deadLetters", items).put("count", items.size()));
    }).onFailure(ctx::fail);
  }

  /** {@code POST /ops/v1/dossiers/{receiptCode}/redrive}: the dossier's dead jobs go back in the queue. */
  public void redrive(RoutingContext ctx) {
    String code = ctx.pathParam("receiptCode");
    try {
      ReceiptCode.parse(code);
    } catch (IllegalArgumentException e) {
      throw Problem.of(400, "invalid-receipt-code", "Mã hồ sơ không hợp lệ", "The receipt code is malformed")
          .withDetail("expected <agency code>-<yyMMdd>-<4-digit sequence>, such as 000.00.01.H26-260930-0012").exception();
    }
    store.find(code).compose(found -> {
      if (found.isEmpty()) {
        throw Problem.of(404, "dossier-not-found", "Không tìm thấy hồ sơ", "No dossier has this receipt code").exception();
      }
      return store.redrive(code);
    }).onSuccess(n -> {
      if (n == 0) {
        ctx.fail(Problem.of(404, "no-dead-delivery", "Hồ sơ không có lượt chuyển nào bị dừng",
            "The dossier has no dead delivery job to redrive").exception());
        return;
      }
      LOG.info("ops redrive receipt={} jobs={} by={}", code, n, OpsAuth.user(ctx));
      wakeForwarder.run();
      JsonReply.send(ctx, 200, new JsonObject().put("receiptCode", code).put("redriven", n));
    }).onFailure(ctx::fail);
  }

  private static int limit(String raw) {
    if (raw == null) return DEFAULT_LIMIT;
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= MAX_LIMIT) return n;
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw Problem.of(400, "invalid-limit", "Tham số limit không hợp lệ", "The limit parameter is invalid")
        .withDetail("limit must be a whole number from 1 to " + MAX_LIMIT).exception();
  }

}
