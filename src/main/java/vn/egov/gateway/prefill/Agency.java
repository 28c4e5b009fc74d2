package vn.egov.gateway.prefill;

/**
 * The competent agency of a procedure.
 *
 * @param code its electronic ID code (mã định danh điện tử), the prefix of receipt codes
 *             ({@code 000.00.01.H26-260930-0012}, DESIGN.md section 5)
 */
public record Agency(String code, Localized name) {
}
