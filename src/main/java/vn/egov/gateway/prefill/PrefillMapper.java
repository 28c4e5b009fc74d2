package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import vn.egov.gateway.oidc.Scope;
import vn.egov.gateway.prefill.AdministrativeUnits.Conversion;
import vn.egov.gateway.prefill.AdministrativeUnits.Status;

/**
 * Maps a citizen's population-register record into a procedure's form (DESIGN.md section 4).
 * Pure: no I/O, the caller reads the register and the clock.
 *
 * <p>Only the attributes the procedure maps leave the mapper, and of object attributes only
 * their known members (data minimisation: Decree 13/2023/NĐ-CP, DESIGN.md section 4). A field
 * whose consent scope is missing is withheld, never released; {@code prefill} is needed for every
 * field, since it is the consent to use the prefill API at all. Every text is NFC-normalised.
 */
public final class PrefillMapper {
  /** The {@code source} of every field the mapper fills. */
  public static final String SOURCE = "population-register";

  private final AdministrativeUnits units;

  public PrefillMapper(AdministrativeUnits units) {
    this.units = Objects.requireNonNull(units, "units");
  }

  /** The top-level register attributes a procedure maps: ask the register for these only. */
  public Set<String> attributesNeeded(Procedure procedure) {
    Set<String> out = new LinkedHashSet<>();
    for (PrefillRule rule : procedure.prefill()) out.add(rule.attribute().attribute());
    return out;
  }

  /** As {@link #attributesNeeded(Procedure)}, less those the consent does not release. */
  public Set<String> attributesNeeded(Procedure procedure, Set<String> scopes) {
    Set<String> out = new LinkedHashSet<>();
    for (PrefillRule rule : procedure.prefill()) {
      if (missingScopes(rule.attribute(), scopes).isEmpty()) out.add(rule.attribute().attribute());
    }
    return out;
  }

  /**
   * The pre-filled form.
   *
   * @param record the citizen's register record (top-level attributes as in {@link RegisterAttribute})
   * @param scopes the OIDC scopes the citizen consented to for the portal
   * @param clock  when the mapping happens, for {@code retrievedAt} and date checks
   */
  public PrefilledForm map(Procedure procedure, JsonObject record, Set<String> scopes, Clock clock) {
    LocalDate today = LocalDate.now(clock);
    Localized register = registerNote(record);
    List<PrefilledField> fields = new ArrayList<>();
    for (PrefillRule rule : procedure.prefill()) fields.add(field(rule, record, scopes, register, today));
    return new PrefilledForm(procedure.code(), clock.instant(), fields);
  }

  private PrefilledField field(PrefillRule rule, JsonObject record, Set<String> scopes, Localized register, LocalDate today) {
    RegisterAttribute attribute = rule.attribute();
    String path = rule.source().toString();
    if (attribute.sensitive()) {
      // The catalogue refuses these; a Procedure built another way must not leak them either.
      throw new IllegalStateException(path + " is sensitive and may never be prefilled");
    }
    List<String> missing = missingScopes(attribute, scopes);
    if (!missing.isEmpty()) {
      return new PrefilledField(rule.field(), null, SOURCE, path, false, false, new Provenance(new Localized(
          "Không cung cấp: công dân chưa đồng ý chia sẻ (phạm vi " + String.join(", ", missing) + ").",
          "Withheld: the citizen has not consented to " + String.join(", ", missing) + "."), null), missing);
    }
    Object raw = record.getValue(attribute.attribute());
    if (attribute.kind() == RegisterAttribute.Kind.ADDRESS && raw instanceof JsonObject address) {
      return address(rule, path, address);
    }
    if (rule.source().member() != null) raw = raw instanceof JsonObject o ? o.getValue(rule.source().member()) : null;
    Object value = released(rule.source(), raw);
    if (value == null) {
      return new PrefilledField(rule.field(), null, SOURCE, path, false, false, new Provenance(new Localized(
          "Không có trong Cơ sở dữ liệu quốc gia về dân cư: vui lòng tự điền.",
          "Not in the National Population Database: please fill it in."), null), List.of());
    }
    return new PrefilledField(rule.field(), value, SOURCE, path, true, rule.locked(), new Provenance(
        expiry(rule.source(), value, today, register), null), List.of());
  }

