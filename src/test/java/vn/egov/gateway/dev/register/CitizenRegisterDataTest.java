package vn.egov.gateway.dev.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.dev.Citizen;
import vn.egov.gateway.dev.Citizen.Gender;
import vn.egov.gateway.dev.Citizen.Household;
import vn.egov.gateway.dev.Citizen.MaritalStatus;
import vn.egov.gateway.dev.Citizen.Member;
import vn.egov.gateway.dev.Citizen.Relationship;
import vn.egov.gateway.dev.Citizen.Relative;
import vn.egov.gateway.dev.CitizenGenerator;
import vn.egov.gateway.dev.ReferenceUnits;

/** What the synthetic citizens carry for the population register (Law on Identification 2023 Art. 9). */
class CitizenRegisterDataTest {
  private static final long SEED = 20220701L;
  private static final LocalDate REFERENCE_DATE = LocalDate.of(2025, 7, 1);
  private static final LocalDate NEW_LAW = LocalDate.of(2024, 7, 1);

  private final CitizenGenerator generator = new CitizenGenerator(SEED, CitizenGenerator.DEFAULT_POPULATION);

  /** The first 4,000 citizens and 1,000 spread over the whole million. */
  private List<Citizen> sample() {
    List<Citizen> out = new ArrayList<>();
    IntStream.range(0, 4000).forEach(i -> out.add(generator.citizen(i)));
    for (int i = 0; i < 1000; i++) out.add(generator.citizen(4000 + i * 995));
    return out;
  }

