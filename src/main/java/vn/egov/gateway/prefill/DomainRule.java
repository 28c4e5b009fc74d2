package vn.egov.gateway.prefill;

import java.util.List;
import java.util.Optional;

/**
 * A Vietnamese domain rule the form validator applies to a procedure's dossiers, with the form
 * fields it reads (JSON pointers). The validator is built elsewhere (forms/); the catalogue only
 * checks that the rule is known and its fields exist.
 *
 * @param id     as written in the procedure file, e.g. {@code age-range:6-11}
 * @param fields the form fields it applies to; empty for form-wide rules such as {@code nfc}
 */
public record DomainRule(String id, Kind kind, List<String> fields) {

  public DomainRule {
    fields = List.copyOf(fields);
  }

  /** The known rules and how many fields each reads. */
  public enum Kind {
    /** 12-digit ID number whose decoded year and sex match the declared birthdate and gender: [id, birthdate, gender]. */
    IDENTITY_NUMBER_CONSISTENT("identity-number-consistent", 3, 3),
    /** A date of birth not after the day of filing. */
    BIRTHDATE_NOT_FUTURE("birthdate-not-future", 1, Integer.MAX_VALUE),
    /** A date not after the day of filing (other dates than births). */
    DATE_NOT_FUTURE("date-not-future", 1, Integer.MAX_VALUE),
    /** A Vietnamese mobile number. */
    VN_MOBILE("vn-mobile", 1, Integer.MAX_VALUE),
    EMAIL("email", 1, Integer.MAX_VALUE),
    /** Province and commune codes that name units in force on the day of filing. */
    ADMIN_UNIT_VALID("admin-unit-valid", 1, Integer.MAX_VALUE),
    /** Age in whole years on the day of filing within {@code age-range:MIN-MAX}, from a birthdate. */
    AGE_RANGE("age-range", 1, 1),
    /** Every text NFC-normalised (DESIGN.md section 7); applies to the whole form. */
    NFC("nfc", 0, 0);

    private final String name;
    private final int minFields;
    private final int maxFields;

    Kind(String name, int minFields, int maxFields) {
      this.name = name;
      this.minFields = minFields;
      this.maxFields = maxFields;
    }

    public String ruleName() {
      return name;
    }

    public int minFields() {
      return minFields;
    }

    public int maxFields() {
      return maxFields;
    }

    public static Optional<Kind> of(String name) {
      for (Kind k : values()) if (k.name.equals(name)) return Optional.of(k);
      return Optional.empty();
    }
  }

  /** The bounds of an {@code age-range:MIN-MAX} rule, as {@code [min, max]}. */
  public int[] ageRange() {
    if (kind != Kind.AGE_RANGE) throw new IllegalStateException(id + " is not an age range");
    String[] bounds = id.substring(id.indexOf(':') + 1).split("-");
    return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
  }
}
