package vn.egov.gateway.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a JSON object request body for the REST API, or fails with the problem a portal can act
 * on: 415 unless the Content-Type is {@code application/json} (RFC 8259 section 8.1: JSON is
 * UTF-8, so a charset parameter other than UTF-8 is refused too), 400 for an empty body, bytes
 * that are not UTF-8 JSON, JSON that is not an object, or an object with a member name twice
 * (I-JSON, RFC 7493 section 2.3: parsers disagree on which one wins, so a second "fullName"
 * could pass validation here and be read by an agency there). The size limit (413) is the
 * BodyHandler's, before any handler runs.
 */
public final class JsonBody {
  /** Jackson's streaming parser with duplicate detection: immutable once built, shared by every thread. */
  private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private JsonBody() {
  }

  public static JsonObject object(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (!isJson(type)) {
      throw Problem.of(415, "unsupported-media-type", "Kiểu nội dung không được hỗ trợ: cần application/json",
          "Unsupported media type: application/json is required").exception();
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) throw malformed("the request body is empty");
    try (JsonParser parser = STRICT.createParser(body.getBytes())) {
      while (parser.nextToken() != null) {
        // Reading every token is the check.
      }
    } catch (StreamReadException e) {
      String message = e.getOriginalMessage();
      if (message != null && message.startsWith("Duplicate field")) {
        String name = message.substring("Duplicate field".length()).trim();
        throw malformed("a member name appears twice in one object: " + (name.length() > 66 ? name.substring(0, 66) + "..." : name));
      }
      throw malformed("the request body is not JSON in UTF-8");
    } catch (IOException e) {
      throw malformed("the request body is not JSON in UTF-8");
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw malformed("the request body is not a JSON object in UTF-8");
    }
  }

  static boolean isJson(String contentType) {
    if (contentType == null) return false;
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) return false;
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      if (kv[0].trim().equalsIgnoreCase("charset")
          && !(kv.length == 2 && kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }

  public static ProblemException malformed(String detail) {
    return Problem.of(400, "malformed-json", "Nội dung yêu cầu không phải JSON hợp lệ", "The request body is not valid JSON")
        .withDetail(detail).exception();
  }
}
