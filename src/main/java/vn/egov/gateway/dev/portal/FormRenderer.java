package vn.egov.gateway.dev.portal;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.text.Normalizer;
import java.util.Map;
import java.util.Set;
import vn.egov.gateway.web.Html;
import vn.egov.gateway.web.Lang;
import vn.egov.gateway.web.Messages;

/**
 * Turns a procedure's form (JSON Schema 2020-12 as the gateway serves it) into accessible HTML
 * inputs, and the posted inputs back into the form object. Each input is named by its JSON
 * pointer, so the gateway's validation errors (also JSON pointers) land beside the right input.
 * Covers what the shipped procedures use: nested objects, {@code $ref} into {@code $defs}, arrays of
 * objects, strings (dates, e-mail, choices by {@code oneOf}/{@code const}), integers and
 * {@code const: true} declarations.
 */
final class FormRenderer {
  /** How many rows an array of objects shows when it has none yet and needs none. */
  private static final int EMPTY_ROWS = 1;

  private final Messages text;

  FormRenderer(Messages text) {
    this.text = text;
  }

  /**
   * @param values         the form object to show (prefilled, or as last posted)
   * @param locked         pointers of register values the citizen cannot change (and everything under them)
   * @param registerFields pointers filled from the population register
   * @param errors         pointer -> message of the last validation
   */
  record View(Lang lang, JsonObject values, Set<String> locked, Set<String> registerFields, Map<String, String> errors) {
  }

  String render(JsonObject schema, View v) {
    StringBuilder out = new StringBuilder();
    properties(schema, schema, "", v, false, out);
    return out.toString();
  }

  static String id(String pointer) {
    return "f" + pointer.replaceAll("[^A-Za-z0-9]", "-");
  }

  private void properties(JsonObject root, JsonObject node, String pointer, View v, boolean locked, StringBuilder out) {
    JsonObject props = node.getJsonObject("properties", new JsonObject());
    JsonArray required = node.getJsonArray("required", new JsonArray());
    for (String name : props.fieldNames()) {
      field(root, resolve(root, props.getJsonObject(name)), pointer + "/" + name, required.contains(name), v, locked, out);
    }
  }

  private void field(JsonObject root, JsonObject node, String pointer, boolean required, View v, boolean lockedAbove, StringBuilder out) {
    boolean locked = lockedAbove || v.locked().contains(pointer);
    boolean fromRegister = v.registerFields().contains(pointer);
    String id = id(pointer);
    String title = title(node, v.lang(), pointer);
    String type = node.getString("type", "");
    if (type.equals("object")) {
      out.append("<fieldset id=\"").append(id).append("\" class=\"group").append(locked ? " locked" : "").append("\">")
          .append("<legend>").append(Html.esc(title)).append(requiredMark(required, v)).append(sourceMark(fromRegister, id, v))
          .append("</legend>");
      errorSlot(pointer, id, v, out);
      properties(root, node, pointer, v, locked, out);
      out.append("</fieldset>");
      return;
    }
    if (type.equals("array")) {
      JsonObject items = resolve(root, node.getJsonObject("items", new JsonObject()));
      Object current = value(v.values(), pointer);
      int have = current instanceof JsonArray a ? a.size() : 0;
      int rows = Math.max(Math.max(have, node.getInteger("minItems", 0)), EMPTY_ROWS);
      out.append("<fieldset id=\"").append(id).append("\" class=\"group\"><legend>").append(Html.esc(title))
          .append(requiredMark(required, v)).append(sourceMark(fromRegister, id, v)).append("</legend>");
      errorSlot(pointer, id, v, out);
      for (int i = 0; i < rows; i++) {
        String row = pointer + "/" + i;
        if ("object".equals(items.getString("type"))) {
          out.append("<fieldset id=\"").append(id(row)).append("\" class=\"row\"><legend>")
              .append(Html.esc(text.get(v.lang(), "form.row", title, i + 1))).append("</legend>");
          errorSlot(row, id(row), v, out);
          properties(root, items, row, v, locked, out);
          out.append("</fieldset>");
        } else {
          field(root, items, row, false, v, locked, out);
        }
      }
      out.append("</fieldset>");
      return;
    }
    Object value = value(v.values(), pointer);
    String shown = value == null ? "" : String.valueOf(value);
    StringBuilder describedBy = new StringBuilder("err-").append(id);
    if (fromRegister) describedBy.append(" src-").append(id);
    String common = " id=\"" + id + "\" name=\"" + Html.esc(pointer) + "\" aria-describedby=\"" + describedBy + "\""
        + (v.errors().containsKey(pointer) ? " aria-invalid=\"true\"" : "")
        + (required ? " aria-required=\"true\"" : "");
    out.append("<div class=\"field").append(locked ? " locked" : "").append("\" data-pointer=\"").append(Html.esc(pointer)).append("\">");
    if (Boolean.TRUE.equals(node.getValue("const"))) {
      // A declaration the citizen must tick (const: true).
      out.append("<input type=\"checkbox\" value=\"true\"").append(common).append(Boolean.TRUE.equals(value) ? " checked" : "")
          .append(locked ? " disabled" : "").append("> <label class=\"inline\" for=\"").append(id).append("\">")
          .append(Html.esc(title)).append(requiredMark(required, v)).append("</label>");
    } else {
      out.append("<label for=\"").append(id).append("\">").append(Html.esc(title)).append(requiredMark(required, v)).append("</label>");
      if (fromRegister) {
        out.append("<span class=\"source\" id=\"src-").append(id).append("\">").append(Html.esc(text.get(v.lang(), "form.fromRegister")))
            .append("</span>");
      }
      JsonArray choices = node.getJsonArray("oneOf", node.getJsonArray("anyOf"));
      if (choices != null) {
        out.append("<select").append(common).append(locked ? " aria-readonly=\"true\"" : "").append(">");
        // A locked choice offers only its value: a select cannot be read-only, and disabled ones are not posted.
        if (!locked) out.append("<option value=\"\">").append(Html.esc(text.get(v.lang(), "form.choose"))).append("</option>");
        for (Object o : choices) {
          JsonObject choice = (JsonObject) o;
          String constant = String.valueOf(choice.getValue("const"));
          if (locked && !constant.equals(shown)) continue;
          out.append("<option value=\"").append(Html.esc(constant)).append('"').append(constant.equals(shown) ? " selected" : "")
              .append('>').append(Html.esc(title(choice, v.lang(), constant))).append("</option>");
        }
        out.append("</select>");
      } else {
        // A locked date is shown as Vietnamese write it: a date input would follow the browser's locale.
        boolean lockedDate = locked && "date".equals(node.getString("format"));
        if (lockedDate) shown = Pages.when(shown);
        out.append("<input type=\"").append(lockedDate ? "text" : inputType(node)).append('"').append(common).append(" value=\"").append(Html.esc(shown)).append('"')
            .append(autocomplete(pointer)).append(locked ? " readonly" : "").append('>');
      }
    }
    out.append("<p class=\"field-error\" id=\"err-").append(id).append("\" aria-live=\"polite\">")
        .append(Html.esc(v.errors().getOrDefault(pointer, ""))).append("</p></div>");
  }