  @Test
  void theAttributesTheMockVneidAlreadyServedKeepTheirValues() throws Exception {
    // Digest of the pre-register fields of the first 2,000 citizens, taken before the register
    // attributes were added: new attributes draw from streams of their own.
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 2000; i++) {
      Citizen c = generator.citizen(i);
      String line = String.join("|", c.identityNumber(), c.fullName(), c.birthdate().toString(), c.gender().name(),
          String.valueOf(c.level()), c.password(), c.otp(), c.phone(), c.email(), c.ethnicity(), c.religion(), c.nationality(),
          c.hometown(), c.placeOfBirth(), address(c.permanentAddress()), address(c.currentAddress()), c.fatherName(),
          c.motherName(), c.maritalStatus().name(), c.upstreamSubject(), c.techId()) + "\n";
      md.update(line.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo("9a388a555d657c25badd918723ffe3f55f17f119989a4165d0c00f7ae56ad6d9");
    Citizen first = generator.citizen(0);
    assertThat(first.identityNumber()).isEqualTo("083181548752");
    assertThat(first.fullName()).isEqualTo("Nguyễn Hoài Hậu");
  }

  @Test
  void aMarriedCitizensSpouseIsAHouseholdMemberAndOnlyTheMarriedHaveOne() {
    int married = 0;
    for (Citizen c : sample()) {
      Household h = c.household();
      if (c.maritalStatus() != MaritalStatus.MARRIED) {
        assertThat(c.spouse()).as("spouse of %s (%s)", c.fullName(), c.maritalStatus()).isNull();
        continue;
      }
      married++;
      Relative spouse = c.spouse();
      assertThat(spouse).isNotNull();
      assertThat(spouse.gender()).isNotEqualTo(c.gender());
      assertThat(spouse.nationality()).isEqualTo("Việt Nam");
      assertRelativeNumber(spouse);
      Member asMember = memberWithId(h, spouse.identityNumber());
      assertThat(asMember.fullName()).isEqualTo(spouse.fullName());
      assertThat(asMember.birthdate()).isEqualTo(spouse.birthdate());
      // One of the couple heads the household, the other is the head's wife or husband.
      Relationship partnerOfHead = c.gender() == Gender.MALE ? Relationship.HUSBAND : Relationship.WIFE;
      if (c.household().relationshipToHead() == Relationship.HEAD) {
        assertThat(asMember.relationship()).isEqualTo(spouse.gender() == Gender.FEMALE ? Relationship.WIFE : Relationship.HUSBAND);
      } else {
        assertThat(c.household().relationshipToHead()).isEqualTo(partnerOfHead);
        assertThat(h.headIdentityNumber()).isEqualTo(spouse.identityNumber());
      }
      // Law on Marriage and Family 2014 Art. 8: men from 20, women from 18.
      Relative husband = c.gender() == Gender.MALE ? self(c) : spouse;
      Relative wife = c.gender() == Gender.FEMALE ? self(c) : spouse;
      assertThat(husband.birthdate().until(REFERENCE_DATE).getYears()).isGreaterThanOrEqualTo(20);
      assertThat(wife.birthdate().until(REFERENCE_DATE).getYears()).isGreaterThanOrEqualTo(18);
    }
    assertThat(married).isGreaterThan(2000);
  }

  @Test
  void householdsAreConsistentFromTheCitizensPointOfView() {
    Set<Relationship> seen = new HashSet<>();
    for (Citizen c : sample()) {
      Household h = c.household();
      List<Member> members = h.members();
      assertThat(members).isNotEmpty();
      // The head comes first, is the only head, and is who the household names.
      assertThat(members.get(0).relationship()).isEqualTo(Relationship.HEAD);
      assertThat(members.stream().filter(m -> m.relationship() == Relationship.HEAD)).hasSize(1);
      assertThat(members.get(0).identityNumber()).isEqualTo(h.headIdentityNumber());
      assertThat(members.get(0).fullName()).isEqualTo(h.headName());
      // The citizen is a member, once, with the relationship the record states.
      Member me = memberWithId(h, c.identityNumber());
      assertThat(me.fullName()).isEqualTo(c.fullName());
      assertThat(me.birthdate()).isEqualTo(c.birthdate());
      assertThat(me.relationship()).isEqualTo(h.relationshipToHead());
      assertThat(members.stream().map(Member::identityNumber).distinct()).hasSize(members.size());
      for (Member m : members) {
        assertThat(decodedYear(m.identityNumber())).as("year in %s", m.identityNumber()).isEqualTo(m.birthdate().getYear());
        assertThat(m.birthdate()).isBefore(REFERENCE_DATE);
        assertThat(Normalizer.isNormalized(m.fullName(), Normalizer.Form.NFC)).isTrue();
        if (m.relationship() == Relationship.WIFE || m.relationship() == Relationship.MOTHER
            || m.relationship() == Relationship.DAUGHTER_IN_LAW) {
          assertThat(decodedGender(m.identityNumber())).as("%s is a woman", m).isEqualTo(Gender.FEMALE);
        }
        if (m.relationship() == Relationship.HUSBAND || m.relationship() == Relationship.FATHER) {
          assertThat(decodedGender(m.identityNumber())).as("%s is a man", m).isEqualTo(Gender.MALE);
        }
        // The head's children and grandchildren are born at least 18 years after the head and the head's partner.
        if (m.relationship() == Relationship.CHILD || m.relationship() == Relationship.GRANDCHILD) {
          for (Member parent : members) {
            if (parent.relationship() == Relationship.HEAD || parent.relationship() == Relationship.WIFE
                || parent.relationship() == Relationship.HUSBAND) {
              assertThat(m.birthdate().getYear()).as("%s child of %s", m, parent).isGreaterThanOrEqualTo(parent.birthdate().getYear() + 18);
            }
          }
        }
      }
      // A citizen living as a child of the head lives with a parent of their own.
      if (h.relationshipToHead() == Relationship.CHILD) {
        assertThat(h.headIdentityNumber()).isIn(c.father().identityNumber(), c.mother().identityNumber());
      }
      seen.add(h.relationshipToHead());
    }
    assertThat(seen).contains(Relationship.HEAD, Relationship.WIFE, Relationship.HUSBAND, Relationship.CHILD, Relationship.MOTHER);
  }

  @Test
  void parentsAndChildrenHaveIdNumbersThatDecodeToPlausibleBirthYearsAndTheirSex() {
    ReferenceUnits units = ReferenceUnits.bundled();
    for (Citizen c : sample()) {
      int year = c.birthdate().getYear();
      assertThat(c.father().fullName()).isEqualTo(c.fatherName());
      assertThat(c.mother().fullName()).isEqualTo(c.motherName());
      for (Relative parent : List.of(c.father(), c.mother())) {
        assertRelativeNumber(parent);
        assertThat(units.legacyProvince(parent.identityNumber().substring(1, 3))).isPresent();
        int parentYear = decodedYear(parent.identityNumber());
        assertThat(parentYear).as("parent of a citizen born %d", year).isBetween(Math.max(1900, year - 45), year - 18);
      }
      assertThat(decodedGender(c.father().identityNumber())).isEqualTo(Gender.MALE);
      assertThat(decodedGender(c.mother().identityNumber())).isEqualTo(Gender.FEMALE);
      LocalDate previous = null;
      for (Relative child : c.children()) {
        assertRelativeNumber(child);
        assertThat(child.birthdate().getYear()).isGreaterThanOrEqualTo(year + 18);
        if (c.spouse() != null) assertThat(child.birthdate().getYear()).isGreaterThanOrEqualTo(c.spouse().birthdate().getYear() + 18);
        if (previous != null) assertThat(child.birthdate()).isAfterOrEqualTo(previous.plusMonths(9));
        previous = child.birthdate();
      }
      if (c.maritalStatus() == MaritalStatus.SINGLE) assertThat(c.children()).isEmpty();
    }
  }

  @Test
  void relativesAreNotListedCitizens() {
    for (int i = 0; i < 3000; i++) {
      Citizen c = generator.citizen(i);
      List<Relative> relatives = new ArrayList<>(List.of(c.father(), c.mother()));
      relatives.addAll(c.children());
      if (c.spouse() != null) relatives.add(c.spouse());
      for (Relative r : relatives) {
        assertThat(generator.findByIdentityNumber(r.identityNumber())).as("relative %s", r).isEmpty();
      }
      for (Member m : c.household().members()) {
        if (!m.identityNumber().equals(c.identityNumber())) assertThat(generator.findByIdentityNumber(m.identityNumber())).isEmpty();
      }
    }
  }

  @Test
  void minorsHaveAParentAsLegalRepresentativeAndAdultsNone() {
    int minors = 0;
    for (int i = 0; i < 60_000; i++) {
      Citizen c = generator.citizen(i);
      boolean minor = c.birthdate().until(REFERENCE_DATE).getYears() < 18;
      if (!minor) {
        assertThat(c.legalRepresentative()).isNull();
        continue;
      }
      minors++;
      assertThat(c.legalRepresentative()).isIn(c.father(), c.mother());
      assertThat(c.household().relationshipToHead()).isEqualTo(Relationship.CHILD);
    }
    assertThat(minors).isPositive();
  }

  @Test
  void idCardsExpireAtTwentyFiveFortyOrSixtyUnlessIssuedWithinTwoYearsOfThatAgeAndNeverFromFiftyEight() {
    int never = 0;
    int renewedAfterTheNewLaw = 0;
    for (Citizen c : sample()) {
      Citizen.IdCard card = c.idCard();
      LocalDate issued = card.issueDate();
      assertThat(issued).isAfterOrEqualTo(c.birthdate().plusYears(14)).isAfterOrEqualTo(LocalDate.of(2021, 1, 1))
          .isBefore(REFERENCE_DATE);
      assertThat(card.expiryDate()).as("expiry of a card issued %s to someone born %s", issued, c.birthdate())
          .isEqualTo(expectedExpiry(c.birthdate(), issued));
      // The card in the register is the one in force.
      if (card.expiryDate() == null) {
        never++;
        assertThat(issued).isAfterOrEqualTo(c.birthdate().plusYears(58));
      } else {
        assertThat(card.expiryDate()).isAfterOrEqualTo(REFERENCE_DATE);
      }
      if (issued.isBefore(NEW_LAW)) {
        assertThat(card.issuePlace()).isEqualTo("Cục Cảnh sát quản lý hành chính về trật tự xã hội");
      } else {
        renewedAfterTheNewLaw++;
        assertThat(card.issuePlace()).isEqualTo("Bộ Công an");
      }
      assertThat(c.updatedAt()).isAfterOrEqualTo(issued.atStartOfDay(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant());
      assertThat(c.updatedAt()).isBefore(REFERENCE_DATE.atStartOfDay(ZoneId.of("Asia/Ho_Chi_Minh")).toInstant());
    }
    assertThat(never).isGreaterThan(100);
    assertThat(renewedAfterTheNewLaw).isGreaterThan(10);
  }

  @Test
  void formerCmndOnlyForPeopleBornBeforeAboutTwoThousand() {
    int olderWithout = 0;
    int older = 0;
    for (Citizen c : sample()) {
      int year = c.birthdate().getYear();
      if (year >= 2003) assertThat(c.formerIdNumber()).isNull();
      if (c.formerIdNumber() != null) {
        assertThat(c.formerIdNumber()).matches("(01|11)[0-9]{7}").isNotEqualTo(c.identityNumber());
      }
      if (year < 2000) {
        older++;
        if (c.formerIdNumber() == null) olderWithout++;
      }
    }
    assertThat(olderWithout).isLessThan(older / 10);
  }

  @Test
  void otherCivilAttributesHaveTheirShapesAndShares() {
    List<Citizen> sample = sample();
    int withOtherNames = 0;
    int withTemporary = 0;
    Set<Citizen.BloodType> bloodTypes = new HashSet<>();
    for (Citizen c : sample) {
      bloodTypes.add(c.bloodType());
      assertThat(c.bloodType()).isNotNull();
      if (!c.otherNames().isEmpty()) {
        withOtherNames++;
        assertThat(c.otherNames()).doesNotContain(c.fullName());
        assertThat(c.otherNames().get(0)).startsWith(c.fullName().substring(0, c.fullName().indexOf(' ') + 1));
      }
      if (c.temporaryAddress() != null) {
        withTemporary++;
        assertThat(c.temporaryAddress()).isEqualTo(c.currentAddress()).isNotEqualTo(c.permanentAddress());
      }
      assertThat(c.residenceFileNumber()).matches("[0-9]{13}")
          .startsWith(c.permanentAddress().provinceCode() + c.permanentAddress().communeCode());
      String registeredIn = ReferenceUnits.bundled().legacyProvince(c.identityNumber().substring(1, 3)).orElseThrow().name();
      assertThat(c.birthRegistrationPlace()).endsWith(registeredIn);
      assertThat(Normalizer.isNormalized(c.birthRegistrationPlace(), Normalizer.Form.NFC)).isTrue();
    }
    assertThat(bloodTypes).containsExactlyInAnyOrder(Citizen.BloodType.values());
    assertThat(withOtherNames).isBetween(1, sample.size() / 20);
    assertThat(withTemporary).isBetween(sample.size() / 20, sample.size() / 2);
  }

  /** Law on Identification 2023 Art. 21, written out independently of the generator. */
  private static LocalDate expectedExpiry(LocalDate birthdate, LocalDate issued) {
    for (int age : new int[] {25, 40, 60}) {
      LocalDate due = birthdate.plusYears(age);
      if (issued.isBefore(due.minusYears(2))) return due;
    }
    return null;
  }

  private static void assertRelativeNumber(Relative r) {
    assertThat(r.identityNumber()).matches("[0-9]{12}");
    assertThat(decodedYear(r.identityNumber())).as("year in %s", r.identityNumber()).isEqualTo(r.birthdate().getYear());
    assertThat(decodedGender(r.identityNumber())).as("sex in %s", r.identityNumber()).isEqualTo(r.gender());
  }

  /** DOMAIN.md: year of birth = 1900 + 100 x (d div 2) + YY. */
  private static int decodedYear(String id) {
    int d = id.charAt(3) - '0';
    return 1900 + 100 * (d / 2) + Integer.parseInt(id.substring(4, 6));
  }

  private static Gender decodedGender(String id) {
    return (id.charAt(3) - '0') % 2 == 0 ? Gender.MALE : Gender.FEMALE;
  }

  private static Member memberWithId(Household h, String id) {
    List<Member> found = h.members().stream().filter(m -> m.identityNumber().equals(id)).toList();
    assertThat(found).as("members of %s with %s", h, id).hasSize(1);
    return found.get(0);
  }

  private static Relative self(Citizen c) {
    return new Relative(c.fullName(), c.identityNumber(), c.birthdate(), c.gender(), c.nationality());
  }

  private static String address(Citizen.Address a) {
    return String.join(",", a.provinceCode(), a.communeCode(), String.valueOf(a.legacyDistrictCode()), a.detail(), a.fullText());
  }
}
