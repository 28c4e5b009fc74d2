package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vn.egov.gateway.prefill.AdministrativeUnits;
import vn.egov.gateway.prefill.PrefillSigner;
import vn.egov.gateway.prefill.Procedure;

/**
 * Validates a dossier's form for a procedure (DESIGN.md sections 4 and 5): every text
 * NFC-normalised first, then the procedure's JSON Schema (2020-12), the Vietnamese domain rules it
 * names, and the locked prefilled fields against the gateway's own prefill signature.
 *
 * <p>Pure and thread-safe: no I/O, nothing blocks; one instance serves every event loop. Built
 * once in the composition root. The day of filing is the Vietnamese calendar day (Asia/Ho_Chi_Minh)
 * of the clock.
 *
 * <p>Locked fields. A prefill JWS ({@link PrefillSigner}) binds the released values to the portal
 * ({@code aud}), the citizen's pairwise subject ({@code sub}) and the procedure; it is checked for
 * signature, type, issuer and expiry, then each of those. A bad one is an error
 * ({@code prefill-invalid}): it is a forgery, another citizen's or portal's prefill, or a stale
 * one the portal can fetch again. With a good one, each locked field the signature holds must come
 * back equal (after NFC) or the field is named with {@code locked-field-changed}.
 *
 * <p>No prefill, or a locked field the signature does not hold (the citizen withheld that scope,
 * the register lacks it). Filing stays possible: a citizen may decline to share register data
 * (Decree 13/2023 and the 2025 Personal Data Protection Law: consent is freely given, and the
 * procedures themselves do not require e-prefill), and the register may be down. But each such
 * field is then unverified, and the verdict says so with a {@code prefill-missing} warning at its
 * pointer, which travels with the dossier so the agency checks those fields against the papers.
 */
public final class DossierValidator {
  public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  /** Errors reported at most; past that one {@code too-many-errors} says the list was cut. */
  public static final int MAX_ERRORS = 100;

  private final AdministrativeUnits units;
  private final PrefillSigner signer;
  private final Clock clock;
  /** Per-procedure reading of the schema, by code; replaced if a different Procedure object comes with that code. */
  private final Map<String, FormModel> models = new ConcurrentHashMap<>();

  public DossierValidator(AdministrativeUnits units, PrefillSigner signer, Clock clock) {
    this.units = Objects.requireNonNull(units, "units");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param prefillJws the signature of a prefill answer, or null when the portal did not prefill
   * @param clientId   the calling portal (from its access token)
   * @param subject    the citizen's pairwise subject at that portal (from the access token)
   */
  public Verdict validate(Procedure procedure, JsonObject form, String prefillJws, String clientId, String subject) {
    FormModel model = model(procedure);
    FormText.Result text = FormText.normalise(form);
    JsonObject normalised = text.form();
    List<FieldError> errors = new ArrayList<>();
    List<FieldError> warnings = new ArrayList<>();
    if (text.overflow() != null) {
      errors.add(overflow(model, text.overflow()));
      return new Verdict(normalised, errors, warnings);
    }

    // An array far over its schema's maxItems is refused before the schema walks every item: a
    // hostile list of a thousand members would otherwise cost a thousand items' errors.
    for (FormText.ArrayAt array : text.arrays()) {
      JsonObject schema = model.schemaOf(array.pointer());
      if (schema != null && schema.getValue("maxItems") instanceof Number max && array.size() > 2 * max.intValue()) {
        errors.add(overflow(model, new FormText.Overflow(array.pointer(), "max-items", max.intValue())));
      }
    }
    if (!errors.isEmpty()) return new Verdict(normalised, errors, warnings);

    // Vert.x is asked only when the compiled check cannot vouch for the form: its walk is slow
    // (SchemaCheck says why), and its output is what the errors are made of.
    if (!model.surelyValid(normalised)) {
      // Vert.x 5.0.7's e-mail format check throws on an empty text (an internal error for the
      // portal): such values get their format error here and are kept out of Vert.x's walk.
      List<String> blank = new ArrayList<>();
      JsonObject walked = (JsonObject) withoutBlankFormatted(model, normalised, "", blank);
      for (String at : blank) {
        errors.add(SchemaErrors.format(at, model.label(at), model.schemaOf(at).getString("format")));
      }
      OutputUnit out = procedure.validator().validate(walked);
      if (!Boolean.TRUE.equals(out.getValid()) && out.getErrors() != null) {
        errors.addAll(SchemaErrors.map(model, walked, out.getErrors()));
      }
    }
    Set<String> refused = new HashSet<>();
    for (FieldError e : errors) refused.add(e.pointer());

    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, VIETNAM);
    DomainRules.apply(units, model, normalised, today, refused, text.badText(), errors, warnings);
    locked(model, normalised, prefillJws, clientId, subject, now, errors, warnings);
    return new Verdict(normalised, capped(dedupe(errors)), capped(dedupe(warnings)));
  }

