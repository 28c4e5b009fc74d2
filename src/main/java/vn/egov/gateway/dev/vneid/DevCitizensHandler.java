package vn.egov.gateway.dev.vneid;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.web.Problem;

/**
 * {@code GET /dev/citizens?offset=&limit=}: test accounts with the password and one-time code the
 * mock accepts (DESIGN.md section 3, automation contract). Development only, by nature.
 */
interface DevCitizensHandler extends Handler<RoutingContext> {

  static DevCitizensHandler create(CitizenGenerator citizens, int listed) {
    return new Impl(citizens, listed);
  }

  final class Impl implements DevCitizensHandler {
    private final CitizenGenerator citizens;
    private final int listed;

    Impl(CitizenGenerator citizens, int listed) {
      this.citizens = citizens;
      this.listed = listed;
    }

    @Override
    public void handle(RoutingContext ctx) {
      int offset = param(ctx, "offset", 0, 0, citizens.population());
      int limit = param(ctx, "limit", listed, 0, MockVneidConfig.MAX_LISTED);
      int end = (int) Math.min((long) offset + limit, citizens.population());
      JsonArray out = new JsonArray();
      for (int i = offset; i < end; i++) out.add(entry(citizens.citizen(i)));
      ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(out.toBuffer());
    }

    private static JsonObject entry(Citizen c) {
      return new JsonObject()
          .put("identity_number", c.identityNumber())
          .put("name", c.fullName())
          .put("birthdate", c.birthdate().toString())
          .put("gender", c.gender().name().toLowerCase(Locale.ROOT))
          .put("level", c.level())
          .put("password", c.password())
          .put("otp", c.otp());
    }

    private static int param(RoutingContext ctx, String name, int fallback, int min, int max) {
      String raw = ctx.request().getParam(name);
      if (raw == null) return fallback;
      Integer v = raw.matches("[0-9]{1,9}") ? Integer.valueOf(raw) : null;
      if (v != null && v >= min && v <= max) return v;
      throw Problem.of(400, "bad-request", "Tham số không hợp lệ", "Invalid parameter")
          .withDetail(name + " must be a whole number between " + min + " and " + max).exception();
    }
  }
}
