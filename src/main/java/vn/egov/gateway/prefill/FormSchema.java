package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks and navigates a procedure's form schema (JSON Schema 2020-12). Used at start-up only.
 *
 * <p>Vert.x compiles a schema lazily and accepts almost anything, so "compiles" here means: valid
 * against the 2020-12 meta-schema (bundled in vertx-json-schema), every {@code pattern} a valid
 * regular expression, every local {@code $ref} resolvable, and the compiled validator runs.
 */
final class FormSchema {
  static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  private static final String META_DIR = "json-schema.org/draft/2020-12/";
  private static final List<String> META_FILES = List.of("schema", "meta/core", "meta/applicator", "meta/unevaluated",
      "meta/validation", "meta/meta-data", "meta/format-annotation", "meta/content");

  /** Keywords whose value is a schema, a list of schemas or a map of schemas (2020-12 applicator vocabulary). */
  private static final List<String> SCHEMA_KEYWORDS = List.of("items", "contains", "additionalProperties", "propertyNames",
      "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentSchema");
  private static final List<String> SCHEMA_LIST_KEYWORDS = List.of("prefixItems", "allOf", "anyOf", "oneOf");
  private static final List<String> SCHEMA_MAP_KEYWORDS = List.of("properties", "patternProperties", "$defs", "dependentSchemas");

  private final Validator metaValidator;

  private FormSchema(Validator metaValidator) {
    this.metaValidator = metaValidator;
  }

