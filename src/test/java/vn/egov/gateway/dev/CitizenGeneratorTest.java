package vn.egov.gateway.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vn.egov.gateway.dev.Citizen.Address;
import vn.egov.gateway.dev.Citizen.Gender;

class CitizenGeneratorTest {
  private static final long SEED = 20220701L;
  private static final Pattern MOBILE = Pattern.compile("0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}");
  private static final Pattern EMAIL = Pattern.compile("[a-z0-9.]+@[a-z0-9.-]+\\.[a-z]{2,}");
  private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private final CitizenGenerator generator = new CitizenGenerator(SEED, CitizenGenerator.DEFAULT_POPULATION);

  /** The first 3,000 citizens and 2,000 spread over the whole million. */
  private static List<Integer> sample() {
    List<Integer> out = new ArrayList<>();
    IntStream.range(0, 3000).forEach(out::add);
    for (int i = 0; i < 2000; i++) out.add(3000 + i * 498);
    out.add(CitizenGenerator.DEFAULT_POPULATION - 1);
    return out;
  }

  @Test
  void sameSeedAndIndexGiveTheSameCitizenInAnotherInstance() {
    CitizenGenerator other = new CitizenGenerator(SEED, CitizenGenerator.DEFAULT_POPULATION);
    for (int i : List.of(0, 1, 2, 77, 123_456, 999_999)) {
      assertThat(other.citizen(i)).isEqualTo(generator.citizen(i));
    }
    CitizenGenerator reseeded = new CitizenGenerator(SEED + 1, CitizenGenerator.DEFAULT_POPULATION);
    assertThat(reseeded.citizen(0).identityNumber()).isNotEqualTo(generator.citizen(0).identityNumber());
    assertThat(reseeded.citizen(0).upstreamSubject()).isNotEqualTo(generator.citizen(0).upstreamSubject());
  }

  @Test
  void identityNumberEncodesBirthProvinceYearAndSexAsDomainSays() {
    ReferenceUnits units = ReferenceUnits.bundled();
    for (int i : sample()) {
      Citizen c = generator.citizen(i);
      String id = c.identityNumber();
      assertThat(id).as("index %d", i).matches("[0-9]{12}");
      assertThat(units.legacyProvince(id.substring(1, 3))).as("prefix of %s", id).isPresent();
      assertThat(id).startsWith("0");
      int d = id.charAt(3) - '0';
      int yy = Integer.parseInt(id.substring(4, 6));
      assertThat(1900 + 100 * (d / 2) + yy).as("year of %s", id).isEqualTo(c.birthdate().getYear());
      assertThat(d % 2 == 0 ? Gender.MALE : Gender.FEMALE).as("sex of %s", id).isEqualTo(c.gender());
      assertThat(c.birthdate().getYear()).isBetween(1940, 2008);
      assertThat(units.legacyProvince(id.substring(1, 3)).orElseThrow().name()).isEqualTo(c.placeOfBirth());
    }
  }

  @Test
  void identityNumbersAreUniqueAndMostlyRegisteredInHanoi() {
    Set<String> ids = new HashSet<>();
    int hanoi = 0;
    for (int i = 0; i < 20_000; i++) {
      String id = generator.citizen(i).identityNumber();
      assertThat(ids.add(id)).as("duplicate %s", id).isTrue();
      if (id.startsWith("001")) hanoi++;
    }
    assertThat(hanoi).isBetween(13_000, 15_800);
  }

  @Test
  void findByIdentityNumberRoundTrips() {
    for (int i : sample()) {
      Citizen c = generator.citizen(i);
      assertThat(generator.findByIdentityNumber(c.identityNumber())).contains(c);
    }
  }

