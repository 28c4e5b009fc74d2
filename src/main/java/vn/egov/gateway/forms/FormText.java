package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first pass over a submitted form: a copy with every text NFC-normalised (DESIGN.md section
 * 7: Vietnamese has two encodings of "ễ"; only NFC compares equal to the register's values), and
 * the structural limits a form must keep before anything else looks at it.
 *
 * <p>The limits are far above any real form (the largest shipped one holds at most about 250
 * values and is four levels deep) and keep a hostile body from costing more than a few milliseconds: deeper
 * nesting, longer arrays or more values stop validation at the first place they are exceeded.
 * The recursion is bounded by {@link #MAX_DEPTH}, so any input is safe for the stack.
 */
final class FormText {
  static final int MAX_DEPTH = 32;
  static final int MAX_ARRAY_ITEMS = 1_000;
  static final int MAX_VALUES = 1_000;

  /** Why a form was refused before validation: where, and which limit. */
  record Overflow(String pointer, String code, int limit) {
  }

  /** An array of the form, for the cheap {@code maxItems} check before the schema runs. */
  record ArrayAt(String pointer, int size) {
  }

  /**
   * The normalised copy; {@code overflow} is set at the first limit exceeded (and the copy stops
   * there), {@code badText} lists texts with unpaired surrogates or control characters,
   * {@code arrays} every array with more than one item.
   */
  record Result(JsonObject form, Overflow overflow, List<String> badText, List<ArrayAt> arrays) {
  }

  private int values;
  private Overflow overflow;
  private final List<String> badText = new ArrayList<>();
  private final List<ArrayAt> arrays = new ArrayList<>();

  private FormText() {
  }

  static Result normalise(JsonObject form) {
    FormText walk = new FormText();
    JsonObject copy = walk.object(form, null, 1);
    return new Result(copy, walk.overflow, List.copyOf(walk.badText), List.copyOf(walk.arrays));
  }

  /**
   * Where a value is: its pointer is written out only when a finding names it, not for each of
   * the form's values. Null is the form itself.
   */
  private record Where(Where parent, String member, int item) {
    static String pointer(Where w) {
      return w == null ? "" : w.member != null ? Pointers.child(pointer(w.parent), w.member) : pointer(w.parent) + "/" + w.item;
    }
  }

  // Values are read as stored and only those of other kinds through JsonObject.getValue and
  // JsonArray.getValue, which wrap them (a Map as a JsonObject, an Instant as a text...): their
  // wrapping is a chain of interface type checks, paid for every value otherwise.

  private JsonObject object(JsonObject in, Where where, int depth) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : in.getMap().entrySet()) {
      if (overflow != null) break;
      Object v = e.getValue();
      if (!stored(v)) v = in.getValue(e.getKey());
      out.put(e.getKey(), value(v, new Where(where, e.getKey(), 0), depth));
    }
    return out;
  }

  private JsonArray array(JsonArray in, Where where, int depth) {
    if (in.size() > MAX_ARRAY_ITEMS) {
      overflow = new Overflow(Where.pointer(where), "max-items", MAX_ARRAY_ITEMS);
      return new JsonArray();
    }
    if (in.size() > 1) arrays.add(new ArrayAt(Where.pointer(where), in.size()));
    JsonArray out = new JsonArray(new ArrayList<>(in.size()));
    List<Object> items = in.getList();
    for (int i = 0; i < in.size() && overflow == null; i++) {
      Object v = items.get(i);
      if (!stored(v)) v = in.getValue(i);
      out.add(value(v, new Where(where, null, i), depth));
    }
    return out;
  }

  /**
   * Values JsonObject.getValue and JsonArray.getValue return as stored; a Map or a List is made an
   * object or array in {@link #value} as they would make it.
   */
  private static boolean stored(Object v) {
    return v == null || v instanceof String || v instanceof JsonObject || v instanceof JsonArray || v instanceof Integer
        || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof LinkedHashMap || v instanceof ArrayList;
  }

  private Object value(Object v, Where where, int depth) {
    if (++values > MAX_VALUES) {
      if (overflow == null) overflow = new Overflow("", "too-large", MAX_VALUES);
      return null;
    }
    if (v instanceof String s) return text(s, where);
    if (v instanceof JsonObject || v instanceof JsonArray || v instanceof Map<?, ?> || v instanceof List<?>) {
      if (depth >= MAX_DEPTH) {
        overflow = new Overflow(Where.pointer(where), "too-deep", MAX_DEPTH);
        return null;
      }
      if (v instanceof Map<?, ?> m) v = new JsonObject(castMap(m));
      if (v instanceof List<?> l) v = new JsonArray(new ArrayList<>(l));
      return v instanceof JsonObject o ? object(o, where, depth + 1) : array((JsonArray) v, where, depth + 1);
    }
    if (v instanceof CharSequence cs) return text(cs.toString(), where);
    return v;
  }

  private String text(String s, Where where) {
    if (!wellFormed(s)) badText.add(Where.pointer(where));
    return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  /** No unpaired surrogates (not Unicode text at all) and no control characters but tab, LF and CR. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      if (Character.isLowSurrogate(c)) return false;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c < 0xa0)) return false;
    }
    return true;
  }
}
