package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** JSON pointers (RFC 6901) into forms, with {@code *} for "every item" as domain rules write them. */
final class Pointers {
  private Pointers() {
  }

  /**
   * Whether a pointer segment is an array index: no sign, no leading zero (RFC 6901 section 4),
   * at most 9 digits so that it is an int.
   */
  static boolean isIndex(String segment) {
    int n = segment.length();
    if (n == 0 || n > 9) return false;
    char first = segment.charAt(0);
    if (first == '0') return n == 1;
    if (first < '1' || first > '9') return false;
    for (int i = 1; i < n; i++) {
      char c = segment.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  /**
   * The unescaped segments of a pointer; {@code ""} is the whole document. Null if malformed.
   * Called for every field a verdict or a rule names, so it splits by hand.
   */
  static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) return out;
    if (pointer.charAt(0) != '/') return null;
    int start = 1;
    while (true) {
      int end = pointer.indexOf('/', start);
      String raw = pointer.substring(start, end < 0 ? pointer.length() : end);
      if (raw.indexOf('~') >= 0) {
        for (int i = raw.indexOf('~'); i >= 0; i = raw.indexOf('~', i + 1)) {
          if (i + 1 >= raw.length() || (raw.charAt(i + 1) != '0' && raw.charAt(i + 1) != '1')) return null;
        }
        raw = raw.replace("~1", "/").replace("~0", "~");
      }
      out.add(raw);
      if (end < 0) return out;
      start = end + 1;
    }
  }

  static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  static String child(String parent, String segment) {
    return parent + "/" + escape(segment);
  }

  /** The value a pointer names, or null when it names nothing. */
  static Object get(Object document, String pointer) {
    List<String> segments = segments(pointer);
    if (segments == null) return null;
    Object node = document;
    for (String s : segments) {
      node = step(node, s);
      if (node == null) return null;
    }
    return node;
  }

  /** Every (concrete pointer, value) a pointer with {@code *} segments names, in document order. */
  static void expand(Object document, String pointer, BiConsumer<String, Object> each) {
    List<String> segments = segments(pointer);
    if (segments != null) expand(document, segments, 0, "", each);
  }

  private static void expand(Object node, List<String> segments, int at, String path, BiConsumer<String, Object> each) {
    if (node == null) return;
    if (at == segments.size()) {
      each.accept(path, node);
      return;
    }
    String s = segments.get(at);
    if (s.equals("*")) {
      if (node instanceof JsonArray a) {
        for (int i = 0; i < a.size(); i++) expand(a.getValue(i), segments, at + 1, path + "/" + i, each);
      }
      return;
    }
    expand(step(node, s), segments, at + 1, child(path, s), each);
  }

  private static Object step(Object node, String segment) {
    if (node instanceof JsonObject o) return o.getValue(segment);
    if (node instanceof JsonArray a && isIndex(segment)) {
      int i = Integer.parseInt(segment);
      return i < a.size() ? a.getValue(i) : null;
    }
    return null;
  }

  /**
   * A pointer from a URI fragment as vertx-json-schema writes instance and keyword locations
   * ({@code #/a~1b/%C3%BC}): the fragment's percent-encoding undone (RFC 6901 section 6).
   */
  static String fromFragment(String location) {
    if (location == null) return "";
    int hash = location.indexOf('#');
    String fragment = hash >= 0 ? location.substring(hash + 1) : location;
    if (fragment.indexOf('%') < 0) return fragment;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(fragment.length());
    int i = 0;
    while (i < fragment.length()) {
      char c = fragment.charAt(i);
      if (c == '%' && i + 2 < fragment.length()
          && Character.digit(fragment.charAt(i + 1), 16) >= 0 && Character.digit(fragment.charAt(i + 2), 16) >= 0) {
        bytes.write(Character.digit(fragment.charAt(i + 1), 16) * 16 + Character.digit(fragment.charAt(i + 2), 16));
        i += 3;
      } else {
        int cp = fragment.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
