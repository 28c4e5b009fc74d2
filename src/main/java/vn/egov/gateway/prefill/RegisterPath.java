package vn.egov.gateway.prefill;

import java.util.Optional;

/**
 * A prefill source: a path into the population-register record, naming an attribute
 * ({@code fullName}, {@code permanentAddress}) or one member of an object attribute
 * ({@code father.fullName}, {@code household.headName}).
 *
 * @param member the member of an object attribute, or null for the whole attribute
 */
public record RegisterPath(RegisterAttribute attribute, String member) {

  /** Parses a path, or empty if it names no known attribute or member. */
  public static Optional<RegisterPath> parse(String path) {
    if (path == null) return Optional.empty();
    String[] parts = path.split("\\.", -1);
    if (parts.length > 2) return Optional.empty();
    Optional<RegisterAttribute> top = RegisterAttribute.of(parts[0]);
    if (top.isEmpty()) return Optional.empty();
    if (parts.length == 1) return Optional.of(new RegisterPath(top.get(), null));
    if (!top.get().members().contains(parts[1])) return Optional.empty();
    return Optional.of(new RegisterPath(top.get(), parts[1]));
  }

  /** The shape of the value this path reads. */
  public RegisterAttribute.Kind kind() {
    if (member == null) return attribute.kind();
    if (member.equals("members")) return RegisterAttribute.Kind.LIST;
    return member.endsWith("Date") || member.equals("birthdate") ? RegisterAttribute.Kind.DATE : RegisterAttribute.Kind.TEXT;
  }

  @Override
  public String toString() {
    return member == null ? attribute.attribute() : attribute.attribute() + "." + member;
  }
}
