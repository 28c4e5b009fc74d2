package vn.egov.gateway.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.egov.gateway.prefill.Procedure;
import vn.egov.gateway.prefill.ProcedureCatalogue;

/**
 * The compiled schema check must agree with Vert.x's validator: a form it passes skips Vert.x, so
 * one it wrongly passed would be filed without its schema errors. Each shipped form's valid
 * dossier is mutated at every field it has or its schema declares (removed, each of a range of
 * wrong and right values, unknown members, too many items) and both must give the same verdict;
 * synthetic schemas cover the edge cases of each keyword (whole numbers as Integer, Long or
 * Double, surrogate pairs against lengths, unanchored patterns, references to themselves).
 */
class SchemaCheckTest {
  static ProcedureCatalogue catalogue;

  @BeforeAll
  static void load() {
    catalogue = ProcedureCatalogue.load(Path.of("config/procedures"));
  }

  private static final List<Object> VALUES = Arrays.asList(null, "", " ", "x", "A".repeat(101), "A".repeat(201), "A".repeat(5000),
      "😀".repeat(100), "😀".repeat(101), "\uD800", 0, -1, 1, 2, 3, 7, 12, 1_000, 1_001, 1_000_000_000_000L, 1_000_000_000_001L,
      2.5, 3.0, true, false, new JsonObject(), new JsonArray(), new JsonArray().add("x"), "2026-02-30", "2026-13-01", "2026-03-10",
      "10/03/2026", "MALE", "FEMALE", "OTHER", "FATHER", "RELOCATION", "an.nguyen@example.vn", "not an email", "0912345678",
      "+84987654321", "01", "1", "00070", "0007", "001085123456", "2025-2026", "56", "99", "TAX_CLEARANCE_NOTICE", "file-1",
      "01A8012345", "0101234567", "0101234567-001", "HN-123456");

  @ParameterizedTest
  @ValueSource(strings = {"1.001612", "2.000720", "1.005099", "1.005100", "1.010811"})
  void everyShippedFormIsCompiledAndAgreesWithVertxOnEveryMutation(String code) {
    Procedure procedure = catalogue.find(code).orElseThrow();
    FormModel model = new FormModel(procedure);
    assertThat(model.compiled()).as("valid forms of %s skip Vert.x", code).isTrue();
    JsonObject valid = DossierValidatorTest.validForm(code);
    List<JsonObject> forms = mutations(model, valid);
    assertThat(forms).hasSizeGreaterThan(1_000);
    int accepted = 0;
    for (JsonObject raw : forms) {
      JsonObject form = FormText.normalise(raw).form();
      if (agree(() -> Boolean.TRUE.equals(procedure.validator().validate(form).getValid()), () -> model.surelyValid(form),
          !fractional(form), code + ": " + raw.encode())) {
        accepted++;
      }
    }
    // The corpus holds valid forms besides the original (optional fields, other allowed values).
    assertThat(accepted).isGreaterThan(10);
  }

  /** The valid form, and one change at a time at every place of it and of its schema. */
  static List<JsonObject> mutations(FormModel model, JsonObject valid) {
    List<JsonObject> out = new ArrayList<>();
    out.add(valid.copy());
    List<String> places = new ArrayList<>();
    walk(valid, "", places);
    for (String at : places) {
      if (at.isEmpty()) continue;
      out.add(changed(valid, at, null, true));
      for (Object v : VALUES) out.add(changed(valid, at, v, false));
      Object here = Pointers.get(valid, at);
      if (here instanceof JsonObject) out.add(changed(valid, Pointers.child(at, "unknownMember"), 1, false));
      if (here instanceof JsonArray a && !a.isEmpty()) {
        for (int n : new int[] {1, 2, 20, 21}) {
          JsonArray more = a.copy();
          for (int i = 0; i < n; i++) more.add(a.getValue(0) instanceof JsonObject o ? o.copy() : a.getValue(0));
          out.add(changed(valid, at, more, false));
        }
      }
    }
    // Members the schema declares that the valid form leaves out (optional ones, in objects it has).
    for (String at : places) {
      if (!(Pointers.get(valid, at) instanceof JsonObject)) continue;
      JsonObject schema = model.schemaOf(at);
      if (schema == null || !(schema.getValue("properties") instanceof JsonObject props)) continue;
      for (String name : props.fieldNames()) {
        String member = Pointers.child(at, name);
        if (Pointers.get(valid, member) != null) continue;
        for (Object v : VALUES) out.add(changed(valid, member, v, false));
        out.add(changed(valid, member, new JsonObject().put("issueDate", "2021-05-01").put("issuePlace", "Cục Cảnh sát")
            .put("expiryDate", "2046-04-12"), false));
      }
    }
    return out;
  }

