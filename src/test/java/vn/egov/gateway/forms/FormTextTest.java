package vn.egov.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NFC copy reads values as stored and writes pointers only for findings: the copy must still
 * hold what JsonObject.getValue gives (a nested Map as an object, an Instant as its ISO text...),
 * and the findings must name the right place, member names escaped as RFC 6901 says.
 */
class FormTextTest {
  enum Kind { MALE }

  @Test
  void theCopyHoldsWhatVertxWouldGiveForEveryKindOfValue() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("name", Normalizer.normalize("Nguyễn", Normalizer.Form.NFD));
    List<Object> list = new ArrayList<>(List.of(1, "b"));
    JsonObject form = new JsonObject()
        .put("map", nested)
        .put("list", list)
        .put("decoded", new JsonObject("{\"a\":{\"b\":[1,{\"c\":\"ễ\"}]},\"d\":1.5,\"l\":12345678901,\"t\":true,\"n\":null}"))
        .put("instant", Instant.parse("2026-03-10T03:00:00Z"))
        .put("bytes", new byte[] {1, 2, 3})
        .put("kind", Kind.MALE)
        .put("builder", new StringBuilder("Ph" + Normalizer.normalize("ở", Normalizer.Form.NFD)));
    JsonObject copy = FormText.normalise(form).form();
    assertThat(copy.getJsonObject("map").getString("name")).isEqualTo("Nguyễn");
    assertThat(copy.getJsonArray("list")).isEqualTo(new JsonArray().add(1).add("b"));
    assertThat(copy.getJsonObject("decoded").encode()).isEqualTo("{\"a\":{\"b\":[1,{\"c\":\"ễ\"}]},\"d\":1.5,\"l\":12345678901,\"t\":true,\"n\":null}");
    assertThat(copy.getValue("instant")).isEqualTo("2026-03-10T03:00:00Z");
    assertThat(copy.getValue("bytes")).isEqualTo("AQID");
    assertThat(copy.getValue("kind")).isEqualTo("MALE");
    assertThat(copy.getValue("builder")).isEqualTo("Phở");
    // A copy: the caller's form is left as it was.
    assertThat(form.getJsonObject("map").getString("name")).isNotEqualTo("Nguyễn");
  }

  @Test
  void findingsNameTheirPlaceWithEscapedMemberNames() {
    JsonObject form = new JsonObject()
        .put("a/b", new JsonObject().put("c~d", "x\u0000"))
        .put("items", new JsonArray().add("ok").add(new JsonObject().put("bad", "\uD800")).add(new JsonArray().add(1).add("\u0007")))
        .put("good", "Hà Nội");
    FormText.Result r = FormText.normalise(form);
    assertThat(r.badText()).containsExactly("/a~1b/c~0d", "/items/1/bad", "/items/2/1");
    assertThat(r.arrays()).extracting(FormText.ArrayAt::pointer).containsExactly("/items", "/items/2");
    assertThat(r.overflow()).isNull();

    JsonObject deep = new JsonObject();
    JsonObject at = deep;
    for (int i = 0; i < 40; i++) {
      JsonObject next = new JsonObject();
      at.put(i % 2 == 0 ? "x/y" : "z", next);
      at = next;
    }
    FormText.Overflow o = FormText.normalise(deep).overflow();
    assertThat(o.code()).isEqualTo("too-deep");
    assertThat(o.pointer()).isEqualTo("/x~1y/z".repeat(FormText.MAX_DEPTH / 2).substring(0, o.pointer().length()));
    assertThat(Pointers.segments(o.pointer())).hasSize(FormText.MAX_DEPTH);
  }
}