  @Test
  void findByIdentityNumberRejectsANearMiss() {
    for (int i = 0; i < 500; i++) {
      Citizen c = generator.citizen(i);
      String id = c.identityNumber();
      for (int pos = 0; pos < 12; pos++) {
        char changed = (char) ('0' + (id.charAt(pos) - '0' + 1) % 10);
        String nearMiss = id.substring(0, pos) + changed + id.substring(pos + 1);
        Optional<Citizen> found = generator.findByIdentityNumber(nearMiss);
        if (pos < 6) {
          // Prefix, century/sex and year do not take part in the index: the regenerated ID differs.
          assertThat(found).as("%s (digit %d changed)", nearMiss, pos).isEmpty();
        } else {
          // Another serial decodes to another index; it is found only if that citizen really has this ID.
          found.ifPresent(other -> {
            assertThat(other.identityNumber()).isEqualTo(nearMiss);
            assertThat(other.index()).isNotEqualTo(c.index());
          });
        }
      }
    }
  }

  @Test
  void findByIdentityNumberRejectsMalformedInput() {
    String id = generator.citizen(0).identityNumber();
    assertThat(generator.findByIdentityNumber(null)).isEmpty();
    assertThat(generator.findByIdentityNumber("")).isEmpty();
    assertThat(generator.findByIdentityNumber(id.substring(1))).isEmpty();
    assertThat(generator.findByIdentityNumber(id + "0")).isEmpty();
    assertThat(generator.findByIdentityNumber(" " + id.substring(1))).isEmpty();
    assertThat(generator.findByIdentityNumber(id.substring(0, 11) + "a")).isEmpty();
    assertThat(generator.findByIdentityNumber("-" + id.substring(1))).isEmpty();
    // Full-width and Arabic-Indic digits are digits to Character.isDigit, not to an ID number.
    StringBuilder fullWidth = new StringBuilder();
    StringBuilder arabic = new StringBuilder();
    for (char ch : id.toCharArray()) {
      fullWidth.append((char) ('\uFF10' + (ch - '0')));
      arabic.append((char) ('\u0660' + (ch - '0')));
    }
    assertThat(generator.findByIdentityNumber(fullWidth.toString())).isEmpty();
    assertThat(generator.findByIdentityNumber(arabic.toString())).isEmpty();
  }