  /**
   * The compiled check says yes only where Vert.x does and, on forms without fractional numbers
   * (which it leaves to Vert.x), exactly where Vert.x does. Where Vert.x throws (its e-mail
   * format check fails on an empty text) the check throws alike, so validation behaves as before.
   *
   * @return whether the compiled check passed the form
   */
  private static boolean agree(Supplier<Boolean> vertx, Supplier<Boolean> compiled, boolean exact, String what) {
    Boolean expected;
    try {
      expected = vertx.get();
    } catch (RuntimeException e) {
      assertThatThrownBy(compiled::get).as(what).isInstanceOf(e.getClass());
      return false;
    }
    boolean got = compiled.get();
    if (exact) assertThat(got).as(what).isEqualTo(expected);
    else if (got) assertThat(expected).as(what).isTrue();
    return got;
  }

  /** Whether a value holds a number that is not an Integer or a Long. */
  private static boolean fractional(Object node) {
    if (node instanceof JsonObject o) return o.stream().anyMatch(e -> fractional(e.getValue()));
    if (node instanceof JsonArray a) return a.stream().anyMatch(SchemaCheckTest::fractional);
    return node instanceof Number && !(node instanceof Integer || node instanceof Long);
  }

  private static void walk(Object node, String at, List<String> places) {
    places.add(at);
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) walk(e.getValue(), Pointers.child(at, e.getKey()), places);
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) walk(a.getValue(i), at + "/" + i, places);
    }
  }

  private static JsonObject changed(JsonObject form, String at, Object value, boolean remove) {
    JsonObject copy = form.copy();
    List<String> segments = Pointers.segments(at);
    Object parent = Pointers.get(copy, at.substring(0, at.lastIndexOf('/')));
    String last = segments.get(segments.size() - 1);
    if (parent instanceof JsonObject o) {
      if (remove) o.remove(last);
      else o.put(last, value);
    } else if (parent instanceof JsonArray a) {
      int i = Integer.parseInt(last);
      if (remove) a.remove(i);
      else a.set(i, value);
    }
    return copy;
  }

  // ---- each keyword's edge cases against Vert.x itself ----

  private static void agrees(JsonObject schema, Object... instances) {
    Validator vertx = Validator.create(JsonSchema.of(schema.copy()), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("https://egov-gateway.invalid/test").setOutputFormat(OutputFormat.Basic));
    SchemaCheck check = SchemaCheck.compile(schema).orElseThrow();
    for (Object instance : instances) {
      JsonObject form = new JsonObject().put("v", instance);
      agree(() -> Boolean.TRUE.equals(vertx.validate(form).getValid()), () -> check.accepts(form), !fractional(form),
          form.encode() + " against " + schema.encode());
    }
  }

  private static JsonObject member(JsonObject schema) {
    return new JsonObject().put("type", "object").put("properties", new JsonObject().put("v", schema));
  }

  @Test
  void wholeNumbersAreComparedByValueAndOtherNumbersAreLeftToVertx() {
    Object[] numbers = {0, 1, 6, 7, 7L, 7.0, 7.5, 9, 10, -3, 1_000_000_000_000L, 1_000_000_000_001L, "7", null, true};
    agrees(member(new JsonObject().put("type", "integer").put("enum", new JsonArray().add(6).add(7L).add(8))), numbers);
    agrees(member(new JsonObject().put("const", 7)), numbers);
    agrees(member(new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", 1_000_000_000_000L)), numbers);
    agrees(member(new JsonObject().put("type", "number").put("maximum", 9)), numbers);
    agrees(member(new JsonObject().put("oneOf", new JsonArray().add(new JsonObject().put("const", 7)).add(new JsonObject().put("const", "7")))),
        numbers);
  }

  @Test
  void lengthsCountCodePointsAndPatternsAreFoundAnywhere() {
    Object[] texts = {"", "a", "ab", "abc", "😀", "😀😀", "😀😀😀", "\uD800", "\uD800\uD800", "a\uDC00", "x12y", "123", 12};
    agrees(member(new JsonObject().put("type", "string").put("minLength", 2).put("maxLength", 2)), texts);
    agrees(member(new JsonObject().put("type", "string").put("pattern", "[0-9]{2}")), texts);
    agrees(member(new JsonObject().put("type", "string").put("pattern", "^[0-9]{3}$")), texts);
    agrees(member(new JsonObject().put("type", "string").put("format", "date")), "2026-03-10", "2026-02-30", "2026-3-1", "", 5);
    agrees(member(new JsonObject().put("type", "string").put("format", "email")), "a@b.vn", "a b@c.vn", "@b.vn", "a@", "a@b", "");
    agrees(member(new JsonObject().put("format", "date")), 20260310, "20260310", true);
  }

  @Test
  void typesListsOneOfsAndBooleanSchemas() {
    Object[] values = {null, true, "MALE", "FEMALE", "male", 1, new JsonObject(), new JsonArray()};
    agrees(member(new JsonObject().put("type", new JsonArray().add("string").add("null"))), values);
    agrees(member(new JsonObject().put("type", "boolean")), values);
    agrees(member(new JsonObject().put("type", "null")), values);
    agrees(member(new JsonObject().put("oneOf", new JsonArray().add(new JsonObject().put("const", "MALE").put("title", "Nam"))
        .add(new JsonObject().put("const", "FEMALE").put("x-title-en", "Female")))), values);
    // The same value twice: both alternatives match, which oneOf refuses.
    agrees(member(new JsonObject().put("oneOf", new JsonArray().add(new JsonObject().put("const", "MALE"))
        .add(new JsonObject().put("const", "MALE")))), values);
    agrees(member(new JsonObject().put("enum", new JsonArray().add("MALE").add(true))), values);
    agrees(new JsonObject().put("properties", new JsonObject().put("v", false)), values);
    agrees(new JsonObject().put("properties", new JsonObject().put("v", true)), values);
  }

  @Test
  void objectsArraysAndReferencesToThemselves() {
    JsonObject tree = new JsonObject()
        .put("$defs", new JsonObject().put("node", new JsonObject().put("type", "object").put("additionalProperties", false)
            .put("required", new JsonArray().add("name"))
            .put("properties", new JsonObject().put("name", new JsonObject().put("type", "string").put("maxLength", 3))
                .put("children", new JsonObject().put("type", "array").put("maxItems", 2).put("minItems", 1)
                    .put("items", new JsonObject().put("$ref", "#/$defs/node"))))))
        .put("type", "object")
        .put("properties", new JsonObject().put("v", new JsonObject().put("$ref", "#/$defs/node").put("title", "Cây")));
    JsonObject leaf = new JsonObject().put("name", "a");
    agrees(tree,
        leaf,
        new JsonObject().put("name", "abcd"),
        new JsonObject(),
        new JsonObject().put("name", "a").put("extra", 1),
        new JsonObject().put("name", "a").put("children", new JsonArray()),
        new JsonObject().put("name", "a").put("children", new JsonArray().add(leaf)),
        new JsonObject().put("name", "a").put("children", new JsonArray().add(leaf).add(leaf).add(leaf)),
        new JsonObject().put("name", "a").put("children", new JsonArray().add(new JsonObject().put("name", "a")
            .put("children", new JsonArray().add(new JsonObject().put("name", "toolong"))))),
        new JsonObject().put("name", "a").put("children", new JsonArray().add(5)),
        "a");
    JsonObject additional = member(new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("a", new JsonObject().put("type", "string")))
        .put("additionalProperties", new JsonObject().put("type", "integer")));
    agrees(additional, new JsonObject().put("a", "x"), new JsonObject().put("a", "x").put("b", 1),
        new JsonObject().put("a", "x").put("b", "y"), new JsonObject().put("a", 1), new JsonObject().put("b", 2));
  }

  @Test
  void aSchemaWithAKeywordNotCompiledIsLeftWhollyToVertx() {
    for (JsonObject s : List.of(
        member(new JsonObject().put("not", new JsonObject().put("type", "string"))),
        member(new JsonObject().put("anyOf", new JsonArray().add(new JsonObject().put("type", "string")))),
        member(new JsonObject().put("oneOf", new JsonArray().add(new JsonObject().put("type", "string")))),
        member(new JsonObject().put("type", "number").put("exclusiveMinimum", 0)),
        member(new JsonObject().put("type", "number").put("minimum", 0.5)),
        member(new JsonObject().put("enum", new JsonArray().add(1.5))),
        member(new JsonObject().put("type", "array").put("prefixItems", new JsonArray())),
        member(new JsonObject().put("type", "array").put("uniqueItems", true)),
        member(new JsonObject().put("type", "object").put("patternProperties", new JsonObject())),
        member(new JsonObject().put("$ref", "https://example.org/schema")),
        new JsonObject().put("$id", "https://example.org/form").put("type", "object"),
        new JsonObject().put("type", "object").put("unevaluatedProperties", false))) {
      assertThat(SchemaCheck.compile(s)).as(s.encode()).isEmpty();
    }
  }
}
