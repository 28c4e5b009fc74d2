package vn.egov.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pointers are split and array indices recognised by hand, on every field a verdict or a rule
 * names; both must read pointers exactly as RFC 6901 (and the regular expression and split they
 * replaced) do, or errors would land on other fields.
 */
class PointersTest {
  private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

  /** RFC 6901 read with String.split, as the gateway did before. */
  private static List<String> bySplit(String pointer) {
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

  @Test
  void segmentsAreRfc6901() {
    for (String p : List.of("", "/", "//", "/a", "/a/", "/a//b", "/applicant/fullName", "/members/0/birthdate", "/a~1b", "/a~0b",
        "/~01", "/~10", "/a~", "/a~2", "/~", "a/b", "x", "/ngày sinh/ễ", "/a/b/c/d/e/f/g/h", "/*/x", "/members/*/birthdate")) {
      assertThat(Pointers.segments(p)).as(p).isEqualTo(bySplit(p));
    }
    assertThat(Pointers.segments("/a~1b/c~0d")).containsExactly("a/b", "c~d");
    assertThat(Pointers.segments("/a~2")).isNull();
  }

  @Test
  void indicesHaveNoSignNoLeadingZeroAndFitAnInt() {
    for (String s : List.of("0", "1", "9", "10", "07", "00", "-1", "+1", "", "123456789", "1234567890", "999999999", "1a", "a1",
        "١", "٣٤", "１", " 1", "1 ")) {
      assertThat(Pointers.isIndex(s)).as(s).isEqualTo(INDEX.matcher(s).matches());
    }
  }
}
