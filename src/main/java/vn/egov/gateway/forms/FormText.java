package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.ArrayList;
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
    JsonObject copy = walk.object(form, "", 1);
    return new Result(copy, walk.overflow, List.copyOf(walk.badText), List.copyOf(walk.arrays));
  }

  private JsonObject object(JsonObject in, String path, int depth) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : in) {
      if (overflow != null) break;
      out.put(e.getKey(), value(e.getValue(), Pointers.child(path, e.getKey()), depth));
    }
    return out;
  }

  private JsonArray array(JsonArray in, String path, int depth) {
    if (in.size() > MAX_ARRAY_ITEMS) {
      overflow = new Overflow(path, "max-items", MAX_ARRAY_ITEMS);
      return new JsonArray();
    }
    if (in.size() > 1) arrays.add(new ArrayAt(path, in.size()));
    JsonArray out = new JsonArray(new ArrayList<>(in.size()));
    for (int i = 0; i < in.size() && overflow == null; i++) out.add(value(in.getValue(i), path + "/" + i, depth));
    return out;
  }

  private Object value(Object v, String path, int depth) {
    if (++values > MAX_VALUES) {
      if (overflow == null) overflow = new Overflow("", "too-large", MAX_VALUES);
      return null;
    }
    if (v instanceof JsonObject || v instanceof JsonArray || v instanceof Map<?, ?> || v instanceof List<?>) {
      if (depth >= MAX_DEPTH) {
        overflow = new Overflow(path, "too-deep", MAX_DEPTH);
        return null;
      }
      if (v instanceof Map<?, ?> m) v = new JsonObject(castMap(m));
      if (v instanceof List<?> l) v = new JsonArray(new ArrayList<>(l));
      return v instanceof JsonObject o ? object(o, path, depth + 1) : array((JsonArray) v, path, depth + 1);
    }
    if (v instanceof CharSequence cs) {
      String s = cs.toString();
      if (!wellFormed(s)) badText.add(path);
      return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }
    return v;
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
