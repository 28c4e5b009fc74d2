package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.impl.Format;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A form schema compiled once into plain checks that answer one question: would vertx-json-schema
 * find this form valid? It says yes only when it would; on no, the validator runs Vert.x as before
 * and maps its output to errors, so every error stays what it was.
 *
 * <p>Why: Vert.x 5.0.7 validates with one recursive method of about 9,300 bytes of bytecode, over
 * HotSpot's 8,000-byte limit for compiling a method, so it stays interpreted for the life of the
 * process: about 200 µs of CPU per shipped form, most of the validation. The checks here cost a
 * few microseconds. A valid form is the common case on the submission path.
 *
 * <p>Only the keywords the shipped forms use are compiled, each with Vert.x's own semantics as of
 * 5.0.7 (SchemaValidatorImpl, Utils): {@code type} (an integer is an Integer or a Long; other
 * numbers are left to Vert.x), {@code const} and {@code enum} of texts, booleans and whole numbers, {@code oneOf}
 * whose alternatives are such {@code const}s, {@code required}, {@code properties},
 * {@code additionalProperties}, {@code items}, {@code minItems}/{@code maxItems},
 * {@code minimum}/{@code maximum} of whole numbers, {@code minLength}/{@code maxLength} in code
 * points, {@code pattern} (found anywhere, as Vert.x does), {@code format} (Vert.x's own check is
 * called), local {@code $ref}s, boolean schemas. Annotations ({@code title}, {@code x-*}...) are
 * ignored as Vert.x ignores them. A schema with any other keyword, anywhere, gets no compiled
 * check at all and every form goes to Vert.x.
 */
