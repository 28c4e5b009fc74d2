package vn.egov.gateway.dev;

import java.time.LocalDate;

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
    String techId) {

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
}
