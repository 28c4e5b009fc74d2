package vn.egov.gateway.dev.register;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import vn.egov.gateway.web.Problem;

/**
 * The register's problems (RFC 9457), each with a stable {@code type} under
 * {@link Problem#TYPE_BASE} and titles in Vietnamese and English. The gateway's register client
 * tells them apart by {@code type}.
 */
final class RegisterProblems {
  private RegisterProblems() {
  }

  static Problem invalidIdentityNumber() {
    return Problem.of(400, "invalid-identity-number", "Số định danh cá nhân không hợp lệ", "Invalid identity number")
        .withDetail("An identity number is 12 ASCII digits");
  }

  static Problem invalidFields(String detail) {
    return Problem.of(400, "invalid-fields", "Tham số fields không hợp lệ", "Invalid fields parameter").withDetail(detail);
  }

  /** Names every unknown attribute, in {@code detail} and one entry each in {@code errors}. */
  static Problem unknownAttributes(List<String> unknown) {
    JsonArray errors = new JsonArray();
    for (String name : unknown) {
      errors.add(new JsonObject().put("parameter", "fields").put("code", "unknown-attribute").put("value", name));
    }
    return Problem.of(400, "unknown-attributes", "Thuộc tính không tồn tại", "Unknown attributes")
        .withDetail("Unknown attributes: " + String.join(", ", unknown) + ". Known: " + String.join(", ", CitizenRecord.ATTRIBUTES))
        .withErrors(errors);
  }

  /** The number is not repeated: the caller has it, and problems end up in logs. */
  static Problem citizenNotFound() {
    return Problem.of(404, "citizen-not-found", "Không tìm thấy công dân", "Citizen not found")
        .withDetail("No citizen has this identity number");
  }

  static Problem clientNotAllowed(String detail) {
    return Problem.of(403, "client-not-allowed", "Máy khách không được phép truy cập", "Client not allowed").withDetail(detail);
  }

  /** Routing failures (unknown path, wrong method) and our own bugs. */
  static Problem generic(int status) {
    return switch (status) {
      case 400 -> Problem.of(400, "bad-request", "Yêu cầu không hợp lệ", "Bad request");
      case 404 -> Problem.of(404, "not-found", "Không tìm thấy", "Not found");
      case 405 -> Problem.of(405, "method-not-allowed", "Phương thức không được hỗ trợ", "Method not allowed");
      default -> status >= 500
          ? Problem.of(status, "internal-error", "Lỗi hệ thống", "Internal error")
          : Problem.of(status, "client-error", "Yêu cầu không hợp lệ", "Client error");
    };
  }
}