  /** A verdict a portal can show, and no amplification: a 60 KB form cannot buy a megabyte of errors. */
  private static List<FieldError> capped(List<FieldError> found) {
    if (found.size() <= MAX_ERRORS) return found;
    List<FieldError> out = new ArrayList<>(found.subList(0, MAX_ERRORS));
    out.add(new FieldError("", "too-many-errors", "Còn " + (found.size() - MAX_ERRORS) + " lỗi khác chưa liệt kê; hãy sửa các lỗi trên trước.",
        (found.size() - MAX_ERRORS) + " more not listed; correct the ones above first."));
    return out;
  }

  private FormModel model(Procedure procedure) {
    FormModel m = models.get(procedure.code());
    if (m != null && m.procedure == procedure) return m;
    m = new FormModel(procedure);
    models.put(procedure.code(), m);
    return m;
  }

  private void locked(FormModel model, JsonObject form, String jws, String clientId, String subject, Instant now,
      List<FieldError> errors, List<FieldError> warnings) {
    if (model.locked.isEmpty()) return;
    JsonObject values = null;
    if (jws != null) {
      String why = null;
      JsonObject claims = null;
      try {
        claims = signer.verify(jws);
      } catch (PrefillSigner.InvalidPrefillException e) {
        why = "the signature, type or issuer is wrong";
      }
      if (claims != null) why = binding(claims, model.procedure.code(), clientId, subject, now);
      if (why != null) {
        errors.add(new FieldError("", "prefill-invalid",
            "Chữ ký dữ liệu điền sẵn không hợp lệ, đã hết hạn hoặc không dành cho cổng, công dân hoặc thủ tục này; hãy lấy lại dữ liệu điền sẵn.",
            "The prefill signature is invalid, expired, or not for this portal, citizen or procedure (" + why + "); fetch the prefill again."));
        return;
      }
      values = claims.getValue("values") instanceof JsonObject v ? v : new JsonObject();
    }
    for (String pointer : model.locked) {
      Object submitted = Pointers.get(form, pointer);
      Object signed = values == null ? null : values.getValue(pointer);
      if (signed == null || !lockedByPrefill(signed)) {
        if (submitted != null) {
          FormModel.Label l = model.label(pointer);
          warnings.add(new FieldError(pointer, "prefill-missing",
              l.vi() + " không được đối chiếu với Cơ sở dữ liệu quốc gia về dân cư (không có dữ liệu điền sẵn đã ký).",
              l.en() + " was not verified against the National Population Database (no signed prefill for it)."));
        }
        continue;
      }
      if (!same(nfc(signed), submitted)) {
        FormModel.Label l = model.label(pointer);
        errors.add(new FieldError(pointer, "locked-field-changed",
            l.vi() + " lấy từ Cơ sở dữ liệu quốc gia về dân cư và không được sửa đổi.",
            l.en() + " comes from the National Population Database and must not be changed."));
      }
    }
  }

  /** Why signed claims do not belong to this submission, or null when they do. */
  private static String binding(JsonObject claims, String procedure, String clientId, String subject, Instant now) {
    Object exp = claims.getValue("exp");
    if (!(exp instanceof Number n) || !now.isBefore(Instant.ofEpochSecond(n.longValue()))) return "expired";
    Object aud = claims.getValue("aud");
    boolean audience = aud instanceof String s ? s.equals(clientId) : aud instanceof JsonArray a && a.size() == 1 && clientId.equals(a.getValue(0));
    if (!audience) return "issued to another portal";
    if (!Objects.equals(subject, claims.getValue("sub"))) return "issued for another citizen";
    if (!procedure.equals(claims.getValue("procedure"))) return "issued for another procedure";
    if (!(claims.getValue("values") instanceof JsonObject)) return "no values";
    return null;
  }

