package vn.egov.gateway.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI 3.1 document of the gateway's APIs ({@value #RESOURCE}, the single source), with
 * the servers of this deployment filled in, and its HTML rendering. Built once at start-up.
 *
 * @param json the document as served at {@code /openapi.json}
 * @param html the page served at {@code /docs}
 */
public record ApiDocument(String json, String html) {
  public static final String RESOURCE = "openapi/openapi.json";
  /** Paths the agency listener serves; in the document they carry their own {@code servers}. */
  public static final String AGENCY_PREFIX = "/agency/";

  /**
   * Reads the document from the classpath: blocking, so call it on a worker.
   *
   * @param issuer     the gateway's issuer URL, which is also its base URL
   * @param agencyPort the agency listener's port, or -1 when there is none
   */
  public static ApiDocument load(String issuer, int agencyPort) {
    JsonObject doc = withServers(read(), issuer, agencyPort);
    return new ApiDocument(doc.encodePrettily(), ApiDocsPage.render(doc));
  }

  /** The document as shipped, without this deployment's servers. */
  public static JsonObject read() {
    try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("the jar lacks " + RESOURCE);
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject withServers(JsonObject doc, String issuer, int agencyPort) {
    String base = issuer.replaceAll("/+$", "");
    JsonObject server = doc.getJsonArray("servers").getJsonObject(0);
    server.put("url", base).put("description", "The gateway (its issuer URL)");
    JsonObject oidc = doc.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("oidc");
    oidc.put("openIdConnectUrl", base + "/.well-known/openid-configuration");
    String host = URI.create(base).getHost();
    for (String path : doc.getJsonObject("paths").fieldNames()) {
      JsonArray servers = doc.getJsonObject("paths").getJsonObject(path).getJsonArray("servers");
      if (!path.startsWith(AGENCY_PREFIX) || servers == null) continue;
      JsonObject vars = servers.getJsonObject(0).getJsonObject("variables");
      if (host != null) vars.getJsonObject("host").put("default", host);
      if (agencyPort > 0) vars.getJsonObject("port").put("default", String.valueOf(agencyPort));
    }
    return doc;
  }
}
