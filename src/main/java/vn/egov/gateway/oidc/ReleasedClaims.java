package vn.egov.gateway.oidc;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.egov.gateway.upstream.CitizenIdentity;

/**
 * The claims a portal receives for a set of consented scopes: only those, under OIDC standard
 * names (OIDC Core 5.4), plus {@code identity_number} for its own scope.
 */
public final class ReleasedClaims {
  private ReleasedClaims() {
  }

  public static JsonObject of(CitizenIdentity id, Set<String> scopes) {
    JsonObject c = new JsonObject();
    if (scopes.contains("profile")) {
      c.put("name", id.fullName());
      if (id.birthdate() != null) c.put("birthdate", id.birthdate().toString());
      if (id.gender() != null) c.put("gender", id.gender().claim());
    }
    if (scopes.contains("identity_number")) c.put("identity_number", id.identityNumber());
    if (scopes.contains("address")) {
      if (id.permanentAddress() != null) c.put("address", id.permanentAddress().toClaim());
      if (id.currentAddress() != null) c.put("current_address", id.currentAddress().toClaim());
    }
    if (scopes.contains("phone") && id.phone() != null) {
      c.put("phone_number", e164(id.phone()));
      // The number comes from the national register through VNeID, which verified it.
      c.put("phone_number_verified", true);
    }
    if (scopes.contains("email") && id.email() != null) {
      c.put("email", id.email());
      c.put("email_verified", false);
    }
    return c;
  }

  /** Vietnamese numbers are written 0xxxxxxxxx at home; the claim wants E.164 (OIDC Core 5.1). */
  static String e164(String phone) {
    String digits = phone.replaceAll("[^0-9+]", "");
    if (digits.startsWith("+")) return digits;
    if (digits.startsWith("84")) return "+" + digits;
    if (digits.startsWith("0")) return "+84" + digits.substring(1);
    return digits;
  }

  /** Rows for the consent page: message key of the attribute and the value the portal would see. */
  public record Row(String labelKey, String value) {
  }

  public static List<Row> preview(CitizenIdentity id, Set<String> scopes) {
    List<Row> rows = new ArrayList<>();
    if (scopes.contains("openid")) rows.add(new Row("claim.sub", null));
    if (scopes.contains("profile")) {
      rows.add(new Row("claim.name", id.fullName()));
      rows.add(new Row("claim.birthdate", id.birthdate() == null ? null
          : String.format("%02d/%02d/%04d", id.birthdate().getDayOfMonth(), id.birthdate().getMonthValue(), id.birthdate().getYear())));
      rows.add(new Row("claim.gender." + (id.gender() == null ? "unknown" : id.gender().claim()), null));
    }
    if (scopes.contains("identity_number")) rows.add(new Row("claim.identity_number", id.identityNumber()));
    if (scopes.contains("address")) {
      rows.add(new Row("claim.permanent_address", id.permanentAddress() == null ? null : id.permanentAddress().formatted()));
      rows.add(new Row("claim.current_address", id.currentAddress() == null ? null : id.currentAddress().formatted()));
    }
    if (scopes.contains("phone")) rows.add(new Row("claim.phone", id.phone()));
    if (scopes.contains("email")) rows.add(new Row("claim.email", id.email()));
    if (scopes.contains("prefill")) rows.add(new Row("claim.prefill", null));
    if (scopes.contains("offline_access")) rows.add(new Row("claim.offline_access", null));
    return rows;
  }
}
