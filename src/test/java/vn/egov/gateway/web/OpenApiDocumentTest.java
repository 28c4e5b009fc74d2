package vn.egov.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped OpenAPI document is well formed: OpenAPI 3.1 with the 2020-12 dialect, every
 * schema a valid JSON Schema 2020-12, every {@code $ref} resolvable, every example valid against
 * its schema, and the structural rules of the specification that a meta-schema would catch (the
 * OpenAPI 3.1 meta-schema itself is not available offline): unique operation ids, responses on
 * every operation, path templates and path parameters in agreement, known tags, security schemes
 * and problem types.
 */
class OpenApiDocumentTest {
  private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
  private static final List<String> META_FILES = List.of("schema", "meta/core", "meta/applicator", "meta/unevaluated",
      "meta/validation", "meta/meta-data", "meta/format-annotation", "meta/content");
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final Pattern TEMPLATE = Pattern.compile("\\{([^}/]+)}");
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
      .setBaseUri("https://egov-gateway.invalid/").setOutputFormat(OutputFormat.Basic);

  private static JsonObject doc;
  private static Validator metaSchema;

  @BeforeAll
  static void load() throws IOException {
    doc = ApiDocument.read();
    SchemaRepository repository = SchemaRepository.create(OPTIONS);
    for (String file : META_FILES) {
      try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream("json-schema.org/draft/2020-12/" + file)) {
        assertThat(in).as("vertx-json-schema bundles the 2020-12 meta-schema " + file).isNotNull();
        JsonObject meta = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        repository.dereference(meta.getString("$id"), JsonSchema.of(meta));
      }
    }
    metaSchema = repository.validator(DRAFT_2020_12);
  }

  @Test
  void isAnOpenApi31DocumentInTheJsonSchema202012Dialect() {
    assertThat(doc.getString("openapi")).matches("3\\.1\\.\\d+");
    assertThat(doc.getString("jsonSchemaDialect")).isEqualTo(DRAFT_2020_12);
    assertThat(doc.getJsonObject("info").getString("title")).isNotBlank();
    assertThat(doc.getJsonObject("info").getString("version")).isNotBlank();
    assertThat(doc.getJsonArray("servers")).isNotEmpty();
    assertThat(doc.getJsonObject("paths")).isNotEmpty();
    for (String path : doc.getJsonObject("paths").fieldNames()) assertThat(path).as("a path").startsWith("/");
  }

  @Test
  void everySchemaIsAValidJsonSchema202012() {
    List<String> problems = new ArrayList<>();
    schemas((where, schema) -> {
      OutputUnit result = metaSchema.validate(schema);
      if (!result.getValid()) problems.add(where + ": " + result.getErrors());
    });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    List<String> broken = new ArrayList<>();
    for (String ref : refs) {
      if (!ref.startsWith("#/") || JsonPointer.from(ref.substring(1)).queryJson(doc) == null) broken.add(ref);
    }
    assertThat(broken).as("references that resolve nowhere").isEmpty();
  }

  @Test
  void everyExampleIsValidAgainstItsSchema() {
    List<String> problems = new ArrayList<>();
    int[] checked = {0};
    mediaTypes((where, media) -> {
      JsonObject schema = media.getJsonObject("schema");
      if (schema == null) return;
      List<Object> examples = new ArrayList<>();
      if (media.containsKey("example")) examples.add(media.getValue("example"));
      JsonObject named = media.getJsonObject("examples");
      if (named != null) named.forEach(e -> examples.add(((JsonObject) e.getValue()).getValue("value")));
      // The components travel along so that "#/components/schemas/..." resolves inside the schema;
      // copies, because the validator annotates the schema objects it is given.
      JsonObject selfContained = schema.copy().put("components", new JsonObject()
          .put("schemas", doc.getJsonObject("components").getJsonObject("schemas").copy()));
      Validator validator = Validator.create(JsonSchema.of(selfContained), OPTIONS);
      for (Object example : examples) {
        checked[0]++;
        OutputUnit result = validator.validate(example);
        if (!result.getValid()) problems.add(where + ": " + result.getErrors());
      }
    });
    assertThat(problems).isEmpty();
    assertThat(checked[0]).as("examples checked").isGreaterThan(20);
  }

  @Test
  void everyOperationHasAUniqueIdASummaryKnownTagsAndResponses() {
    Set<String> ids = new HashSet<>();
    Set<String> tags = new HashSet<>();
    doc.getJsonArray("tags").forEach(t -> tags.add(((JsonObject) t).getString("name")));
    operations((where, op) -> {
      assertThat(op.getString("operationId")).as(where + " operationId").isNotBlank();
      assertThat(ids.add(op.getString("operationId"))).as(where + " operationId is unique").isTrue();
      assertThat(op.getString("summary")).as(where + " summary").isNotBlank();
      assertThat(op.getString("x-title-vi")).as(where + " Vietnamese title").isNotBlank();
      assertThat(op.getJsonArray("tags")).as(where + " tags").isNotEmpty();
      op.getJsonArray("tags").forEach(t -> assertThat(tags).as(where + " tag").contains((String) t));
      JsonObject responses = op.getJsonObject("responses");
      assertThat(responses).as(where + " responses").isNotNull();
      assertThat(responses.fieldNames()).as(where + " responses").isNotEmpty().allMatch(s -> s.matches("[1-5](\\d\\d|XX)|default"));
    });
    assertThat(ids).hasSizeGreaterThan(25);
  }

  @Test
  void pathTemplatesAndPathParametersAgree() {
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      Set<String> templated = new LinkedHashSet<>();
      Matcher m = TEMPLATE.matcher(path);
      while (m.find()) templated.add(m.group(1));
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) continue;
        Set<String> declared = new LinkedHashSet<>();
        for (Object p : op.getJsonArray("parameters", new JsonArray())) {
          JsonObject param = resolve((JsonObject) p);
          assertThat(param.getString("in")).as(path + " " + method + " parameter location").isIn("path", "query", "header", "cookie");
          if ("path".equals(param.getString("in"))) {
            assertThat(param.getBoolean("required")).as(path + " path parameters are required").isTrue();
            declared.add(param.getString("name"));
          }
        }
        assertThat(declared).as(method.toUpperCase() + " " + path + " path parameters").isEqualTo(templated);
      }
    }
  }

  @Test
  void securityRequirementsNameDeclaredSchemes() {
    JsonObject schemes = doc.getJsonObject("components").getJsonObject("securitySchemes");
    assertThat(schemes.getJsonObject("agencyMutualTls").getString("type")).isEqualTo("mutualTLS");
    assertThat(schemes.getJsonObject("oidc").getString("type")).isEqualTo("openIdConnect");
    assertThat(schemes.getJsonObject("bearerAuth").getString("scheme")).isEqualTo("bearer");
    assertThat(schemes.getJsonObject("opsBasic").getString("scheme")).isEqualTo("basic");
    operations((where, op) -> {
      for (Object r : op.getJsonArray("security", new JsonArray())) {
        for (String name : ((JsonObject) r).fieldNames()) assertThat(schemes.fieldNames()).as(where + " security").contains(name);
      }
    });
  }

  @Test
  void everyProblemTypeNamedByAResponseIsDocumentedInBothLanguages() {
    JsonObject catalogue = doc.getJsonObject("x-problem-types");
    for (String slug : catalogue.fieldNames()) {
      JsonObject p = catalogue.getJsonObject(slug);
      assertThat(slug).matches("[a-z]+(-[a-z]+)*");
      assertThat(p.getInteger("status")).as(slug).isBetween(400, 599);
      assertThat(p.getString("title")).as(slug).isNotBlank();
      assertThat(p.getString("title_vi")).as(slug).isNotBlank();
    }
    List<String> named = new ArrayList<>();
    collectProblemTypes(doc, named);
    assertThat(named).isNotEmpty();
    assertThat(catalogue.fieldNames()).containsAll(named);
  }

  @Test
  void servingFillsInTheIssuerAndTheAgencyListener() {
    JsonObject served = ApiDocument.withServers(ApiDocument.read(), "https://sso.egov-gateway.vn/", 9443);
    assertThat(served.getJsonArray("servers").getJsonObject(0).getString("url")).isEqualTo("https://sso.egov-gateway.vn");
    assertThat(served.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("oidc").getString("openIdConnectUrl"))
        .isEqualTo("https://sso.egov-gateway.vn/.well-known/openid-configuration");
    JsonObject agencyServer = served.getJsonObject("paths").getJsonObject("/agency/v1/dossiers/{receiptCode}/status")
        .getJsonArray("servers").getJsonObject(0);
    assertThat(agencyServer.getJsonObject("variables").getJsonObject("host").getString("default")).isEqualTo("sso.egov-gateway.vn");
    assertThat(agencyServer.getJsonObject("variables").getJsonObject("port").getString("default")).isEqualTo("9443");
  }

  // --- walking the document ------------------------------------------------------------------------

  private static JsonObject resolve(JsonObject o) {
    String ref = o.getString("$ref");
    return ref == null ? o : (JsonObject) JsonPointer.from(ref.substring(1)).queryJson(doc);
  }

  private static void operations(BiConsumer<String, JsonObject> each) {
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : METHODS) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(method);
        if (op != null) each.accept(method.toUpperCase() + " " + path, op);
      }
    }
  }

  /** Every media type object, in operations (requests and responses) and in component responses. */
  private static void mediaTypes(BiConsumer<String, JsonObject> each) {
    operations((where, op) -> {
      JsonObject body = op.getJsonObject("requestBody");
      if (body != null) contentOf(where + " request", resolve(body), each);
      op.getJsonObject("responses").forEach(r -> contentOf(where + " " + r.getKey(), resolve((JsonObject) r.getValue()), each));
    });
    doc.getJsonObject("components").getJsonObject("responses").forEach(r ->
        contentOf("components/responses/" + r.getKey(), (JsonObject) r.getValue(), each));
  }

  private static void contentOf(String where, JsonObject holder, BiConsumer<String, JsonObject> each) {
    JsonObject content = holder.getJsonObject("content");
    if (content != null) content.forEach(m -> each.accept(where + " " + m.getKey(), (JsonObject) m.getValue()));
  }

  /** Every schema: the components' and those inline in parameters, headers and media types. */
  private static void schemas(BiConsumer<String, JsonObject> each) {
    JsonObject components = doc.getJsonObject("components");
    components.getJsonObject("schemas").forEach(s -> each.accept("components/schemas/" + s.getKey(), (JsonObject) s.getValue()));
    components.getJsonObject("parameters").forEach(p -> each.accept("components/parameters/" + p.getKey(),
        ((JsonObject) p.getValue()).getJsonObject("schema")));
    components.getJsonObject("headers").forEach(h -> each.accept("components/headers/" + h.getKey(),
        ((JsonObject) h.getValue()).getJsonObject("schema")));
    operations((where, op) -> {
      for (Object p : op.getJsonArray("parameters", new JsonArray())) {
        JsonObject param = (JsonObject) p;
        if (param.getJsonObject("schema") != null) each.accept(where + " parameter " + param.getString("name"), param.getJsonObject("schema"));
      }
    });
    mediaTypes((where, media) -> {
      if (media.getJsonObject("schema") != null) each.accept(where, media.getJsonObject("schema"));
    });
  }

  private static void collectRefs(Object node, List<String> refs) {
    if (node instanceof JsonObject o) {
      o.forEach(e -> {
        if (e.getKey().equals("$ref") && e.getValue() instanceof String s) refs.add(s);
        else collectRefs(e.getValue(), refs);
      });
    } else if (node instanceof JsonArray a) {
      a.forEach(x -> collectRefs(x, refs));
    }
  }

  private static void collectProblemTypes(Object node, List<String> names) {
    if (node instanceof JsonObject o) {
      o.forEach(e -> {
        if (e.getKey().equals("x-problem-types") && e.getValue() instanceof JsonArray a) a.forEach(x -> names.add((String) x));
        else if (!e.getKey().equals("x-problem-types")) collectProblemTypes(e.getValue(), names);
      });
    } else if (node instanceof JsonArray a) {
      a.forEach(x -> collectProblemTypes(x, names));
    }
  }
}