  /**
   * An address, converted to the current units. A converted one carries the new codes and says
   * so; an ambiguous one keeps the legacy code, unverified and unlocked, so the citizen can pick
   * one of the candidates; an unknown one is kept as given and flagged.
   */
  private PrefilledField address(PrefillRule rule, String path, JsonObject raw) {
    String provinceCode = text(raw.getValue("provinceCode"));
    String communeCode = text(raw.getValue("communeCode"));
    String legacyDistrict = text(raw.getValue("legacyDistrictCode"));
    String detail = text(raw.getValue("detail"));
    String formatted = text(raw.getValue("formatted"));
    Conversion c = units.convert(provinceCode, communeCode, legacyDistrict);

    JsonObject value = new JsonObject();
    putIfPresent(value, "country", text(raw.getValue("country")));
    switch (c.status()) {
      case CURRENT, CONVERTED -> {
        value.put("provinceCode", c.province().code()).put("provinceName", c.province().name())
            .put("communeCode", c.commune().code()).put("communeName", c.commune().name());
        putIfPresent(value, "detail", detail);
        String full = units.provinceFullName(c.province().code()).orElse(c.province().name());
        putIfPresent(value, "formatted", c.status() == Status.CONVERTED
            ? (detail == null ? "" : detail + ", ") + c.commune().name() + ", " + full
            : formatted);
      }
      case AMBIGUOUS, UNKNOWN -> {
        putIfPresent(value, "provinceCode", c.province() != null ? c.province().code() : provinceCode);
        if (c.province() != null) value.put("provinceName", c.province().name());
        putIfPresent(value, "communeCode", communeCode);
        if (c.legacy() != null && c.legacy().commune() != null) putIfPresent(value, "communeName", c.legacy().commune().name());
        putIfPresent(value, "legacyDistrictCode", legacyDistrict);
        putIfPresent(value, "detail", detail);
        putIfPresent(value, "formatted", formatted);
      }
    }
    boolean ambiguous = c.status() == Status.AMBIGUOUS;
    Object released = rule.source().member() == null ? value : value.getValue(rule.source().member());
    return new PrefilledField(rule.field(), nfc(released), SOURCE, path, !ambiguous, rule.locked() && !ambiguous,
        new Provenance(c.note(), c), List.of());
  }

  /** What leaves the gateway for a path: texts, and of objects only their known members. */
  private static Object released(RegisterPath path, Object raw) {
    if (raw == null || path.kind() == RegisterAttribute.Kind.ADDRESS) return null; // addresses are handled whole
    if (path.kind() == RegisterAttribute.Kind.LIST) return raw instanceof JsonArray a ? members(a) : null;
    if (path.kind() == RegisterAttribute.Kind.OBJECT) {
      if (!(raw instanceof JsonObject o)) return null;
      JsonObject out = new JsonObject();
      for (String member : path.attribute().members()) {
        Object v = o.getValue(member);
        if (member.equals("members")) v = v instanceof JsonArray a ? members(a) : null;
        if (v != null) out.put(member, nfc(v));
      }
      return out.isEmpty() ? null : out;
    }
    return raw instanceof JsonObject || raw instanceof JsonArray ? null : nfc(raw);
  }

  private static JsonArray members(JsonArray raw) {
    JsonArray out = new JsonArray();
    for (Object item : raw) {
      if (!(item instanceof JsonObject m)) continue;
      JsonObject member = new JsonObject();
      for (String key : RegisterAttribute.HOUSEHOLD_MEMBER_FIELDS) {
        if (m.getValue(key) != null) member.put(key, nfc(m.getValue(key)));
      }
      out.add(member);
    }
    return out;
  }

  private static List<String> missingScopes(RegisterAttribute attribute, Set<String> scopes) {
    List<String> missing = new ArrayList<>();
    if (!scopes.contains(Scope.PREFILL.value())) missing.add(Scope.PREFILL.value());
    Scope scope = attribute.scope().orElseThrow();
    if (scope != Scope.PREFILL && !scopes.contains(scope.value())) missing.add(scope.value());
    return missing;
  }

  private static Localized registerNote(JsonObject record) {
    String updated = text(record.getValue("updatedAt"));
    return updated == null
        ? new Localized("Cơ sở dữ liệu quốc gia về dân cư.", "National Population Database.")
        : new Localized("Cơ sở dữ liệu quốc gia về dân cư, cập nhật " + updated + ".",
            "National Population Database, updated " + updated + ".");
  }

  /** The register note, plus a warning when the ID card mapped has expired. */
  private static Localized expiry(RegisterPath path, Object value, LocalDate today, Localized register) {
    if (path.attribute() != RegisterAttribute.ID_CARD) return register;
    Object expiry = value instanceof JsonObject o ? o.getValue("expiryDate")
        : "expiryDate".equals(path.member()) ? value : null;
    try {
      if (expiry instanceof String s && LocalDate.parse(s).isBefore(today)) {
        return new Localized(register.vi() + " Thẻ căn cước đã hết hạn ngày " + s + ".",
            register.en() + " The identity card expired on " + s + ".");
      }
    } catch (DateTimeParseException e) {
      return register;
    }
    return register;
  }

  private static void putIfPresent(JsonObject o, String key, String value) {
    if (value != null) o.put(key, value);
  }

  private static String text(Object v) {
    return v == null ? null : Normalizer.normalize(String.valueOf(v), Normalizer.Form.NFC);
  }

  /** Every text in a value NFC-normalised (DESIGN.md section 7). */
  private static Object nfc(Object v) {
    if (v instanceof String s) return Normalizer.normalize(s, Normalizer.Form.NFC);
    if (v instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, Object> e : o) out.put(e.getKey(), nfc(e.getValue()));
      return out;
    }
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      for (Object item : a) out.add(nfc(item));
      return out;
    }
    return v;
  }
}
