package vn.egov.gateway.dev.register;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.CitizenGenerator;

/**
 * {@code GET /api/v1/citizens/{identityNumber}[?fields=a,b,c]}: one citizen's record, or only the
 * named top-level attributes (data minimisation at the source: the gateway asks for what a
 * procedure maps, nothing more).
 */
interface CitizenHandler extends Handler<RoutingContext> {
  String PARAM = "identityNumber";
  String FIELDS = "fields";

  static CitizenHandler create(CitizenGenerator citizens) {
    return new Impl(citizens);
  }

  final class Impl implements CitizenHandler {
    private final CitizenGenerator citizens;

    Impl(CitizenGenerator citizens) {
      this.citizens = citizens;
    }

    @Override
    public void handle(RoutingContext ctx) {
      String id = ctx.pathParam(PARAM);
      if (!wellFormed(id)) throw RegisterProblems.invalidIdentityNumber().exception();
      Set<String> fields = fields(ctx.queryParam(FIELDS));
      Citizen citizen = citizens.findByIdentityNumber(id).orElseThrow(() -> RegisterProblems.citizenNotFound().exception());
      JsonObject record = CitizenRecord.of(citizen);
      ctx.response()
          .putHeader("Content-Type", "application/json")
          // Personal data: no shared cache may keep it (RFC 9111 section 5.2.2.5).
          .putHeader("Cache-Control", "no-store")
          .putHeader("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(citizen.updatedAt().atOffset(ZoneOffset.UTC)))
          .end((fields == null ? record : CitizenRecord.only(record, fields)).toBuffer());
    }

    /** 12 ASCII digits; {@code Character.isDigit} would also take full-width and Arabic-Indic digits. */
    static boolean wellFormed(String id) {
      if (id == null || id.length() != 12) return false;
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        if (c < '0' || c > '9') return false;
      }
      return true;
    }

    /**
     * The attributes asked for, or {@code null} for the whole record. Repeated parameters add up
     * ({@code ?fields=a&fields=b}); an empty name or an unknown one is the caller's mistake.
     */
    static Set<String> fields(List<String> values) {
      if (values.isEmpty()) return null;
      Set<String> names = new LinkedHashSet<>();
      for (String value : values) {
        for (String name : value.split(",", -1)) {
          String trimmed = name.trim();
          if (trimmed.isEmpty()) {
            throw RegisterProblems.invalidFields("fields is a comma-separated list of attribute names, without empty ones").exception();
          }
          names.add(trimmed);
        }
      }
      List<String> unknown = new ArrayList<>();
      for (String name : names) {
        if (!CitizenRecord.ATTRIBUTES.contains(name)) unknown.add(name);
      }
      if (!unknown.isEmpty()) throw RegisterProblems.unknownAttributes(unknown).exception();
      return names;
    }
  }
}
