package vn.egov.gateway.dossier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import vn.egov.gateway.web.Problem;
import vn.egov.gateway.web.ProblemException;

/**
 * An agency's status report (docs/agency-interface.md), read strictly: one JSON object in UTF-8
 * with exactly the known members, no duplicates, each of the right type and range. The note is
 * normalised to NFC before it is stored (DESIGN.md section 7).
 *
 * @param reportId the agency's id of the report: 1-{@value #MAX_REPORT_ID} printable ASCII characters, no spaces
 * @param status   the national portal's status code, 1-10
 * @param at       when the status took effect, from the exchange format (Asia/Ho_Chi_Minh, seconds)
 * @param note     optional, at most {@value #MAX_NOTE} characters, NFC
 */
public record StatusReport(String reportId, int status, Instant at, String note) {
  public static final int MAX_REPORT_ID = 100;
  public static final int MAX_NOTE = 2000;
  private static final Pattern REPORT_ID = Pattern.compile("[\\x21-\\x7E]{1," + MAX_REPORT_ID + "}");
  private static final Set<String> MEMBERS = Set.of("reportId", "status", "at", "note");
  /** Duplicate members are refused: two "status" values would mean whatever the parser picked. */
  private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * @param now             the gateway's clock
   * @param futureTolerance how far after {@code now} {@code at} may lie
   * @throws ProblemException 400 {@code invalid-status-report} with one {@code errors} entry per problem
   */
  public static StatusReport parse(Buffer body, Instant now, Duration futureTolerance) {
    String text = utf8(body);
    Errors errors = new Errors();
    String reportId = null;
    Integer status = null;
    String atText = null;
    String note = null;
    boolean sawReportId = false;
    boolean sawStatus = false;
    boolean sawAt = false;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw malformed("The body must be a JSON object");
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        String pointer = "/" + name.replace("~", "~0").replace("/", "~1");
        if (!MEMBERS.contains(name)) {
          errors.add(pointer, "unknown-field", "Trường không được hỗ trợ", "Unknown field");
          p.skipChildren();
          continue;
        }
        switch (name) {
          case "reportId" -> {
            sawReportId = true;
            if (value != JsonToken.VALUE_STRING) {
              errors.add(pointer, "type", "Phải là chuỗi ký tự", "Must be a string");
            } else if (!REPORT_ID.matcher(p.getText()).matches()) {
              errors.add(pointer, "report-id", "Mã báo cáo gồm 1-" + MAX_REPORT_ID + " ký tự ASCII in được, không có dấu cách",
                  "A report id is 1-" + MAX_REPORT_ID + " printable ASCII characters without spaces");
            } else {
              reportId = p.getText();
            }
          }
          case "status" -> {
            sawStatus = true;
            if (value != JsonToken.VALUE_NUMBER_INT) {
              errors.add(pointer, "type", "Phải là số nguyên", "Must be an integer");
            } else if (p.getNumberType() != JsonParser.NumberType.INT || !DossierStatus.isValid(p.getIntValue())) {
              errors.add(pointer, "status", "Mã trạng thái phải từ 1 đến 10", "The status code must be 1 to 10");
            } else {
              status = p.getIntValue();
            }
          }
          case "at" -> {
            sawAt = true;
            if (value != JsonToken.VALUE_STRING) {
              errors.add(pointer, "type", "Phải là chuỗi ký tự", "Must be a string");
            } else {
              atText = p.getText();
            }
          }
          default -> {
            if (value == JsonToken.VALUE_NULL) break;
            if (value != JsonToken.VALUE_STRING) {
              errors.add(pointer, "type", "Phải là chuỗi ký tự", "Must be a string");
            } else {
              note = Normalizer.normalize(p.getText(), Normalizer.Form.NFC);
              if (note.length() > MAX_NOTE) {
                errors.add(pointer, "too-long", "Ghi chú tối đa " + MAX_NOTE + " ký tự", "A note has at most " + MAX_NOTE + " characters");
              }
            }
          }
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) p.skipChildren();
      }
      if (p.nextToken() != null) throw malformed("Nothing may follow the JSON object");
    } catch (JsonParseException e) {
      throw malformed(e.getOriginalMessage());
    } catch (IOException e) {
      throw malformed("The body is not JSON");
    }
    if (!sawReportId) errors.add("/reportId", "required", "Thiếu trường bắt buộc", "Required");
    if (!sawStatus) errors.add("/status", "required", "Thiếu trường bắt buộc", "Required");
    Instant at = null;
    if (!sawAt) {
      errors.add("/at", "required", "Thiếu trường bắt buộc", "Required");
    } else if (atText != null) {
      try {
        at = ExchangeTime.parse(atText).toInstant();
        if (at.isAfter(now.plus(futureTolerance))) {
          errors.add("/at", "in-future", "Thời điểm nằm ở tương lai", "The time lies in the future");
          at = null;
        }
      } catch (IllegalArgumentException e) {
        errors.add("/at", "exchange-time", "Thời điểm phải theo định dạng yyyyMMddHHmmss",
            "The time must be yyyyMMddHHmmss (Asia/Ho_Chi_Minh)");
      }
    }
    if (!errors.list.isEmpty()) {
      throw invalid("The status report has errors").withErrors(errors.list).exception();
    }
    return new StatusReport(reportId, status, at, note);
  }

  /** Invalid UTF-8 is refused rather than decoded into replacement characters and stored. */
  private static String utf8(Buffer body) {
    if (body == null || body.length() == 0) throw malformed("The body is empty");
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("The body is not valid UTF-8");
    }
  }

  private static Problem invalid(String detail) {
    return Problem.of(400, "invalid-status-report", "Báo cáo trạng thái không hợp lệ", "Invalid status report").withDetail(detail);
  }

  private static ProblemException malformed(String detail) {
    return invalid(detail).withErrors(new JsonArray().add(new JsonObject()
        .put("pointer", "").put("code", "malformed").put("message", detail).put("message_vi", "Nội dung không phải JSON hợp lệ")))
        .exception();
  }

  /** One entry per problem: a JSON pointer into the body, a stable code, and the message in English and Vietnamese. */
  private static final class Errors {
    final JsonArray list = new JsonArray();

    void add(String pointer, String code, String vi, String en) {
      list.add(new JsonObject().put("pointer", pointer).put("code", code).put("message", en).put("message_vi", vi));
    }
  }
}