final class SchemaCheck {
  /** Keywords that never make an instance invalid in Vert.x's validator. */
  private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment", "examples", "default",
      "deprecated", "readOnly", "writeOnly", "$schema", "$defs");
  /** Keywords compiled here; any other that Vert.x reads leaves the whole schema to Vert.x. */
  private static final Set<String> COMPILED = Set.of("$ref", "type", "const", "enum", "oneOf", "required", "properties",
      "additionalProperties", "items", "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern",
      "format");
  private static final Set<String> TYPES = Set.of("string", "integer", "number", "object", "array", "boolean", "null");

  /** One compiled schema: whether a JSON value (Vert.x JSON types) is valid against it. */
  private interface Node {
    boolean accepts(Object value);
  }

  private static final Node ANYTHING = v -> true;
  private static final Node NOTHING = v -> false;

  private final Node root;

  private SchemaCheck(Node root) {
    this.root = root;
  }

  /** The compiled check of a form schema, or empty when it uses a keyword not compiled here. */
  static Optional<SchemaCheck> compile(JsonObject schema) {
    try {
      return Optional.of(new SchemaCheck(new Compiler(schema).node(schema)));
    } catch (Unsupported e) {
      return Optional.empty();
    }
  }

  /** True only if Vert.x's validator of the same schema would find the form valid. */
  boolean accepts(JsonObject form) {
    return root.accepts(form);
  }

  private static final class Unsupported extends Exception {
    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final class Compiler {
    private final JsonObject document;
    /** Compiled $ref targets by reference, so a schema that refers to itself compiles once. */
    private final Map<String, Ref> refs = new HashMap<>();

    Compiler(JsonObject document) {
      this.document = document;
    }

    Node node(Object schema) throws Unsupported {
      if (Boolean.TRUE.equals(schema)) return ANYTHING;
      if (Boolean.FALSE.equals(schema)) return NOTHING;
      if (!(schema instanceof JsonObject s)) throw new Unsupported();
      for (String keyword : s.fieldNames()) {
        if (!ANNOTATIONS.contains(keyword) && !keyword.startsWith("x-") && !COMPILED.contains(keyword)) throw new Unsupported();
      }
      List<Node> checks = new ArrayList<>();
      if (s.containsKey("$ref")) checks.add(ref(s.getValue("$ref")));
      if (s.containsKey("type")) checks.add(type(s.getValue("type")));
      if (s.containsKey("const")) {
        Object c = scalar(s.getValue("const"));
        checks.add(v -> isScalar(v) && c.equals(canonical(v)));
      }
      if (s.containsKey("enum")) checks.add(oneOfValues(s.getValue("enum")));
      if (s.containsKey("oneOf")) checks.add(oneOfConsts(s.getValue("oneOf")));
      Node object = object(s);
      if (object != null) checks.add(v -> !(v instanceof JsonObject) || object.accepts(v));
      Node array = array(s);
      if (array != null) checks.add(v -> !(v instanceof JsonArray) || array.accepts(v));
      Node number = number(s);
      if (number != null) checks.add(v -> !(v instanceof Number) || number.accepts(v));
      Node string = string(s);
      if (string != null) checks.add(v -> !(v instanceof String) || string.accepts(v));
      Node[] all = checks.toArray(Node[]::new);
      return v -> {
        if (!known(v)) return false;
        for (Node c : all) if (!c.accepts(v)) return false;
        return true;
      };
    }

    /** A local reference, "#" or "#/a/b" (RFC 6901 escapes, no percent-encoding), compiled once. */
    private Node ref(Object value) throws Unsupported {
      if (!(value instanceof String ref) || !ref.startsWith("#") || ref.indexOf('%') >= 0) throw new Unsupported();
      Ref compiled = refs.get(ref);
      if (compiled == null) {
        compiled = new Ref();
        refs.put(ref, compiled);
        Object target = ref.equals("#") ? document : Pointers.get(document, ref.substring(1));
        if (target == null) throw new Unsupported();
        compiled.target = node(target);
      }
      return compiled;
    }

    private static Node type(Object value) throws Unsupported {
      if (value instanceof String t) return type(t);
      if (value instanceof JsonArray list && !list.isEmpty()) {
        List<Node> any = new ArrayList<>();
        for (Object t : list) {
          if (!(t instanceof String name)) throw new Unsupported();
          any.add(type(name));
        }
        Node[] alternatives = any.toArray(Node[]::new);
        return v -> {
          for (Node a : alternatives) if (a.accepts(v)) return true;
          return false;
        };
      }
      throw new Unsupported();
    }

    private static Node type(String name) throws Unsupported {
      if (!TYPES.contains(name)) throw new Unsupported();
      return switch (name) {
        case "string" -> v -> v instanceof String;
        case "integer" -> SchemaCheck::isWhole;
        // Other numbers are valid to Vert.x too, but left to it: the bounds below know only whole ones.
        case "number" -> SchemaCheck::isWhole;
        case "object" -> v -> v instanceof JsonObject;
        case "array" -> v -> v instanceof JsonArray;
        case "boolean" -> v -> v instanceof Boolean;
        default -> v -> v == null;
      };
    }

    /** {@code enum}: Vert.x compares with equals, numbers by value; texts, booleans and whole numbers are compiled. */
    private static Node oneOfValues(Object value) throws Unsupported {
      if (!(value instanceof JsonArray list) || list.isEmpty()) throw new Unsupported();
      Set<Object> allowed = new HashSet<>();
      for (Object o : list) allowed.add(scalar(o));
      return v -> isScalar(v) && allowed.contains(canonical(v));
    }

    /**
     * {@code oneOf} as the forms write lists of allowed values: each alternative a {@code const}
     * (with its labels). Exactly one alternative matches when the value equals one of them.
     */
    private static Node oneOfConsts(Object value) throws Unsupported {
      if (!(value instanceof JsonArray list) || list.isEmpty()) throw new Unsupported();
      List<Object> consts = new ArrayList<>();
      for (Object alternative : list) {
        if (!(alternative instanceof JsonObject alt) || !alt.containsKey("const")) throw new Unsupported();
        for (String keyword : alt.fieldNames()) {
          if (!keyword.equals("const") && !ANNOTATIONS.contains(keyword) && !keyword.startsWith("x-")) throw new Unsupported();
        }
        consts.add(scalar(alt.getValue("const")));
      }
      Object[] values = consts.toArray();
      return v -> {
        if (!isScalar(v)) return false;
        Object given = canonical(v);
        int matches = 0;
        for (Object c : values) if (c.equals(given)) matches++;
        return matches == 1;
      };
    }

    private Node object(JsonObject s) throws Unsupported {
      if (!s.containsKey("required") && !s.containsKey("properties") && !s.containsKey("additionalProperties")) return null;
      String[] required = {};
      if (s.containsKey("required")) {
        if (!(s.getValue("required") instanceof JsonArray list)) throw new Unsupported();
        List<String> names = new ArrayList<>();
        for (Object n : list) {
          if (!(n instanceof String name)) throw new Unsupported();
          names.add(name);
        }
        required = names.toArray(String[]::new);
      }
      String[] names = {};
      Node[] schemas = {};
      if (s.containsKey("properties")) {
        if (!(s.getValue("properties") instanceof JsonObject props)) throw new Unsupported();
        names = props.fieldNames().toArray(String[]::new);
        schemas = new Node[names.length];
        for (int i = 0; i < names.length; i++) schemas[i] = node(props.getValue(names[i]));
      }
      Set<String> declared = Set.of(names);
      Node additional = s.containsKey("additionalProperties") ? node(s.getValue("additionalProperties")) : ANYTHING;
      String[] req = required;
      String[] props = names;
      Node[] subs = schemas;
      // The members as stored, not through JsonObject.getValue: its wrapping is a chain of
      // interface type checks per value. A stored Map or List (never in a FormText copy) is not
      // a known value, so the form goes to Vert.x.
      return v -> {
        Map<String, Object> o = ((JsonObject) v).getMap();
        for (String r : req) if (!o.containsKey(r)) return false;
        int present = 0;
        for (int i = 0; i < props.length; i++) {
          Object member = o.get(props[i]);
          if (member == null && !o.containsKey(props[i])) continue;
          present++;
          if (!subs[i].accepts(member)) return false;
        }
        // Vert.x applies additionalProperties to every member but the declared ones that passed
        // (all of them, here): with false, there must be no other member.
        if (additional == NOTHING) return present == o.size();
        if (additional != ANYTHING) {
          for (Map.Entry<String, Object> e : o.entrySet()) {
            if (!declared.contains(e.getKey()) && !additional.accepts(e.getValue())) return false;
          }
        }
        return true;
      };
    }

    private Node array(JsonObject s) throws Unsupported {
      if (!s.containsKey("items") && !s.containsKey("minItems") && !s.containsKey("maxItems")) return null;
      // Vert.x reads both as Integer: anything else is its business.
      int min = s.containsKey("minItems") ? integer(s.getValue("minItems")) : 0;
      int max = s.containsKey("maxItems") ? integer(s.getValue("maxItems")) : Integer.MAX_VALUE;
      Node items = s.containsKey("items") ? node(s.getValue("items")) : ANYTHING;
      return v -> {
        List<Object> a = ((JsonArray) v).getList();
        if (a.size() < min || a.size() > max) return false;
        if (items != ANYTHING) {
          for (Object item : a) if (!items.accepts(item)) return false;
        }
        return true;
      };
    }

    private static Node number(JsonObject s) throws Unsupported {
      if (!s.containsKey("minimum") && !s.containsKey("maximum")) return null;
      long min = s.containsKey("minimum") ? whole(s.getValue("minimum")) : Long.MIN_VALUE;
      long max = s.containsKey("maximum") ? whole(s.getValue("maximum")) : Long.MAX_VALUE;
      return v -> isWhole(v) && ((Number) v).longValue() >= min && ((Number) v).longValue() <= max;
    }

    private static Node string(JsonObject s) throws Unsupported {
      if (!s.containsKey("minLength") && !s.containsKey("maxLength") && !s.containsKey("pattern") && !s.containsKey("format")) {
        return null;
      }
      long min = s.containsKey("minLength") ? whole(s.getValue("minLength")) : 0;
      long max = s.containsKey("maxLength") ? whole(s.getValue("maxLength")) : Long.MAX_VALUE;
      boolean lengths = s.containsKey("minLength") || s.containsKey("maxLength");
      Pattern pattern = null;
      if (s.containsKey("pattern")) {
        if (!(s.getValue("pattern") instanceof String regex)) throw new Unsupported();
        try {
          pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          throw new Unsupported();
        }
      }
      String format = null;
      if (s.containsKey("format")) {
        if (!(s.getValue("format") instanceof String f)) throw new Unsupported();
        format = f;
      }
      Pattern regex = pattern;
      String fmt = format;
      return v -> {
        String text = (String) v;
        if (lengths) {
          // Vert.x counts code points (a surrogate pair is one; a lone surrogate is one too).
          int length = text.codePointCount(0, text.length());
          if (length < min || length > max) return false;
        }
        if (regex != null && !regex.matcher(text).find()) return false;
        return fmt == null || Format.fastFormat(fmt, text);
      };
    }

    private static int integer(Object value) throws Unsupported {
      if (value instanceof Integer i) return i;
      throw new Unsupported();
    }

    private static long whole(Object value) throws Unsupported {
      if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
      throw new Unsupported();
    }

    /** A {@code const} or {@code enum} value, in the form {@link #canonical} compares. */
    private static Object scalar(Object value) throws Unsupported {
      if (value instanceof String || value instanceof Boolean || isWhole(value)) return canonical(value);
      throw new Unsupported();
    }
  }

  /** A $ref, bound to its target once that is compiled (a target may refer back to it). */
  private static final class Ref implements Node {
    Node target;

    @Override
    public boolean accepts(Object value) {
      return target.accepts(value);
    }
  }

  /** The values both validators read the same way; anything else is left to Vert.x. */
  private static boolean known(Object v) {
    return v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof JsonObject || v instanceof JsonArray;
  }

  private static boolean isWhole(Object v) {
    return v instanceof Integer || v instanceof Long;
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Boolean || isWhole(v);
  }

  /**
   * A scalar as Vert.x compares it: texts and booleans with equals; two whole numbers by value
   * (Utils.Numbers.equals: 7 and 7L are equal), so both become Long.
   */
  private static Object canonical(Object v) {
    return v instanceof Integer i ? Long.valueOf(i) : v;
  }
}