  /** Loads the bundled 2020-12 meta-schemas from the classpath. */
  static FormSchema create() {
    SchemaRepository repository = SchemaRepository.create(new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012).setBaseUri("https://egov-gateway.invalid/").setOutputFormat(OutputFormat.Basic));
    for (String file : META_FILES) {
      try (InputStream in = FormSchema.class.getClassLoader().getResourceAsStream(META_DIR + file)) {
        if (in == null) throw new IllegalStateException("vertx-json-schema lacks the meta-schema " + META_DIR + file);
        JsonObject meta = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        repository.dereference(meta.getString("$id"), JsonSchema.of(meta));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new FormSchema(repository.validator(DRAFT_2020_12));
  }

  /**
   * Every problem of a form schema, reported as (key under the form, message); an empty result
   * means {@link #compile} will succeed.
   */
  void check(JsonObject form, BiConsumer<String, String> problem) {
    if (!DRAFT_2020_12.equals(form.getValue("$schema"))) {
      problem.accept("$schema", "must be " + DRAFT_2020_12 + " (got " + form.getValue("$schema") + ")");
    }
    if (!"object".equals(form.getValue("type"))) problem.accept("type", "must be object: a form is a JSON object");
    OutputUnit meta;
    try {
      meta = metaValidator.validate(form);
    } catch (RuntimeException e) {
      problem.accept("", "is not a JSON Schema 2020-12 (" + e.getMessage() + ")");
      return;
    }
    if (!Boolean.TRUE.equals(meta.getValid())) {
      for (OutputUnit leaf : leaves(meta.getErrors())) {
        // Regular expressions get a clearer message from walk() below.
        if (leaf.getInstanceLocation() != null && leaf.getInstanceLocation().endsWith("/pattern")) continue;
        problem.accept(key(leaf.getInstanceLocation()), "is not valid JSON Schema 2020-12: " + leaf.getError());
      }
    }
    walk(form, "", form, problem);
  }

  /** The compiled validator; call after {@link #check} found nothing. */
  Validator compile(String code, JsonObject form) {
    Validator validator = Validator.create(JsonSchema.of(form.copy()), new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri("https://egov-gateway.invalid/procedures/" + code + "/form")
        .setOutputFormat(OutputFormat.Basic));
    validator.validate(new JsonObject()); // a broken schema fails on first use, so use it once now
    return validator;
  }

  /**
   * The sub-schema a JSON pointer into a form instance lands on, following {@code properties},
   * array {@code items} for numeric segments (and {@code *}, "every item", which domain rules
   * use), and local {@code $ref}s.
   */
  static Optional<JsonObject> resolve(JsonObject root, String pointer) {
    Optional<List<String>> segments = segments(pointer);
    if (segments.isEmpty()) return Optional.empty();
    JsonObject node = deref(root, root);
    for (String segment : segments.get()) {
      if (node == null) return Optional.empty();
      JsonObject properties = node.getValue("properties") instanceof JsonObject p ? p : null;
      if (properties != null && properties.getValue(segment) instanceof JsonObject child) {
        node = deref(root, child);
      } else if (segment.matches("\\*|0|[1-9][0-9]{0,5}") && node.getValue("items") instanceof JsonObject items) {
        node = deref(root, items);
      } else {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(node);
  }

  /** The unescaped segments of a JSON pointer (RFC 6901) to a member, or empty if it is not one. */
  static Optional<List<String>> segments(String pointer) {
    if (pointer == null || !pointer.startsWith("/") || pointer.length() == 1) return Optional.empty();
    List<String> out = new ArrayList<>();
    for (String raw : pointer.substring(1).split("/", -1)) {
      if (raw.isEmpty() || raw.matches(".*~([^01]|$).*")) return Optional.empty();
      out.add(raw.replace("~1", "/").replace("~0", "~"));
    }
    return Optional.of(out);
  }

  /** The JSON types a schema allows, from {@code type} (string or list); empty if unconstrained. */
  static List<String> types(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String s) return List.of(s);
    if (type instanceof JsonArray a) return a.stream().map(String::valueOf).toList();
    return List.of();
  }

  /** A schema with its local {@code $ref}s followed; null if one does not resolve. */
  static JsonObject follow(JsonObject root, JsonObject node) {
    return deref(root, node);
  }

  private static JsonObject deref(JsonObject root, JsonObject node) {
    for (int hops = 0; hops < 16 && node != null && node.getValue("$ref") instanceof String ref; hops++) {
      node = local(root, ref);
    }
    return node;
  }

  private static JsonObject local(JsonObject root, String ref) {
    if (!ref.startsWith("#")) return null;
    if (ref.equals("#")) return root;
    Optional<List<String>> segments = segments(ref.substring(1));
    if (segments.isEmpty()) return null;
    Object node = root;
    for (String s : segments.get()) {
      node = node instanceof JsonObject o ? o.getValue(s) : null;
    }
    return node instanceof JsonObject o ? o : null;
  }

  /** Checks the meta-schema cannot: regexes, references, titles, closed objects. */
  private void walk(JsonObject root, String key, JsonObject schema, BiConsumer<String, String> problem) {
    if (schema.getValue("pattern") instanceof String regex) compiles(join(key, "pattern"), regex, problem);
    if (schema.getValue("$ref") instanceof String ref && local(root, ref) == null) {
      problem.accept(join(key, "$ref"), "'" + ref + "' does not resolve: only local references (#/$defs/...) are allowed");
    }
    if (schema.getValue("properties") instanceof JsonObject && !Boolean.FALSE.equals(schema.getValue("additionalProperties"))) {
      problem.accept(join(key, "additionalProperties"),
          "must be false: a dossier carries only the fields its form declares");
    }
    for (String k : SCHEMA_KEYWORDS) {
      if (schema.getValue(k) instanceof JsonObject child) walk(root, join(key, k), child, problem);
    }
    for (String k : SCHEMA_LIST_KEYWORDS) {
      if (schema.getValue(k) instanceof JsonArray list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.getValue(i) instanceof JsonObject child) walk(root, join(key, k + "[" + i + "]"), child, problem);
        }
      }
    }
    for (String k : SCHEMA_MAP_KEYWORDS) {
      if (!(schema.getValue(k) instanceof JsonObject map)) continue;
      for (Map.Entry<String, Object> e : map) {
        if (!(e.getValue() instanceof JsonObject child)) continue;
        String childKey = join(key, k + "." + e.getKey());
        if (k.equals("patternProperties")) compiles(childKey, e.getKey(), problem);
        if (k.equals("properties") && !(titled(child) || titled(deref(root, child)))) {
          problem.accept(childKey, "needs a Vietnamese title and an English x-title-en: forms are shown in both languages");
        }
        walk(root, childKey, child, problem);
      }
    }
  }

  private static String join(String key, String child) {
    return key.isEmpty() ? child : key + "." + child;
  }

  private static boolean titled(JsonObject schema) {
    return schema != null && schema.getValue("title") instanceof String vi && !vi.isBlank()
        && schema.getValue("x-title-en") instanceof String en && !en.isBlank();
  }

  private static void compiles(String key, String regex, BiConsumer<String, String> problem) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problem.accept(key, "'" + regex + "' is not a valid regular expression (" + e.getDescription() + ")");
    }
  }

  /** The most specific errors: those no other error is nested under. */
  private static List<OutputUnit> leaves(List<OutputUnit> errors) {
    if (errors == null) return List.of();
    List<OutputUnit> out = new ArrayList<>();
    for (OutputUnit e : errors) {
      String at = e.getKeywordLocation();
      boolean nested = errors.stream().anyMatch(o -> o != e && o.getKeywordLocation() != null && at != null
          && o.getKeywordLocation().startsWith(at + "/"));
      if (!nested) out.add(e);
    }
    return out;
  }

  /** A meta-schema instance location ({@code #/properties/a}) as a config key ({@code properties.a}). */
  private static String key(String instanceLocation) {
    if (instanceLocation == null) return "";
    String s = instanceLocation.startsWith("#") ? instanceLocation.substring(1) : instanceLocation;
    return s.startsWith("/") ? s.substring(1).replace('/', '.') : s.replace('/', '.');
  }
}
