package vn.egov.gateway.dossier;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.web.ClientCertificates;
import vn.egov.gateway.web.Problem;
import vn.egov.gateway.web.ProblemException;

/**
 * {@code POST /agency/v1/dossiers/{receiptCode}/status} (docs/agency-interface.md). The TLS
 * handshake proved the client certificate; its subject CN is the agency code, and only the
 * dossier's own agency may report on it. Then the store records the report: a report id seen
 * before changes nothing (DUPLICATE), an older report joins the history without moving the status
 * back (OUT_OF_ORDER). The answer is {@code {"receiptCode", "outcome", "status"}}.
 */
public interface AgencyStatusHandler extends Handler<RoutingContext> {
  String PARAM = "receiptCode";

  static AgencyStatusHandler create(DossierStore dossiers, DossierEvents events, Clock clock, Duration futureTolerance) {
    return new Impl(dossiers, events, clock, futureTolerance);
  }

  final class Impl implements AgencyStatusHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AgencyStatusHandler.class);
    private final DossierStore dossiers;
    private final DossierEvents events;
    private final Clock clock;
    private final Duration futureTolerance;

    Impl(DossierStore dossiers, DossierEvents events, Clock clock, Duration futureTolerance) {
      this.dossiers = dossiers;
      this.events = events;
      this.clock = clock;
      this.futureTolerance = futureTolerance;
    }

    @Override
    public void handle(RoutingContext ctx) {
      String agency = ClientCertificates.commonName(ctx)
          .orElseThrow(() -> notAllowed("The client certificate's subject has no single CN").exception());
      StatusReport report = StatusReport.parse(ctx.body().buffer(), clock.instant(), futureTolerance);
      String receiptCode = ctx.pathParam(PARAM);
      // The code names its agency: another agency is refused before the store is asked, so it
      // cannot learn which receipt codes exist.
      String owner = agencyOf(receiptCode);
      if (owner == null) throw notFound().exception();
      if (!agency.equals(owner)) {
        throw notAllowed("Agency " + agency + " may not report on dossiers of another agency").exception();
      }
      dossiers.find(receiptCode)
          .compose(found -> {
            Dossier dossier = found.orElseThrow(() -> notFound().exception()).dossier();
            if (!agency.equals(dossier.agencyCode())) {
              throw notAllowed("Agency " + agency + " is not the dossier's agency").exception();
            }
            return dossiers.recordStatus(receiptCode, report.status(), report.at(), report.reportId(), report.note())
                .compose(update -> notify(dossier, report, update).map(update));
          })
          .onSuccess(update -> {
            LOG.info("status report receiptCode={} agency={} reportId={} status={} outcome={}", receiptCode, agency,
                report.reportId(), report.status(), update.outcome());
            ctx.response().setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject()
                    .put("receiptCode", receiptCode)
                    .put("outcome", update.outcome().name())
                    .put("status", update.currentStatus())
                    .encode());
          })
          .onFailure(ctx::fail);
    }

    private Future<Void> notify(Dossier dossier, StatusReport report, StatusUpdate update) {
      return switch (update.outcome()) {
        // Gone between find and record: nothing was recorded.
        case UNKNOWN_DOSSIER -> Future.failedFuture(notFound().exception());
        case DUPLICATE -> Future.succeededFuture();
        case APPLIED, OUT_OF_ORDER -> events.statusChanged(new StatusChangeEvent(dossier, report, update))
            .recover(e -> {
              LOG.warn("status change listener failed receiptCode={} reportId={}: {}", dossier.receiptCode(),
                  report.reportId(), e.toString());
              return Future.succeededFuture();
            });
      };
    }

    /** The agency part of a receipt code, or null if the text is no receipt code. */
    private static String agencyOf(String receiptCode) {
      try {
        return ReceiptCode.parse(receiptCode).agencyCode();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  static Problem notAllowed(String detail) {
    return Problem.of(403, "agency-not-allowed", "Cơ quan không được phép báo cáo hồ sơ này", "Agency not allowed")
        .withDetail(detail);
  }

  static Problem notFound() {
    return Problem.of(404, "dossier-not-found", "Không tìm thấy hồ sơ", "Dossier not found")
        .withDetail("No dossier has this receipt code");
  }
}
