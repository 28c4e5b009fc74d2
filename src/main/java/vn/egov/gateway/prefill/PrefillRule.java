package vn.egov.gateway.prefill;

/**
 * One mapping from the register into a procedure's form.
 *
 * @param field  JSON pointer (RFC 6901) into the form, e.g. {@code /applicant/fullName}
 * @param source register attribute path, e.g. {@code fullName}, {@code father.fullName}
 * @param locked whether the citizen must send the value back unchanged (checked on submission)
 */
public record PrefillRule(String field, RegisterPath source, boolean locked) {

  /** The top-level register attribute read, e.g. {@code father} for {@code father.fullName}. */
  public RegisterAttribute attribute() {
    return source.attribute();
  }
}