  private void errorSlot(String pointer, String id, View v, StringBuilder out) {
    out.append("<p class=\"field-error\" id=\"err-").append(id).append("\" aria-live=\"polite\">")
        .append(Html.esc(v.errors().getOrDefault(pointer, ""))).append("</p>");
  }

  private String requiredMark(boolean required, View v) {
    return required ? " <span class=\"req\">(" + Html.esc(text.get(v.lang(), "form.required")) + ")</span>" : "";
  }

  private String sourceMark(boolean fromRegister, String id, View v) {
    return fromRegister ? " <span class=\"source\" id=\"src-" + id + "\">" + Html.esc(text.get(v.lang(), "form.fromRegister")) + "</span>" : "";
  }

  private static String inputType(JsonObject node) {
    String format = node.getString("format", "");
    if (format.equals("date")) return "date";
    if (format.equals("email")) return "email";
    if (node.getString("pattern", "").contains("+84")) return "tel";
    if ("integer".equals(node.getString("type"))) return "text\" inputmode=\"numeric";
    return "text";
  }

  private static String autocomplete(String pointer) {
    if (pointer.endsWith("/applicant/phone")) return " autocomplete=\"tel\"";
    if (pointer.endsWith("/applicant/email")) return " autocomplete=\"email\"";
    return "";
  }

  /** The form object from posted inputs: empty inputs are left out, integers parsed, text NFC-normalised. */
  JsonObject read(JsonObject schema, MultiMap params) {
    Object form = read(schema, schema, "", params);
    return form instanceof JsonObject o ? o : new JsonObject();
  }

  private Object read(JsonObject root, JsonObject node, String pointer, MultiMap params) {
    String type = node.getString("type", "");
    if (type.equals("object")) {
      JsonObject out = new JsonObject();
      JsonObject props = node.getJsonObject("properties", new JsonObject());
      for (String name : props.fieldNames()) {
        Object value = read(root, resolve(root, props.getJsonObject(name)), pointer + "/" + name, params);
        if (value != null) out.put(name, value);
      }
      return out.isEmpty() ? null : out;
    }
    if (type.equals("array")) {
      JsonObject items = resolve(root, node.getJsonObject("items", new JsonObject()));
      JsonArray out = new JsonArray();
      int max = Math.min(node.getInteger("maxItems", 50), 50);
      for (int i = 0; i < max && posted(params, pointer + "/" + i); i++) {
        Object value = read(root, items, pointer + "/" + i, params);
        if (value != null) out.add(value);
      }
      return out.isEmpty() ? null : out;
    }
    String raw = params.get(pointer);
    if (raw == null) return null;
    raw = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
    if (raw.isEmpty()) return null;
    if (Boolean.TRUE.equals(node.getValue("const"))) return "true".equals(raw) ? Boolean.TRUE : raw;
    if (type.equals("integer")) {
      // Citizens write 1.000.000 or 1 000 000; anything else goes to the gateway as typed, which then says why.
      String digits = raw.replaceAll("[\\s.,]", "");
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        return raw;
      }
    }
    return raw;
  }

  private static boolean posted(MultiMap params, String prefix) {
    for (String name : params.names()) {
      if (name.equals(prefix) || name.startsWith(prefix + "/")) return true;
    }
    return false;
  }

  /** A {@code $ref} into {@code $defs}, with the referring node's own keywords (its title) on top. */
  static JsonObject resolve(JsonObject root, JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null || !ref.startsWith("#/$defs/")) return node;
    JsonObject target = root.getJsonObject("$defs", new JsonObject()).getJsonObject(ref.substring("#/$defs/".length()));
    if (target == null) return node;
    JsonObject merged = target.copy();
    node.forEach(e -> {
      if (!e.getKey().equals("$ref")) merged.put(e.getKey(), e.getValue());
    });
    return merged;
  }

  private static String title(JsonObject node, Lang lang, String fallback) {
    String vi = node.getString("title");
    String en = node.getString("x-title-en");
    String t = lang == Lang.EN && en != null ? en : vi;
    return t == null ? fallback : t;
  }

  static Object value(JsonObject values, String pointer) {
    try {
      return JsonPointer.from(pointer).queryJson(values);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
