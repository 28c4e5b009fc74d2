package vn.egov.gateway.dev;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A synthetic citizen as the population register and VNeID would know them (DOMAIN.md, Law on
 * Identification 2023 Art. 9). Made by {@link CitizenGenerator}; every text is NFC-normalised.
 *
 * @param index           position in the synthetic population, 0-based
 * @param identityNumber  12-digit personal identification number (số định danh cá nhân)
 * @param level           VNeID account level, 1 or 2 (Decree 69/2024)
 * @param password        the password the mock VNeID accepts for this account
 * @param otp             the one-time code the mock VNeID accepts for this account
 * @param hometown        quê quán, a province name
 * @param placeOfBirth    nơi sinh, a province name
 * @param upstreamSubject the mock VNeID's own opaque {@code sub} for this account
 * @param techId          VNeID's technical account id ({@code TechID} claim)
 * @param otherNames      tên gọi khác; usually empty
 * @param birthRegistrationPlace nơi đăng ký khai sinh: the unit where the birth was registered, in
 *                        the province the ID number's prefix names
 * @param formerIdNumber  the old 9-digit CMND ("former document number" only, never a key), or
 *                        {@code null} for people who never had one
 * @param spouse          {@code null} unless {@link MaritalStatus#MARRIED}
 * @param children        oldest first; they need not live in the citizen's household
 * @param legalRepresentative a parent for a minor, {@code null} for an adult
 * @param temporaryAddress nơi tạm trú, or {@code null} (most people have none)
 * @param residenceFileNumber số hồ sơ cư trú (the format is the mock's own: no public spec)
 * @param updatedAt       when the register last changed this record
 */
public record Citizen(
    int index,
    String identityNumber,
    String fullName,
    LocalDate birthdate,
    Gender gender,
    int level,
    String password,
    String otp,
    String phone,
    String email,
    String ethnicity,
    String religion,
    String nationality,
    String hometown,
    String placeOfBirth,
    Address permanentAddress,
    Address currentAddress,
    String fatherName,
    String motherName,
    MaritalStatus maritalStatus,
    String upstreamSubject,
    String techId,
    List<String> otherNames,
    String birthRegistrationPlace,
    BloodType bloodType,
    String formerIdNumber,
    IdCard idCard,
    Relative father,
    Relative mother,
    Relative spouse,
    List<Relative> children,
    Relative legalRepresentative,
    Address temporaryAddress,
    String residenceFileNumber,
    Household household,
    Instant updatedAt) {

  public Citizen {
    otherNames = List.copyOf(otherNames);
    children = List.copyOf(children);
  }

  public enum Gender {
    MALE("Nam"), FEMALE("Nữ");

    private final String vietnamese;

    Gender(String vietnamese) {
      this.vietnamese = vietnamese;
    }

    /** The register's word: {@code Nam} or {@code Nữ}. */
    public String vietnamese() {
      return vietnamese;
    }
  }

  public enum MaritalStatus {
    SINGLE("Chưa kết hôn"), MARRIED("Đã kết hôn"), DIVORCED("Ly hôn"), WIDOWED("Góa");

    private final String vietnamese;

    MaritalStatus(String vietnamese) {
      this.vietnamese = vietnamese;
    }

    public String vietnamese() {
      return vietnamese;
    }
  }

  /**
   * A structured address as the register holds it (DOMAIN.md): province and commune codes, the
   * street-level detail, and for data from before 1 July 2025 the legacy district code. When
   * {@code legacyDistrictCode} is set, {@code communeCode} is a pre-2025 ward code (see
   * {@code hanoi-units-legacy.csv}) that prefill converts to a current unit.
   */
  public record Address(String provinceCode, String communeCode, String legacyDistrictCode, String detail, String fullText) {
    public boolean legacy() {
      return legacyDistrictCode != null;
    }
  }

  /** ABO group as the register records it; Rh is not kept by the mock. Sensitive: never prefilled (DOMAIN.md). */
  public enum BloodType {
    O, A, B, AB
  }

  /**
   * The identity card (thẻ căn cước công dân / thẻ căn cước) in force. Its number is the identity
   * number. {@code expiryDate} is the birthday at 25, 40 or 60, or {@code null}: a card issued
   * from the age of 58 never expires (Law on Identification 2023 Art. 21).
   */
  public record IdCard(LocalDate issueDate, String issuePlace, LocalDate expiryDate) {
  }

  /**
   * A parent, spouse, child or other household member. Relatives are not themselves listed
   * citizens: their ID numbers are well formed (birth province, century/sex, year) but find nobody.
   */
  public record Relative(String fullName, String identityNumber, LocalDate birthdate, Gender gender, String nationality) {
  }

  /** Quan hệ với chủ hộ: a member's relationship to the household head, in the register's words. */
  public enum Relationship {
    HEAD("Chủ hộ"), WIFE("Vợ"), HUSBAND("Chồng"), CHILD("Con"), FATHER("Bố"), MOTHER("Mẹ"),
    DAUGHTER_IN_LAW("Con dâu"), GRANDCHILD("Cháu");

    private final String vietnamese;

    Relationship(String vietnamese) {
      this.vietnamese = vietnamese;
    }

    public String vietnamese() {
      return vietnamese;
    }
  }

  /** One member of the household; every relationship is to the head, the head's own is {@link Relationship#HEAD}. */
  public record Member(String fullName, String identityNumber, Relationship relationship, LocalDate birthdate) {
  }

  /**
   * The household the citizen belongs to (hộ gia đình), as their own record shows it: the head,
   * the citizen's relationship to the head, and every member, the head first and the citizen among them.
   */
  public record Household(String headName, String headIdentityNumber, Relationship relationshipToHead, List<Member> members) {
    public Household {
      members = List.copyOf(members);
    }
  }
}
