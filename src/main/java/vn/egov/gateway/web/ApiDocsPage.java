package vn.egov.gateway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the OpenAPI document as one plain HTML page: every operation grouped by tag, with its
 * parameters, request body, responses, schemas and problem types, and the component schemas at
 * the end. Server-side only: no script, no external asset, a little inline CSS, so it reads the
 * same in a browser without internet. Vietnamese titles ({@code x-title-vi}) sit beside the English.
 */
final class ApiDocsPage {
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final String SCHEMA_REF = "#/components/schemas/";
  private static final int MAX_DEPTH = 4;

  private static final String STYLE = """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0;color:#1b1f24;background:#f4f6f8;line-height:1.45}
      header{background:#a50e0e;color:#fff;padding:16px 24px}header h1{margin:0;font-size:1.5rem}header p{margin:4px 0 0}header a{color:#fff}
      .wrap{display:flex;gap:24px;max-width:1280px;margin:0 auto;padding:16px}
      nav{flex:0 0 280px;font-size:.9rem}nav ul{list-style:none;padding-left:12px;margin:4px 0}nav>ul{padding-left:0}
      main{flex:1;min-width:0}
      section,article{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:16px 20px;margin-bottom:16px}
      section article{box-shadow:none;border:1px solid #d1d5db}
      h2{margin-top:0}h3{margin:0 0 6px;font-size:1.1rem;word-break:break-all}h4{margin:14px 0 6px}
      .vi{color:#4b5563;font-style:italic;margin:0 0 8px}
      .method{display:inline-block;min-width:58px;text-align:center;border-radius:4px;color:#fff;font-weight:700;font-size:.8rem;padding:2px 6px;margin-right:6px}
      .get{background:#1d4ed8}.post{background:#047857}.delete{background:#b91c1c}.put,.patch{background:#b45309}
      code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;background:#f1f3f5;padding:0 3px;border-radius:3px}
      pre{background:#1b1f24;color:#f1f3f5;padding:10px;border-radius:6px;overflow-x:auto;font-size:.82rem}pre code{background:none;color:inherit}
      table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:5px 6px;border-bottom:1px solid #e5e7eb;vertical-align:top}
      td table{margin-top:4px}.req{color:#b91c1c;font-size:.8rem}.muted{color:#4b5563;font-size:.88rem}
      dl.responses dt{font-weight:700;margin-top:10px}dl.responses dd{margin-left:16px}
      @media (max-width:800px){.wrap{flex-direction:column}nav{flex:none}}
      """;

  private final JsonObject doc;
  private final JsonObject problems;
  private final StringBuilder out = new StringBuilder(256 * 1024);

  private ApiDocsPage(JsonObject doc) {
    this.doc = doc;
    this.problems = doc.getJsonObject("x-problem-types", new JsonObject());
  }

  static String render(JsonObject doc) {
    return new ApiDocsPage(doc).page();
  }

  /** One operation: its path, method and the object itself. */
  private record Operation(String path, String method, JsonObject op, JsonArray pathServers) {
    String id() {
      return op.getString("operationId");
    }
  }

  private String page() {
    JsonObject info = doc.getJsonObject("info");
    Map<String, List<Operation>> byTag = operationsByTag();
    out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>").append(Html.esc(info.getString("title"))).append("</title><style>").append(STYLE).append("</style></head><body>");
    out.append("<header><h1>").append(Html.esc(info.getString("title"))).append("</h1>");
    if (info.getString("x-title-vi") != null) out.append("<p lang=\"vi\">").append(Html.esc(info.getString("x-title-vi"))).append("</p>");
    out.append("<p>Version ").append(Html.esc(info.getString("version"))).append(" · OpenAPI ").append(Html.esc(doc.getString("openapi")))
        .append(" · <a href=\"/openapi.json\">openapi.json</a></p></header>");
    out.append("<div class=\"wrap\">");
    toc(byTag);
    out.append("<main>");
    intro(info);
    security();
    for (var entry : byTag.entrySet()) tagSection(entry.getKey(), entry.getValue());
    schemas();
    problemTypes();
    out.append("</main></div></body></html>");
    return out.toString();
  }

