package vn.egov.gateway.dossier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.egov.gateway.prefill.Procedure;
import vn.egov.gateway.prefill.ProcedureCatalogue;
import vn.egov.gateway.store.DossierStore;

/**
 * Flags open dossiers whose due date passed and produces the apology notice the agency must send
 * (Decree 61/2018 Art. 19; form 04 of Circular 01/2018/TT-VPCP, "Phiếu xin lỗi và hẹn lại ngày trả
 * kết quả"). The gateway knows the facts of the dossier; the reason and the new date are the
 * agency's to write, so the notice leaves them as lines to fill in. Marking is idempotent in the
 * store, so two instances running the watch produce one notice and one webhook event.
 */
public final class OverdueWatch {
  private static final Logger LOG = LoggerFactory.getLogger(OverdueWatch.class);
  private static final int BATCH = 200;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH 'giờ' mm 'phút', 'ngày' dd/MM/uuuu");

  private final Vertx vertx;
  private final DossierStore store;
  private final ProcedureCatalogue catalogue;
  private final Duration every;
  private final java.util.function.Consumer<Dossier> flagged;
  private final Clock clock;
  private long timer = -1;

  /** {@code flagged} is told of each dossier this watch flagged (metrics, audit trail). */
  public OverdueWatch(Vertx vertx, DossierStore store, ProcedureCatalogue catalogue, Duration every,
      java.util.function.Consumer<Dossier> flagged, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.catalogue = catalogue;
    this.every = every;
    this.flagged = flagged;
    this.clock = clock;
  }

  public void start() {
    timer = vertx.setPeriodic(0, Math.max(1, every.toMillis()), id -> check());
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  /** One pass: flags every dossier overdue now; how many were flagged. */
  public Future<Integer> check() {
    var now = clock.instant();
    return store.overdue(now, BATCH).compose(list -> mark(list, now)).onFailure(e -> LOG.warn("overdue check failed: {}", e.getMessage()));
  }

  private Future<Integer> mark(List<Dossier> list, java.time.Instant now) {
    return Future.all(list.stream().map(d -> store.markOverdue(d.receiptCode(), notice(d, catalogue.find(d.procedureCode()).orElse(null)), now)
            .onSuccess(marked -> {
              if (!marked) return;
              LOG.info("dossier overdue receipt={} agency={} due={}", d.receiptCode(), d.agencyCode(), d.dueAt());
              flagged.accept(d);
            })).toList())
        .map(all -> (int) all.list().stream().filter(Boolean.TRUE::equals).count())
        // A full batch means more are waiting.
        .compose(n -> list.size() == BATCH ? check().map(m -> n + m) : Future.succeededFuture(n));
  }

  /** The content of form 04, Vietnamese, with the agency's own parts left to fill in. */
  static String notice(Dossier d, Procedure procedure) {
    String agency = procedure == null ? d.agencyCode() : procedure.agency().name().vi();
    String procedureName = procedure == null ? d.procedureCode() : procedure.name().vi();
    String applicant = applicantName(d.payload());
    return String.join("\n",
        agency.toUpperCase(java.util.Locale.forLanguageTag("vi")),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "(Mẫu số 04, Thông tư số 01/2018/TT-VPCP)",
        "",
        "Kính gửi: " + applicant,
        "",
        agency + " tiếp nhận hồ sơ của Ông/Bà giải quyết thủ tục " + procedureName + ".",
        "Mã hồ sơ: " + d.receiptCode() + ".",
        "Thời gian tiếp nhận: " + TIME.format(d.receivedAt().atZone(WorkingCalendar.ZONE)) + ".",
        "Thời gian hẹn trả kết quả: " + TIME.format(d.dueAt().atZone(WorkingCalendar.ZONE)) + ".",
        "",
        "Tuy nhiên đến nay, " + agency + " chưa trả kết quả giải quyết hồ sơ cho Ông/Bà.",
        "Lý do: ........................................................................",
        "",
        "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của Ông/Bà. " + agency
            + " xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào ngày ....../....../..........",
        "",
        "Xin trân trọng cảm ơn./.",
        "",
        "(Hạn giải quyết ban đầu: " + DAY.format(d.dueAt().atZone(WorkingCalendar.ZONE)) + ". Phiếu do cổng egov-gateway lập khi hồ sơ"
            + " quá hạn; cơ quan ghi lý do, ngày hẹn mới, ký và gửi công dân trước ngày hết hạn theo Nghị định 61/2018/NĐ-CP.)");
  }

  /** The applicant's name as filed, when the form has one; otherwise the form of address alone. */
  private static String applicantName(String payload) {
    try {
      JsonObject form = new JsonObject(payload);
      // Every shipped form names its applicant here (prefilled from the register).
      if (form.getValue("applicant") instanceof JsonObject a && a.getValue("fullName") instanceof String name && !name.isBlank()) {
        return "Ông/Bà " + name;
      }
    } catch (RuntimeException e) {
      // a payload that is not JSON has no name to give
    }
    return "Ông/Bà";
  }
}
