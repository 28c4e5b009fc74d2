package vn.egov.gateway.dossier;

import java.util.Arrays;
import java.util.List;

/**
 * The national public service portal's dossier status codes (DOMAIN.md, unconfirmed: the codes
 * themselves travel as plain integers so a change of list is a data change, not a schema one).
 */
public enum DossierStatus {
  NEW(1, "Mới đăng ký", false),
  ACCEPTED(2, "Được tiếp nhận", false),
  REFUSED(3, "Không được tiếp nhận", true),
  PROCESSING(4, "Đang xử lý", false),
  MORE_DOCUMENTS_REQUESTED(5, "Yêu cầu bổ sung giấy tờ", false),
  FEES_REQUESTED(6, "Yêu cầu thực hiện nghĩa vụ tài chính", false),
  WITHDRAWN(7, "Công dân yêu cầu rút hồ sơ", true),
  STOPPED(8, "Dừng xử lý", true),
  RESOLVED(9, "Đã xử lý xong", true),
  RESULT_RETURNED(10, "Đã trả kết quả", true);

  private final int code;
  private final String nameVi;
  private final boolean closing;

  DossierStatus(int code, String nameVi, boolean closing) {
    this.code = code;
    this.nameVi = nameVi;
    this.closing = closing;
  }

  public int code() {
    return code;
  }

  public String nameVi() {
    return nameVi;
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
