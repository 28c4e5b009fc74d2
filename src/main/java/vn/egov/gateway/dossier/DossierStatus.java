package vn.egov.gateway.dossier;

import java.util.Arrays;
import java.util.List;

/**
 * The national public service portal's dossier status codes (DOMAIN.md, unconfirmed: the codes
 * themselves travel as plain integers so a change of list is a data change, not a schema one).
 */
public enum DossierStatus {
  NEW(1, "Mới đăng ký", "New", false),
  ACCEPTED(2, "Được tiếp nhận", "Accepted", false),
  REFUSED(3, "Không được tiếp nhận", "Refused", true),
  PROCESSING(4, "Đang xử lý", "Processing", false),
  MORE_DOCUMENTS_REQUESTED(5, "Yêu cầu bổ sung giấy tờ", "More documents requested", false),
  FEES_REQUESTED(6, "Yêu cầu thực hiện nghĩa vụ tài chính", "Fees requested", false),
  WITHDRAWN(7, "Công dân yêu cầu rút hồ sơ", "Withdrawn by the citizen", true),
  STOPPED(8, "Dừng xử lý", "Processing stopped", true),
  RESOLVED(9, "Đã xử lý xong", "Resolved", true),
  RESULT_RETURNED(10, "Đã trả kết quả", "Result returned", true);

  private final int code;
  private final String nameVi;
  private final String nameEn;
  private final boolean closing;

  DossierStatus(int code, String nameVi, String nameEn, boolean closing) {
    this.code = code;
    this.nameVi = nameVi;
    this.nameEn = nameEn;
    this.closing = closing;
  }

  public int code() {
    return code;
  }

  public String nameVi() {
    return nameVi;
  }

  public String nameEn() {
    return nameEn;
  }

  /**
   * Whether reaching this status ends the agency's handling: refused, withdrawn, stopped, resolved
   * or returned. A closed dossier is no longer "in progress", cannot become overdue, and counts as
   * resolved in the statistics at the time it first closed.
   */
  public boolean closing() {
    return closing;
  }

  public static boolean isValid(int code) {
    return code >= 1 && code <= 10;
  }

  public static DossierStatus of(int code) {
    if (!isValid(code)) throw new IllegalArgumentException("dossier status must be 1-10, was " + code);
    return values()[code - 1];
  }

  /** The codes of the closing statuses, ascending. */
  public static List<Integer> closingCodes() {
    return Arrays.stream(values()).filter(DossierStatus::closing).map(DossierStatus::code).toList();
  }
}
