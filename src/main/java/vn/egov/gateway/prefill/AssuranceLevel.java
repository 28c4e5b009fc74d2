package vn.egov.gateway.prefill;

/**
 * The VNeID level a procedure requires (Decree 69/2024/NĐ-CP: the service decides), carried as
 * the {@code acr} value of DESIGN.md section 3.
 */
public enum AssuranceLevel {
  /** Account registered in the app, data matched automatically against the register. */
  LOA1("LoA1"),
  /** Issued in person, verified by face or fingerprint; counts as presenting the ID card. */
  LOA2("LoA2");

  private final String acr;

  AssuranceLevel(String acr) {
    this.acr = acr;
  }

  public String acr() {
    return acr;
  }

  /** Whether a login at this level satisfies a procedure that requires {@code required}. */
  public boolean satisfies(AssuranceLevel required) {
    return compareTo(required) >= 0;
  }
}