  @Test
  void aSmallerPopulationEndsAtItsSize() {
    CitizenGenerator small = new CitizenGenerator(SEED, 1000);
    assertThat(small.citizen(999)).isEqualTo(generator.citizen(999));
    assertThatThrownBy(() -> small.citizen(1000)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> small.citizen(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(small.findByIdentityNumber(generator.citizen(5000).identityNumber())).isEmpty();
    assertThatThrownBy(() -> new CitizenGenerator(SEED, 1_000_001)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CitizenGenerator(SEED, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serialPermutationIsABijectionOfTheWholeDomain() {
    SerialPermutation p = new SerialPermutation(SEED);
    boolean[] seen = new boolean[SerialPermutation.DOMAIN];
    int fixedPoints = 0;
    for (int i = 0; i < SerialPermutation.DOMAIN; i++) {
      int e = p.encode(i);
      assertThat(seen[e]).as("image %d hit twice", e).isFalse();
      seen[e] = true;
      if (e == i) fixedPoints++;
      if (i % 997 == 0) assertThat(p.decode(e)).isEqualTo(i);
    }
    assertThat(fixedPoints).isLessThan(20);
  }

  @Test
  void namesAreNfcVietnameseWithDiacritics() {
    int withDiacritics = 0;
    int n = 5000;
    for (int i = 0; i < n; i++) {
      Citizen c = generator.citizen(i);
      for (String name : List.of(c.fullName(), c.fatherName(), c.motherName())) {
        assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).as(name).isTrue();
        assertThat(name).matches("\\p{Lu}\\p{Ll}*( \\p{Lu}\\p{Ll}*){2,3}");
      }
      String family = c.fullName().substring(0, c.fullName().indexOf(' '));
      assertThat(c.fatherName()).startsWith(family + " ");
      if (!c.fullName().chars().allMatch(ch -> ch < 128)) withDiacritics++;
      assertThat(c.gender() == Gender.FEMALE || !c.fullName().contains(" Thị ")).as(c.fullName()).isTrue();
      assertThat(c.motherName()).doesNotContain(" Văn ");
    }
    assertThat(withDiacritics).isGreaterThan(n * 9 / 10);
    // A name that needs composed characters: "Nguyễn" is six code points in NFC, more in NFD.
    assertThat(Vocabulary.FAMILY_NAMES.values()).contains("Nguyễn", "Trần", "Đặng", "Huỳnh");
    assertThat(Vocabulary.FAMILY_NAMES.values().get(0)).hasSize(6);
  }

  @Test
  void contactDetailsAndSecretsHaveTheirFormats() {
    for (int i = 0; i < 5000; i++) {
      Citizen c = generator.citizen(i);
      assertThat(c.phone()).as("phone").matches(MOBILE);
      assertThat(c.email()).as("email").matches(EMAIL);
      assertThat(c.password()).matches("Vneid@[0-9]{4}");
      assertThat(c.otp()).matches("[0-9]{6}");
      assertThat(c.upstreamSubject()).matches(UUID_V4);
      assertThat(c.techId()).matches(UUID_V4).isNotEqualTo(c.upstreamSubject());
      assertThat(c.nationality()).isEqualTo("Việt Nam");
      assertThat(c.upstreamSubject()).doesNotContain(c.identityNumber());
    }
    Citizen first = generator.citizen(0);
    String asciiName = CitizenGenerator.ascii(first.fullName()).replace(" ", "");
    assertThat(asciiName).matches("[a-z]+");
    String given = CitizenGenerator.ascii(first.fullName().substring(first.fullName().lastIndexOf(' ') + 1));
    assertThat(first.email()).contains(given);
  }

  @Test
  void bothLevelsAreCommonAndAppearAmongTheFirstAccounts() {
    assertThat(generator.citizen(0).level()).isEqualTo(2);
    assertThat(generator.citizen(1).level()).isEqualTo(1);
    long level1 = IntStream.range(0, 3000).filter(i -> generator.citizen(i).level() == 1).count();
    assertThat(level1).isEqualTo(1000);
  }

  @Test
  void addressesUseCommuneCodesFromTheReferenceFiles() {
    ReferenceUnits units = ReferenceUnits.bundled();
    int legacy = 0;
    int n = 5000;
    for (int i = 0; i < n; i++) {
      Citizen c = generator.citizen(i);
      for (Address a : List.of(c.permanentAddress(), c.currentAddress())) {
        assertThat(a.provinceCode()).isEqualTo("01");
        assertThat(a.communeCode()).matches("[0-9]{5}");
        String communeName = units.communeName(a.communeCode(), a.legacyDistrictCode()).orElseThrow(
            () -> new AssertionError("unknown commune " + a));
        if (a.legacy()) {
          var ward = units.hanoiLegacyWard(a.communeCode()).orElseThrow();
          assertThat(a.fullText()).contains(ward.districtName());
        } else {
          assertThat(units.hanoiCommune(a.communeCode())).isPresent();
        }
        assertThat(a.fullText()).isEqualTo(a.detail() + ", " + communeName
            + (a.legacy() ? ", " + units.hanoiLegacyWard(a.communeCode()).orElseThrow().districtName() : "")
            + ", Thành phố Hà Nội");
        assertThat(Normalizer.isNormalized(a.fullText(), Normalizer.Form.NFC)).isTrue();
      }
      assertThat(c.currentAddress().legacy()).as("current addresses use 2025 units").isFalse();
      if (c.permanentAddress().legacy()) legacy++;
    }
    assertThat(legacy).isBetween(n * 10 / 100, n * 20 / 100);
  }

  @Test
  void referenceFilesAreCompleteCopies() {
    ReferenceUnits units = ReferenceUnits.bundled();
    assertThat(units.legacyProvinces()).hasSize(63);
    assertThat(units.hanoiCommunes()).hasSize(126);
    assertThat(units.hanoiLegacyWards()).hasSize(526);
    assertThat(units.province("01").orElseThrow().name()).isEqualTo("Hà Nội");
    // A merged unit kept a predecessor's code: the legacy district decides which table applies.
    assertThat(units.communeName("00004", null)).contains("Phường Ba Đình");
    assertThat(units.communeName("00004", "001")).contains("Phường Trúc Bạch");
    assertThat(units.communeName("00004", "002")).isEmpty();
  }
}
