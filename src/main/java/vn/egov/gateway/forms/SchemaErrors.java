package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns vertx-json-schema's "basic" output into one clean error per field and problem.
 *
 * <p>The basic output lists every failing keyword on the way down: the {@code properties},
 * {@code items} and {@code $ref} applicators above a failing leaf ("does not match schema"), each
 * {@code const} of a {@code oneOf} list, and an {@code additionalProperties} failure for every
 * declared property that failed (Vert.x counts a property that failed as not evaluated). Only the
 * leaves say something a citizen can act on, so: applicator failures are dropped; failures inside
 * a {@code oneOf}/{@code anyOf} alternative are folded into the {@code oneOf} itself; an
 * {@code additionalProperties} failure counts only for a property the schema does not declare;
 * a wrong {@code type} hides the other failures of the same value; and each (pointer, code)
 * appears once. {@code required} is reported at the missing member, read from the schema rather
 * than from Vert.x's message text.
 */
final class SchemaErrors {
  private static final Set<String> APPLICATORS = Set.of("properties", "patternProperties", "items", "prefixItems", "$ref",
      "$dynamicRef", "allOf", "dependentSchemas", "if", "then", "else", "contains");

  private SchemaErrors() {
  }

  static List<FieldError> map(FormModel model, JsonObject form, List<OutputUnit> units) {
    Map<String, FieldError> out = new LinkedHashMap<>();
    Set<String> typeFailed = new HashSet<>();
    List<FieldError> found = new ArrayList<>();
    for (OutputUnit u : units) {
      // Enough to fill a verdict (DossierValidator keeps MAX_ERRORS); a hostile form gets no more work.
      if (found.size() >= 2 * DossierValidator.MAX_ERRORS) break;
      leaf(model, form, u, found);
    }
    for (FieldError e : found) if (e.code().equals("type")) typeFailed.add(e.pointer());
    for (FieldError e : found) {
      if (!e.code().equals("type") && typeFailed.contains(e.pointer())) continue;
      out.putIfAbsent(e.pointer() + " " + e.code(), e);
    }
    return List.copyOf(out.values());
  }

  private static void leaf(FormModel model, JsonObject form, OutputUnit u, List<FieldError> found) {
    String instance = Pointers.fromFragment(u.getInstanceLocation());
    List<String> relative = Pointers.segments(Pointers.fromFragment(u.getKeywordLocation()));
    String absolute = Pointers.fromFragment(u.getAbsoluteKeywordLocation() != null ? u.getAbsoluteKeywordLocation() : u.getKeywordLocation());
    List<String> abs = Pointers.segments(absolute);
    if (relative == null || relative.isEmpty() || abs == null || abs.isEmpty()) {
      found.add(generic(model, instance, "invalid", u.getError()));
      return;
    }
    // Inside an alternative of a oneOf/anyOf: the oneOf's own failure speaks for it.
    for (int i = 0; i + 2 < relative.size(); i++) {
      if ((relative.get(i).equals("oneOf") || relative.get(i).equals("anyOf")) && Pointers.isIndex(relative.get(i + 1))) return;
    }
    String keyword = abs.get(abs.size() - 1);
    if (APPLICATORS.contains(keyword)) return;
    String schemaPath = absolute.substring(0, absolute.length() - Pointers.escape(keyword).length() - 1);
    Object parent = model.schemaAt(schemaPath);
    Object value = parent instanceof JsonObject p ? p.getValue(keyword) : null;
    FormModel.Label label = model.label(instance);
    switch (keyword) {
      case "additionalProperties", "unevaluatedProperties" -> {
        List<String> segments = Pointers.segments(instance);
        if (segments == null || segments.isEmpty()) return;
        String name = segments.get(segments.size() - 1);
        if (parent instanceof JsonObject p && declared(p, name)) return;
        found.add(new FieldError(instance, "unknown-field",
            "Trường " + FormModel.shown(instance) + " không có trong biểu mẫu của thủ tục này.",
            "Field " + FormModel.shown(instance) + " is not part of this procedure's form."));
      }
      case "required" -> {
        Object obj = Pointers.get(form, instance);
        if (!(value instanceof JsonArray names) || !(obj instanceof JsonObject o)) return;
        for (Object n : names) {
          if (n instanceof String name && !o.containsKey(name)) {
            String at = Pointers.child(instance, name);
            FormModel.Label l = model.label(at);
            found.add(new FieldError(at, "required", "Chưa điền " + l.vi() + " (bắt buộc).", l.en() + " is required."));
          }
        }
      }
      case "type" -> found.add(new FieldError(instance, "type",
          label.vi() + " phải là " + typeVi(value) + ".", label.en() + " must be " + typeEn(value) + "."));
      case "pattern" -> found.add(new FieldError(instance, "pattern",
          label.vi() + " không đúng định dạng.", label.en() + " is not in the expected format."));
      case "maxLength" -> found.add(new FieldError(instance, "max-length",
          label.vi() + " dài quá " + value + " ký tự.", label.en() + " is longer than " + value + " characters."));
      case "minLength" -> found.add(isOne(value)
          ? new FieldError(instance, "min-length", label.vi() + " không được để trống.", label.en() + " must not be empty.")
          : new FieldError(instance, "min-length", label.vi() + " phải có ít nhất " + value + " ký tự.",
              label.en() + " must have at least " + value + " characters."));
      case "maximum", "exclusiveMaximum" -> found.add(new FieldError(instance, "maximum",
          label.vi() + " phải " + (keyword.equals("maximum") ? "nhỏ hơn hoặc bằng " : "nhỏ hơn ") + value + ".",
          label.en() + " must be " + (keyword.equals("maximum") ? "at most " : "less than ") + value + "."));
      case "minimum", "exclusiveMinimum" -> found.add(new FieldError(instance, "minimum",
          label.vi() + " phải " + (keyword.equals("minimum") ? "lớn hơn hoặc bằng " : "lớn hơn ") + value + ".",
          label.en() + " must be " + (keyword.equals("minimum") ? "at least " : "more than ") + value + "."));
      case "maxItems" -> found.add(new FieldError(instance, "max-items",
          label.vi() + " có nhiều hơn " + value + " mục.", label.en() + " has more than " + value + " items."));
      case "minItems" -> found.add(new FieldError(instance, "min-items",
          label.vi() + " phải có ít nhất " + value + " mục.", label.en() + " must have at least " + value + " items."));
      case "enum" -> found.add(allowed(instance, label, value instanceof JsonArray a ? a : null));
      case "oneOf", "anyOf" -> {
        if (FormModel.constAlternatives(value)) {
          JsonArray consts = new JsonArray();
          for (Object alt : (JsonArray) value) consts.add(((JsonObject) alt).getValue("const"));
          found.add(allowed(instance, label, consts));
        } else {
          found.add(new FieldError(instance, "one-of", label.vi() + " không khớp với dạng nào được chấp nhận.",
              label.en() + " does not match any accepted form."));
        }
      }
      case "const" -> found.add(Boolean.TRUE.equals(value)
          ? new FieldError(instance, "const", "Cần xác nhận: " + label.vi() + ".", label.en() + " must be confirmed (true).")
          : new FieldError(instance, "const", label.vi() + " phải là " + value + ".", label.en() + " must be " + value + "."));
      case "format" -> found.add(format(instance, label, String.valueOf(value)));
      default -> found.add(generic(model, instance, kebab(keyword), u.getError()));
    }
  }