  /** Operations under their first tag, in the order of the document's tag list. */
  private Map<String, List<Operation>> operationsByTag() {
    Map<String, List<Operation>> byTag = new LinkedHashMap<>();
    for (Object t : doc.getJsonArray("tags", new JsonArray())) byTag.put(((JsonObject) t).getString("name"), new ArrayList<>());
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) continue;
        JsonArray tags = op.getJsonArray("tags", new JsonArray().add("Other"));
        byTag.computeIfAbsent(tags.getString(0), k -> new ArrayList<>()).add(new Operation(path, method, op, item.getJsonArray("servers")));
      }
    }
    byTag.values().removeIf(List::isEmpty);
    return byTag;
  }

  private JsonObject tag(String name) {
    for (Object t : doc.getJsonArray("tags", new JsonArray())) {
      if (name.equals(((JsonObject) t).getString("name"))) return (JsonObject) t;
    }
    return new JsonObject().put("name", name);
  }

  private void toc(Map<String, List<Operation>> byTag) {
    out.append("<nav aria-label=\"Contents\"><ul><li><a href=\"#security\">Authentication</a></li>");
    for (var entry : byTag.entrySet()) {
      out.append("<li><a href=\"#").append(anchor("tag-", entry.getKey())).append("\">").append(Html.esc(entry.getKey())).append("</a><ul>");
      for (Operation o : entry.getValue()) {
        out.append("<li><a href=\"#op-").append(Html.esc(o.id())).append("\"><code>").append(o.method().toUpperCase())
            .append(' ').append(Html.esc(o.path())).append("</code></a></li>");
      }
      out.append("</ul></li>");
    }
    out.append("<li><a href=\"#schemas\">Schemas</a></li><li><a href=\"#problem-types\">Problem types</a></li></ul></nav>");
  }

  private void intro(JsonObject info) {
    out.append("<section id=\"intro\"><h2>Overview</h2>");
    if (info.getString("summary") != null) out.append("<p>").append(text(info.getString("summary"))).append("</p>");
    paragraphs(info.getString("description"));
    out.append("<h4>Servers</h4><ul>");
    for (Object s : doc.getJsonArray("servers", new JsonArray())) server((JsonObject) s);
    out.append("</ul></section>");
  }

  private void server(JsonObject s) {
    out.append("<li><code>").append(Html.esc(s.getString("url"))).append("</code>");
    if (s.getString("description") != null) out.append(" — ").append(text(s.getString("description")));
    JsonObject vars = s.getJsonObject("variables");
    if (vars != null) {
      out.append(" <span class=\"muted\">(");
      List<String> parts = new ArrayList<>();
      for (String v : vars.fieldNames()) parts.add("<code>" + Html.esc(v) + "</code> = <code>" + Html.esc(vars.getJsonObject(v).getString("default")) + "</code>");
      out.append(String.join(", ", parts)).append(")</span>");
    }
    out.append("</li>");
  }

  private void security() {
    JsonObject schemes = components("securitySchemes");
    out.append("<section id=\"security\"><h2>Authentication</h2><table><thead><tr><th>Scheme</th><th>Type</th><th>Description</th></tr></thead><tbody>");
    for (String name : schemes.fieldNames()) {
      JsonObject s = schemes.getJsonObject(name);
      String type = s.getString("type") + (s.getString("scheme") != null ? " " + s.getString("scheme") : "")
          + (s.getString("bearerFormat") != null ? " (" + s.getString("bearerFormat") + ")" : "");
      out.append("<tr id=\"security-").append(Html.esc(name)).append("\"><td><code>").append(Html.esc(name)).append("</code></td><td>")
          .append(Html.esc(type)).append("</td><td>").append(text(s.getString("description")));
      if (s.getString("openIdConnectUrl") != null) out.append(" <code>").append(Html.esc(s.getString("openIdConnectUrl"))).append("</code>");
      out.append("</td></tr>");
    }
    out.append("</tbody></table></section>");
  }

  private void tagSection(String name, List<Operation> ops) {
    JsonObject tag = tag(name);
    out.append("<section id=\"").append(anchor("tag-", name)).append("\"><h2>").append(Html.esc(name)).append("</h2>");
    vi(tag.getString("x-title-vi"));
    if (tag.getString("description") != null) out.append("<p>").append(text(tag.getString("description"))).append("</p>");
    for (Operation o : ops) operation(o);
    out.append("</section>");
  }

  private void operation(Operation o) {
    JsonObject op = o.op();
    out.append("<article id=\"op-").append(Html.esc(o.id())).append("\"><h3><span class=\"method ").append(o.method()).append("\">")
        .append(o.method().toUpperCase()).append("</span><code>").append(Html.esc(o.path())).append("</code></h3>");
    out.append("<p><strong>").append(Html.esc(op.getString("summary"))).append("</strong> <span class=\"muted\">")
        .append(Html.esc(o.id())).append("</span></p>");
    vi(op.getString("x-title-vi"));
    paragraphs(op.getString("description"));
    if (o.pathServers() != null) {
      out.append("<p class=\"muted\">Served at:</p><ul>");
      for (Object s : o.pathServers()) server((JsonObject) s);
      out.append("</ul>");
    }
    JsonArray security = op.getJsonArray("security");
    if (security != null) {
      List<String> alternatives = new ArrayList<>();
      for (Object r : security) {
        JsonObject requirement = (JsonObject) r;
        if (requirement.isEmpty()) {
          alternatives.add("client authentication in the body (<code>private_key_jwt</code>)");
          continue;
        }
        for (String scheme : requirement.fieldNames()) {
          JsonArray scopes = requirement.getJsonArray(scheme);
          alternatives.add("<a href=\"#security-" + Html.esc(scheme) + "\"><code>" + Html.esc(scheme) + "</code></a>"
              + (scopes.isEmpty() ? "" : " with scope " + codes(scopes)));
        }
      }
      out.append("<p><strong>Authentication:</strong> ").append(String.join(" or ", alternatives)).append("</p>");
    } else {
      out.append("<p><strong>Authentication:</strong> none</p>");
    }
    parameters(op.getJsonArray("parameters"));
    JsonObject body = op.getJsonObject("requestBody");
    if (body != null) {
      out.append("<h4>Request body").append(body.getBoolean("required", false) ? " <span class=\"req\">required</span>" : "").append("</h4>");
      if (body.getString("description") != null) out.append("<p>").append(text(body.getString("description"))).append("</p>");
      content(body.getJsonObject("content"));
    }
    responses(op.getJsonObject("responses"));
    out.append("</article>");
  }

  private void parameters(JsonArray params) {
    if (params == null || params.isEmpty()) return;
    out.append("<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Schema</th><th>Description</th></tr></thead><tbody>");
    for (Object p : params) {
      JsonObject param = resolve((JsonObject) p);
      out.append("<tr><td><code>").append(Html.esc(param.getString("name"))).append("</code>")
          .append(param.getBoolean("required", false) ? " <span class=\"req\">required</span>" : "").append("</td><td>")
          .append(Html.esc(param.getString("in"))).append("</td><td>").append(type(param.getJsonObject("schema"))).append("</td><td>")
          .append(text(param.getString("description")));
      JsonObject schema = param.getJsonObject("schema");
      if (schema != null && Boolean.TRUE.equals(param.getBoolean("explode")) && schema.getString("$ref") != null) {
        out.append(" <span class=\"muted\">Each property of ").append(type(schema)).append(" is a parameter of its own.</span>");
      }
      out.append("</td></tr>");
    }
    out.append("</tbody></table>");
  }

  private void content(JsonObject content) {
    if (content == null) return;
    for (String mediaType : content.fieldNames()) {
      JsonObject media = content.getJsonObject(mediaType);
      out.append("<p><code>").append(Html.esc(mediaType)).append("</code>");
      JsonObject schema = media.getJsonObject("schema");
      if (schema != null) out.append(": ").append(type(schema));
      out.append("</p>");
      if (schema != null && schema.getString("$ref") == null) out.append(schemaBody(schema, 1));
      if (media.containsKey("example")) example("Example", media.getValue("example"));
      JsonObject examples = media.getJsonObject("examples");
      if (examples != null) {
        for (String name : examples.fieldNames()) {
          JsonObject ex = examples.getJsonObject(name);
          example("Example: " + (ex.getString("summary") != null ? ex.getString("summary") : name), ex.getValue("value"));
        }
      }
    }
  }

  private void example(String label, Object value) {
    String shown = value instanceof JsonObject o ? o.encodePrettily() : value instanceof JsonArray a ? a.encodePrettily()
        : value instanceof String s ? s : String.valueOf(value);
    out.append("<details><summary>").append(Html.esc(label)).append("</summary><pre><code>").append(Html.esc(shown))
        .append("</code></pre></details>");
  }

  private void responses(JsonObject responses) {
    out.append("<h4>Responses</h4><dl class=\"responses\">");
    for (String status : responses.fieldNames()) {
      JsonObject r = responses.getJsonObject(status);
      JsonObject response = resolve(r);
      out.append("<dt>").append(Html.esc(status)).append("</dt><dd><p>").append(text(response.getString("description"))).append("</p>");
      JsonObject headers = response.getJsonObject("headers");
      if (headers != null && !headers.isEmpty()) {
        out.append("<p class=\"muted\">Headers:</p><ul>");
        for (String name : headers.fieldNames()) {
          JsonObject h = resolve(headers.getJsonObject(name));
          out.append("<li><code>").append(Html.esc(name)).append("</code>: ").append(type(h.getJsonObject("schema")))
              .append(" — ").append(text(h.getString("description"))).append("</li>");
        }
        out.append("</ul>");
      }
      content(response.getJsonObject("content"));
      JsonArray types = response.getJsonArray("x-problem-types");
      if (types != null) {
        out.append("<p class=\"muted\">Problem types:</p><ul>");
        for (Object t : types) {
          String slug = (String) t;
          JsonObject p = problems.getJsonObject(slug, new JsonObject());
          out.append("<li><a href=\"#problem-").append(Html.esc(slug)).append("\"><code>").append(Html.esc(slug)).append("</code></a> ")
              .append(Html.esc(p.getString("title"))).append(" <span lang=\"vi\" class=\"muted\">").append(Html.esc(p.getString("title_vi")))
              .append("</span></li>");
        }
        out.append("</ul>");
      }
      out.append("</dd>");
    }
    out.append("</dl>");
  }

  private void schemas() {
    JsonObject schemas = components("schemas");
    out.append("<section id=\"schemas\"><h2>Schemas</h2>");
    for (String name : schemas.fieldNames()) {
      JsonObject s = schemas.getJsonObject(name);
      out.append("<article id=\"schema-").append(Html.esc(name)).append("\"><h3>").append(Html.esc(name)).append("</h3>");
      if (s.getString("description") != null) out.append("<p>").append(text(s.getString("description"))).append("</p>");
      out.append("<p>").append(type(s)).append("</p>").append(schemaBody(s, 1)).append("</article>");
    }
    out.append("</section>");
  }

  private void problemTypes() {
    out.append("<section id=\"problem-types\"><h2>Problem types</h2><p>Every REST error is <code>application/problem+json</code> ")
        .append("(RFC 9457) whose <code>type</code> is <code>").append(Html.esc(Problem.TYPE_BASE)).append("</code> followed by one of these.</p>")
        .append("<table><thead><tr><th>Type</th><th>Status</th><th>Title</th><th lang=\"vi\">Tiêu đề</th><th>Meaning</th></tr></thead><tbody>");
    for (String slug : problems.fieldNames()) {
      JsonObject p = problems.getJsonObject(slug);
      out.append("<tr id=\"problem-").append(Html.esc(slug)).append("\"><td><code>").append(Html.esc(slug)).append("</code></td><td>")
          .append(p.getValue("status")).append("</td><td>").append(Html.esc(p.getString("title"))).append("</td><td lang=\"vi\">")
          .append(Html.esc(p.getString("title_vi"))).append("</td><td>").append(text(p.getString("description"))).append("</td></tr>");
    }
    out.append("</tbody></table></section>");
  }

  // --- schemas ------------------------------------------------------------------------------------

  /** A one-line description of a schema's type: a link for a reference, else type, format, enum, const. */
  private String type(JsonObject s) {
    if (s == null) return "any";
    String ref = s.getString("$ref");
    if (ref != null) {
      String name = ref.startsWith(SCHEMA_REF) ? ref.substring(SCHEMA_REF.length()) : ref;
      return "<a href=\"#schema-" + Html.esc(name) + "\"><code>" + Html.esc(name) + "</code></a>";
    }
    List<String> parts = new ArrayList<>();
    Object t = s.getValue("type");
    if (t instanceof String ts) {
      parts.add("array".equals(ts) ? "array of " + type(s.getJsonObject("items")) : ts);
    } else if (t instanceof JsonArray ta) {
      parts.add(String.join(" | ", ta.stream().map(String::valueOf).toList()));
    }
    for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
      JsonArray list = s.getJsonArray(combinator);
      if (list == null) continue;
      List<String> each = new ArrayList<>();
      for (Object x : list) each.add(type((JsonObject) x));
      parts.add(("allOf".equals(combinator) ? "all of " : "oneOf".equals(combinator) ? "one of " : "any of ") + String.join(", ", each));
    }
    if (s.getString("format") != null) parts.add("(" + Html.esc(s.getString("format")) + ")");
    if (s.containsKey("const")) parts.add("= <code>" + Html.esc(String.valueOf(s.getValue("const"))) + "</code>");
    if (s.getJsonArray("enum") != null) parts.add("one of " + codes(s.getJsonArray("enum")));
    if (s.getString("pattern") != null) parts.add("matching <code>" + Html.esc(s.getString("pattern")) + "</code>");
    for (String bound : List.of("minimum", "maximum", "minLength", "maxLength", "default")) {
      if (s.containsKey(bound)) parts.add(bound + " " + Html.esc(String.valueOf(s.getValue(bound))));
    }
    if (s.getJsonArray("examples") != null) parts.add("<span class=\"muted\">e.g. " + codes(s.getJsonArray("examples")) + "</span>");
    return parts.isEmpty() ? "any" : String.join(" ", parts);
  }

  /** The members of an object schema (and of the inline parts of its combinators) as a table. */
  private String schemaBody(JsonObject s, int depth) {
    if (s == null || depth > MAX_DEPTH || s.getString("$ref") != null) return "";
    StringBuilder b = new StringBuilder();
    for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
      JsonArray list = s.getJsonArray(combinator);
      if (list == null) continue;
      for (Object x : list) b.append(schemaBody((JsonObject) x, depth));
    }
    JsonObject items = s.getJsonObject("items");
    if (items != null) b.append(schemaBody(items, depth + 1));
    JsonObject props = s.getJsonObject("properties");
    if (props != null && !props.isEmpty()) {
      Set<Object> required = Set.copyOf(s.getJsonArray("required", new JsonArray()).getList());
      b.append("<table><thead><tr><th>Member</th><th>Type</th><th>Description</th></tr></thead><tbody>");
      for (String name : props.fieldNames()) {
        JsonObject p = props.getJsonObject(name);
        b.append("<tr><td><code>").append(Html.esc(name)).append("</code>")
            .append(required.contains(name) ? " <span class=\"req\">required</span>" : "").append("</td><td>").append(type(p))
            .append("</td><td>").append(text(p.getString("description"))).append(schemaBody(p, depth + 1)).append("</td></tr>");
      }
      b.append("</tbody></table>");
    }
    Object additional = s.getValue("additionalProperties");
    if (additional instanceof JsonObject a) b.append("<p class=\"muted\">Other members: ").append(type(a)).append("</p>");
    if (Boolean.FALSE.equals(additional)) b.append("<p class=\"muted\">No other members.</p>");
    return b.toString();
  }

  // --- helpers --------------------------------------------------------------------------------------

  private JsonObject components(String kind) {
    return doc.getJsonObject("components", new JsonObject()).getJsonObject(kind, new JsonObject());
  }

  /** Follows a local {@code $ref} to components (responses, parameters, headers); other objects as they are. */
  private JsonObject resolve(JsonObject o) {
    String ref = o.getString("$ref");
    if (ref == null || !ref.startsWith("#/components/")) return o;
    String[] parts = ref.substring("#/components/".length()).split("/", 2);
    JsonObject target = components(parts[0]).getJsonObject(parts[1]);
    return target == null ? o : target;
  }

  private void vi(String title) {
    if (title != null) out.append("<p class=\"vi\" lang=\"vi\">").append(Html.esc(title)).append("</p>");
  }

  private void paragraphs(String description) {
    if (description == null) return;
    for (String p : description.split("\n\n")) out.append("<p>").append(text(p)).append("</p>");
  }

  /** Escaped text with {@code `code`} spans, the one bit of Markdown the document uses. */
  private static String text(String s) {
    if (s == null) return "";
    Matcher m = CODE.matcher(Html.esc(s));
    StringBuilder b = new StringBuilder();
    while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement("<code>" + m.group(1) + "</code>"));
    m.appendTail(b);
    return b.toString();
  }

  private static String codes(JsonArray values) {
    List<String> each = new ArrayList<>();
    for (Object v : values) each.add("<code>" + Html.esc(String.valueOf(v)) + "</code>");
    return String.join(", ", each);
  }

  private static String anchor(String prefix, String name) {
    return prefix + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }
}