  /**
   * Whether prefill locked this signed value. An address whose pre-2025 unit was split between
   * several new ones is released unlocked, for the citizen to choose the new unit
   * (PrefillMapper): the signature does not say so, but the same conversion on the signed value does.
   */
  private boolean lockedByPrefill(Object signed) {
    if (signed instanceof JsonObject address && address.getValue("legacyDistrictCode") instanceof String district) {
      String province = address.getValue("provinceCode") instanceof String p ? p : null;
      String commune = address.getValue("communeCode") instanceof String c ? c : null;
      return units.convert(province, commune, district).status() != AdministrativeUnits.Status.AMBIGUOUS;
    }
    return true;
  }

  private static FieldError overflow(FormModel model, FormText.Overflow o) {
    return switch (o.code()) {
      case "too-deep" -> new FieldError(o.pointer(), "too-deep",
          "Biểu mẫu lồng nhau quá " + o.limit() + " cấp.", "The form is nested more than " + o.limit() + " levels deep.");
      case "max-items" -> {
        FormModel.Label l = model.label(o.pointer());
        yield new FieldError(o.pointer(), "max-items", l.vi() + " có nhiều hơn " + o.limit() + " mục.",
            l.en() + " has more than " + o.limit() + " items.");
      }
      default -> new FieldError("", "too-large", "Biểu mẫu có quá " + o.limit() + " giá trị.",
          "The form holds more than " + o.limit() + " values.");
    };
  }

  /**
   * The value, or a copy without the empty texts whose schema has a {@code format} (each one's
   * pointer added to {@code blank}); members of objects are left out, items of arrays become null.
   */
  private static Object withoutBlankFormatted(FormModel model, Object value, String at, List<String> blank) {
    if (value instanceof JsonObject form) {
      JsonObject copy = null;
      for (var member : form) {
        String pointer = Pointers.child(at, member.getKey());
        Object v = member.getValue();
        boolean drop = isBlankFormatted(model, pointer, v);
        Object replaced = drop ? null : withoutBlankFormatted(model, v, pointer, blank);
        if (drop) blank.add(pointer);
        if (!drop && replaced == v) continue;
        if (copy == null) copy = form.copy();
        if (drop) copy.remove(member.getKey());
        else copy.put(member.getKey(), replaced);
      }
      return copy == null ? form : copy;
    }
    if (value instanceof io.vertx.core.json.JsonArray items) {
      io.vertx.core.json.JsonArray copy = null;
      for (int i = 0; i < items.size(); i++) {
        String pointer = Pointers.child(at, Integer.toString(i));
        Object v = items.getValue(i);
        boolean drop = isBlankFormatted(model, pointer, v);
        Object replaced = drop ? null : withoutBlankFormatted(model, v, pointer, blank);
        if (drop) blank.add(pointer);
        if (!drop && replaced == v) continue;
        if (copy == null) copy = items.copy();
        copy.set(i, replaced);
      }
      return copy == null ? items : copy;
    }
    return value;
  }

  private static boolean isBlankFormatted(FormModel model, String pointer, Object value) {
    if (!(value instanceof String s) || !s.isEmpty()) return false;
    JsonObject schema = model.schemaOf(pointer);
    return schema != null && schema.getValue("format") instanceof String;
  }

  private static List<FieldError> dedupe(List<FieldError> found) {
    Set<String> seen = new HashSet<>();
    List<FieldError> out = new ArrayList<>(found.size());
    for (FieldError e : found) if (seen.add(e.pointer() + " " + e.code())) out.add(e);
    return out;
  }

  private static Object nfc(Object v) {
    if (v instanceof String s) return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    if (v instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      o.forEach(e -> out.put(e.getKey(), nfc(e.getValue())));
      return out;
    }
    if (v instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(x -> out.add(nfc(x)));
      return out;
    }
    return v;
  }

  /** JSON equality: numbers by value (5 equals 5.0), object members in any order. */
  static boolean same(Object a, Object b) {
    if (a == null || b == null) return a == b;
    if (a instanceof Number x && b instanceof Number y) {
      return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      if (x.size() != y.size()) return false;
      for (String k : x.fieldNames()) if (!y.containsKey(k) || !same(x.getValue(k), y.getValue(k))) return false;
      return true;
    }
    if (a instanceof JsonArray x && b instanceof JsonArray y) {
      if (x.size() != y.size()) return false;
      for (int i = 0; i < x.size(); i++) if (!same(x.getValue(i), y.getValue(i))) return false;
      return true;
    }
    return a.equals(b);
  }
}