  private static FieldError allowed(String instance, FormModel.Label label, JsonArray values) {
    String list = values != null && values.size() <= 12
        ? String.join(", ", values.stream().map(String::valueOf).toList()) : null;
    return new FieldError(instance, "enum",
        label.vi() + " không phải là một giá trị được chấp nhận" + (list == null ? "" : " (" + list + ")") + ".",
        label.en() + " is not one of the allowed values" + (list == null ? "" : " (" + list + ")") + ".");
  }

  static FieldError format(String instance, FormModel.Label label, String format) {
    return switch (format) {
      case "date" -> new FieldError(instance, "format-date", label.vi() + " không phải là ngày hợp lệ (năm-tháng-ngày, YYYY-MM-DD).",
          label.en() + " is not a valid date (YYYY-MM-DD).");
      case "email" -> new FieldError(instance, "email", label.vi() + " không phải là địa chỉ thư điện tử hợp lệ.",
          label.en() + " is not a valid e-mail address.");
      default -> new FieldError(instance, "format-" + kebab(format), label.vi() + " không đúng định dạng " + format + ".",
          label.en() + " is not a valid " + format + ".");
    };
  }

  private static FieldError generic(FormModel model, String instance, String code, String why) {
    FormModel.Label label = model.label(instance);
    return new FieldError(instance, code, label.vi() + " không hợp lệ.", label.en() + " is not valid" + (why == null ? "." : ": " + why));
  }

  private static boolean declared(JsonObject schema, String name) {
    if (schema.getValue("properties") instanceof JsonObject props && props.containsKey(name)) return true;
    if (schema.getValue("patternProperties") instanceof JsonObject patterns) {
      for (String regex : patterns.fieldNames()) {
        try {
          if (Pattern.compile(regex).matcher(name).find()) return true;
        } catch (PatternSyntaxException e) {
          return false;
        }
      }
    }
    return false;
  }

  private static boolean isOne(Object value) {
    return value instanceof Number n && n.longValue() == 1;
  }

  private static String typeEn(Object type) {
    if (type instanceof JsonArray a) return String.join(" or ", a.stream().map(SchemaErrors::typeEn).toList());
    return switch (String.valueOf(type)) {
      case "string" -> "a text";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "object" -> "an object";
      case "array" -> "a list";
      case "boolean" -> "true or false";
      case "null" -> "null";
      default -> String.valueOf(type);
    };
  }

  private static String typeVi(Object type) {
    if (type instanceof JsonArray a) return String.join(" hoặc ", a.stream().map(SchemaErrors::typeVi).toList());
    return switch (String.valueOf(type)) {
      case "string" -> "văn bản";
      case "integer" -> "số nguyên";
      case "number" -> "số";
      case "object" -> "một nhóm thông tin (đối tượng)";
      case "array" -> "một danh sách";
      case "boolean" -> "đúng hoặc sai";
      case "null" -> "rỗng";
      default -> String.valueOf(type);
    };
  }

  private static String kebab(String keyword) {
    return keyword.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replace('$', ' ').trim().toLowerCase(java.util.Locale.ROOT);
  }
}
