package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.prefill.PrefillRule;
import vn.egov.gateway.prefill.Procedure;

/**
 * What the validator reads from a procedure's form schema, taken once per procedure: schema
 * nodes by keyword location, field labels for messages, the locked prefill fields.
 */
final class FormModel {
  final Procedure procedure;
  private final JsonObject schema;
  final List<String> locked;
  /** The schema compiled for valid forms, or null when it uses keywords left to Vert.x alone. */
  private final SchemaCheck check;
  /**
   * The label of every field the schema declares outside arrays, worked out once: each verdict
   * names fields (every locked one when there is no prefill), and walking the schema for each
   * was a good part of a valid form's cost.
   */
  private final Map<String, Label> declared;

  /** Declared fields labelled in advance at most; a schema that refers to itself stops there. */
  private static final int MAX_DECLARED = 2_000;

  FormModel(Procedure procedure) {
    this.procedure = procedure;
    this.schema = procedure.form();
    this.locked = procedure.prefill().stream().filter(PrefillRule::locked).map(PrefillRule::field).toList();
    this.check = SchemaCheck.compile(schema).orElse(null);
    Map<String, Label> labels = new HashMap<>();
    declare(schema, "", labels);
    this.declared = Map.copyOf(labels);
  }

  private void declare(JsonObject node, String pointer, Map<String, Label> out) {
    if (node == null || !(node.getValue("properties") instanceof JsonObject props)) return;
    for (String name : props.fieldNames()) {
      if (out.size() >= MAX_DECLARED || !(props.getValue(name) instanceof JsonObject p)) continue;
      String at = Pointers.child(pointer, name);
      out.put(at, labelOf(at));
      declare(deref(p), at, out);
    }
  }

  /** Whether the form is surely valid against the schema, without asking Vert.x (see {@link SchemaCheck}). */
  boolean surelyValid(JsonObject form) {
    return check != null && check.accepts(form);
  }

  /** Whether valid forms skip Vert.x's validator: for the tests. */
  boolean compiled() {
    return check != null;
  }

  /** The schema node a keyword location ({@code #/$defs/address/properties}) names, or null. */
  Object schemaAt(String pointer) {
    return Pointers.get(schema, pointer);
  }

  /** How a form field is named to people: its {@code title} (vi) and {@code x-title-en}. */
  record Label(String vi, String en) {
  }

  /**
   * The label of the field a form pointer names: the title of its schema (the property's own
   * title wins over that of a {@code $ref} target), with the item number when it is inside an
   * array ("Ngày sinh (mục 2)"). A field the schema does not declare is named by its pointer.
   */
  Label label(String pointer) {
    Label known = declared.get(pointer);
    return known != null ? known : labelOf(pointer);
  }

  private Label labelOf(String pointer) {
    List<String> segments = Pointers.segments(pointer);
    if (segments == null || segments.isEmpty()) return new Label("biểu mẫu", "the form");
    JsonObject node = schema;
    String vi = null;
    String en = null;
    Integer item = null;
    for (String s : segments) {
      JsonObject next = null;
      if (node != null && node.getValue("properties") instanceof JsonObject props && props.getValue(s) instanceof JsonObject p) {
        next = p;
      } else if (node != null && Pointers.isIndex(s) && node.getValue("items") instanceof JsonObject items) {
        next = items;
        item = Integer.parseInt(s) + 1;
      }
      if (next == null) return new Label(shown(pointer), shown(pointer));
      vi = next.getValue("title") instanceof String t ? t : null;
      en = next.getValue("x-title-en") instanceof String t ? t : null;
      node = deref(next);
      if (vi == null && node != null && node.getValue("title") instanceof String t) vi = t;
      if (en == null && node != null && node.getValue("x-title-en") instanceof String t) en = t;
    }
    if (vi == null) return new Label(shown(pointer), shown(pointer));
    String suffixVi = item == null ? "" : " (mục " + item + ")";
    String suffixEn = item == null ? "" : " (item " + item + ")";
    return new Label("«" + vi + "»" + suffixVi, "'" + (en == null ? vi : en) + "'" + suffixEn);
  }

  /** The schema a form pointer lands on (properties, array items, local $refs followed), or null. */
  JsonObject schemaOf(String pointer) {
    List<String> segments = Pointers.segments(pointer);
    if (segments == null) return null;
    JsonObject node = deref(schema);
    for (String s : segments) {
      if (node == null) return null;
      if (node.getValue("properties") instanceof JsonObject props && props.getValue(s) instanceof JsonObject p) {
        node = deref(p);
      } else if (Pointers.isIndex(s) && node.getValue("items") instanceof JsonObject items) {
        node = deref(items);
      } else {
        return null;
      }
    }
    return node;
  }

  /** A pointer as shown in a message: member names are the sender's, and may be long. */
  static String shown(String pointer) {
    return pointer.length() <= 120 ? pointer : pointer.substring(0, 120) + "…";
  }

  private JsonObject deref(JsonObject node) {
    for (int hops = 0; hops < 16 && node != null && node.getValue("$ref") instanceof String ref; hops++) {
      node = ref.startsWith("#") && Pointers.get(schema, ref.substring(1)) instanceof JsonObject o ? o : null;
    }
    return node;
  }

  /** Whether every alternative of a {@code oneOf}/{@code anyOf} is a {@code const}: a list of allowed values. */
  static boolean constAlternatives(Object alternatives) {
    if (!(alternatives instanceof JsonArray a) || a.isEmpty()) return false;
    for (Object o : a) {
      if (!(o instanceof JsonObject alt) || !alt.containsKey("const")) return false;
    }
    return true;
  }
}
