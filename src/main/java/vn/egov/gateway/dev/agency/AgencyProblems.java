package vn.egov.gateway.dev.agency;

import vn.egov.gateway.web.Problem;

/** The mock agencies' problems (RFC 9457), with stable types and titles in Vietnamese and English. */
final class AgencyProblems {
  private AgencyProblems() {
  }

  static Problem invalidJws(String detail) {
    return Problem.of(400, "invalid-dossier-jws", "Hồ sơ ký số không hợp lệ", "Invalid signed dossier").withDetail(detail);
  }

  static Problem invalidIdempotencyKey(String detail) {
    return Problem.of(400, "invalid-idempotency-key", "Khóa chống trùng lặp không hợp lệ", "Invalid idempotency key")
        .withDetail(detail);
  }

  static Problem conflict() {
    return Problem.of(409, "idempotency-key-reused", "Khóa chống trùng lặp đã dùng cho hồ sơ khác", "Idempotency key reused")
        .withDetail("This delivery key was used before for another dossier");
  }

  static Problem clientNotAllowed(String detail) {
    return Problem.of(403, "client-not-allowed", "Máy khách không được phép gửi hồ sơ", "Client not allowed").withDetail(detail);
  }

  static Problem unknownAgency() {
    return Problem.of(404, "unknown-agency", "Không có cơ quan này", "Unknown agency");
  }

  static Problem unsupportedMediaType() {
    return Problem.of(415, "unsupported-media-type", "Kiểu nội dung không được hỗ trợ", "Unsupported media type")
        .withDetail("A dossier is delivered as application/jose (a compact JWS)");
  }

  static Problem down(int retryAfterSeconds) {
    return Problem.of(503, "agency-unavailable", "Hệ thống cơ quan tạm thời không hoạt động", "Agency back end unavailable")
        .withDetail("The agency's back end is down (simulated outage)").withRetryAfter(retryAfterSeconds);
  }

  static Problem simulatedFailure(int status, int retryAfterSeconds) {
    Problem p = Problem.of(status, "simulated-failure", "Lỗi mô phỏng", "Simulated failure")
        .withDetail("The mock agency failed this attempt on purpose (simulation.failure)");
    return status == 503 ? p.withRetryAfter(retryAfterSeconds) : p;
  }

  static Problem badAdminRequest(String detail) {
    return Problem.of(400, "bad-request", "Yêu cầu không hợp lệ", "Bad request").withDetail(detail);
  }
}
