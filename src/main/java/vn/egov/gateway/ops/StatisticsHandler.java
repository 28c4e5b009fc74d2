package vn.egov.gateway.ops;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import vn.egov.gateway.dossier.PeriodCounts;
import vn.egov.gateway.prefill.ProcedureCatalogue;
import vn.egov.gateway.store.DossierStore;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Problem;

/**
 * {@code GET /ops/v1/statistics?period=2026-Q2[&agency=..][&procedure=..][&format=csv|json][&lang=en]}:
 * the city report's figures (see {@link Statistics}) as JSON, or as a CSV download when asked by
 * {@code format=csv} or {@code Accept: text/csv}. The same figures as the {@code report} command.
 */
public final class StatisticsHandler {
  /** Agency and procedure codes as config writes them (000.21.30.H26, 1.001612): nothing else is worth a query. */
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /**
   * Spreadsheet programs read a CSV without a byte order mark in the local code page, which turns
   * Vietnamese names into mojibake; with it they read UTF-8. CSV parsers skip it (RFC 4180 allows any charset).
   */
  static final String BOM = "\uFEFF";

  private final DossierStore store;
  private final ProcedureCatalogue catalogue;

  public StatisticsHandler(DossierStore store, ProcedureCatalogue catalogue) {
    this.store = store;
    this.catalogue = catalogue;
  }

  public void statistics(RoutingContext ctx) {
    Statistics.Period period;
    try {
      period = Statistics.Period.parse(ctx.request().getParam("period"));
    } catch (IllegalArgumentException e) {
      throw Problem.of(400, "invalid-period", "Kỳ báo cáo không hợp lệ", "The reporting period is invalid")
          .withDetail(e.getMessage()).exception();
    }
    String agency = code(ctx, "agency");
    String procedure = code(ctx, "procedure");
    boolean csv = wantsCsv(ctx);
    Lang lang = Lang.of(ctx, Lang.VI);
    Function<String, String> names = c -> catalogue.find(c).map(p -> lang == Lang.EN ? p.name().en() : p.name().vi()).orElse("");
    store.countsByPeriod(period.start(), period.end()).onSuccess(all -> {
      List<PeriodCounts> rows = all.stream()
          .filter(r -> agency == null || r.agencyCode().equals(agency))
          .filter(r -> procedure == null || r.procedureCode().equals(procedure))
          .toList();
      var response = ctx.response().putHeader("Cache-Control", "no-store");
      if (csv) {
        String file = "egov-statistics-" + period.name().replaceAll("[^A-Za-z0-9-]+", "_") + ".csv";
        response.putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
            .end(BOM + Statistics.csv(period, rows, names), StandardCharsets.UTF_8.name());
      } else {
        var body = Statistics.json(period, rows, names);
        if (agency != null || procedure != null) {
          body.put("filter", new io.vertx.core.json.JsonObject().put("agency", agency).put("procedure", procedure));
        }
        response.putHeader("Content-Type", "application/json").end(body.toBuffer());
      }
    }).onFailure(ctx::fail);
  }

  private static String code(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null || v.isEmpty()) return null;
    if (!CODE.matcher(v).matches()) {
      throw Problem.of(400, "invalid-parameter", "Tham số không hợp lệ", "A query parameter is invalid")
          .withDetail(name + " must be an agency or procedure code such as 000.21.30.H26 or 1.001612").exception();
    }
    return v;
  }

  /** {@code format} wins; otherwise CSV only when the client asks for it by {@code Accept}. */
  private static boolean wantsCsv(RoutingContext ctx) {
    String format = ctx.request().getParam("format");
    if (format != null) {
      return switch (format.toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default -> throw Problem.of(400, "invalid-format", "Định dạng không hỗ trợ", "The format is not supported")
            .withDetail("format must be json or csv").exception();
      };
    }
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }
}
