package vn.egov.gateway.forms;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** JSON pointers (RFC 6901) into forms, with {@code *} for "every item" as domain rules write them. */
final class Pointers {
  /** An array index as a pointer segment: no sign, no leading zero (RFC 6901 section 4). */
  static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

  private Pointers() {
  }

  /** The unescaped segments of a pointer; {@code ""} is the whole document. Null if malformed. */
  static List<String> segments(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) return out;
    if (!pointer.startsWith("/")) return null;
    for (String raw : pointer.substring(1).split("/", -1)) {
      for (int i = raw.indexOf('~'); i >= 0; i = raw.indexOf('~', i + 1)) {
        if (i + 1 >= raw.length() || (raw.charAt(i + 1) != '0' && raw.charAt(i + 1) != '1')) return null;
      }
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return out;
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
    if (node instanceof JsonArray a && INDEX.matcher(segment).matches()) {
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
