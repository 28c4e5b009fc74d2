package vn.egov.gateway.dev;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import vn.egov.gateway.dev.Citizen.Address;
import vn.egov.gateway.dev.Citizen.Gender;
import vn.egov.gateway.dev.Citizen.MaritalStatus;
import vn.egov.gateway.dev.ReferenceUnits.Commune;
import vn.egov.gateway.dev.ReferenceUnits.LegacyWard;
import vn.egov.gateway.dev.ReferenceUnits.Province;

/**
 * A deterministic synthetic population: citizen {@code i} is a pure function of (seed, i), made
 * on demand, so a million citizens cost no memory. The last six digits of every ID number are a
 * keyed permutation of the index ({@link SerialPermutation}), which makes the lookup by ID number
 * O(1): decode the index, regenerate, compare.
 */
public final class CitizenGenerator {
  public static final int DEFAULT_POPULATION = 1_000_000;
  /** Six serial digits in an ID number: at most a million distinct citizens per seed. */
  public static final int MAX_POPULATION = SerialPermutation.DOMAIN;

  private static final String HANOI_PREFIX = ReferenceUnits.HANOI_CODE;
  private static final String HANOI_FULL_NAME = "Thành phố Hà Nội";
  /** Ages and marital status are computed against this date, not "now", so output never drifts. */
  private static final LocalDate REFERENCE_DATE = LocalDate.of(2025, 7, 1);

  // One salt per purpose: changing how names are drawn does not change passwords, and so on.
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  private static final long SALT_PERSON = 0x1A2B_3C4D_5E6F_7081L;
  private static final long SALT_SECRETS = 0x7E57_AB1E_C0DE_5EC7L;
  private static final long SALT_SUBJECT = 0x50B1_EC70_0000_0001L;
  private static final long SALT_TECH_ID = 0x7EC4_1D00_0000_0002L;

  private final long seed;
  private final int population;
  private final ReferenceUnits units;
  private final SerialPermutation serials;
  private final Province hanoi;
  private final List<Province> otherProvinces;
  private final List<Province> allProvinces;
  private final List<Commune> communes;
  private final List<LegacyWard> legacyWards;

  public CitizenGenerator(long seed, int population) {
    this(seed, population, ReferenceUnits.bundled());
  }

  public CitizenGenerator(long seed, int population, ReferenceUnits units) {
    if (population < 1 || population > MAX_POPULATION) {
      throw new IllegalArgumentException("population must be between 1 and " + MAX_POPULATION + " (got " + population + ")");
    }
    this.seed = seed;
    this.population = population;
    this.units = units;
    this.serials = new SerialPermutation(seed);
    this.allProvinces = units.legacyProvinces();
    this.hanoi = units.legacyProvince(HANOI_PREFIX).orElseThrow();
    this.otherProvinces = allProvinces.stream().filter(p -> !p.code().equals(HANOI_PREFIX)).toList();
    this.communes = units.hanoiCommunes();
    this.legacyWards = units.hanoiLegacyWards();
  }

  public long seed() {
    return seed;
  }

  public int population() {
    return population;
  }

  public ReferenceUnits units() {
    return units;
  }

  public Citizen citizen(int index) {
    if (index < 0 || index >= population) {
      throw new IndexOutOfBoundsException("citizen index " + index + " outside [0, " + population + ")");
    }
    Mix person = Mix.of(seed, SALT_PERSON, index);
    Gender gender = person.percent(50) ? Gender.MALE : Gender.FEMALE;
    // The sum of two uniforms peaks in the mid-1970s and thins out towards 1940 and 2008.
    int year = 1940 + person.below(35) + person.below(35);
    LocalDate birthdate = LocalDate.ofYearDay(year, 1 + person.below(LocalDate.of(year, 1, 1).lengthOfYear()));
    Province registeredIn = person.percent(72) ? hanoi : person.pick(otherProvinces);

    String familyName = Vocabulary.FAMILY_NAMES.draw(person);
    String fullName = familyName + " " + personalName(person, gender, year);
    String fatherName = familyName + " " + personalName(person, Gender.MALE, year - 28);
    String motherName = Vocabulary.FAMILY_NAMES.draw(person) + " " + personalName(person, Gender.FEMALE, year - 26);

    Address permanent = person.percent(15) ? legacyAddress(person) : currentAddress(person);
    Address current = !permanent.legacy() && person.percent(65) ? permanent : currentAddress(person);

    Mix secrets = Mix.of(seed, SALT_SECRETS, index);
    return new Citizen(
        index,
        identityNumber(registeredIn, gender, year, index),
        fullName,
        birthdate,
        gender,
        // Both levels common, and both among the first accounts listed by /dev/citizens.
        index % 3 == 1 ? 1 : 2,
        "Vneid@" + secrets.digits(4),
        secrets.digits(6),
        Vocabulary.MOBILE_PREFIXES.draw(person) + person.digits(7),
        email(person, fullName, year),
        Vocabulary.ETHNICITIES.draw(person),
        Vocabulary.RELIGIONS.draw(person),
        "Việt Nam",
        person.percent(55) ? registeredIn.name() : person.pick(allProvinces).name(),
        registeredIn.name(),
        permanent,
        current,
        fatherName,
        motherName,
        maritalStatus(person, birthdate),
        derivedUuid(SALT_SUBJECT, index).toString(),
        derivedUuid(SALT_TECH_ID, index).toString());
  }

  /**
   * The citizen with this ID number, in constant time. Any input that is not exactly what
   * {@link #citizen} makes for some index (wrong length, non-ASCII digits, a changed prefix,
   * year or sex digit) finds nobody.
   */
  public Optional<Citizen> findByIdentityNumber(String identityNumber) {
    if (identityNumber == null || identityNumber.length() != 12) return Optional.empty();
    for (int i = 0; i < 12; i++) {
      char c = identityNumber.charAt(i);
      // ASCII only: Character.isDigit would also accept Arabic-Indic and full-width digits.
      if (c < '0' || c > '9') return Optional.empty();
    }
    int index = serials.decode(Integer.parseInt(identityNumber.substring(6)));
    if (index >= population) return Optional.empty();
    Citizen c = citizen(index);
    return c.identityNumber().equals(identityNumber) ? Optional.of(c) : Optional.empty();
  }

  /**
   * DOMAIN.md: 3-digit birth-registration province ("0" + legacy code), the century/sex digit
   * (0/1 for 1900-1999, 2/3 for 2000-2099; odd is female), two digits of the year, six serial digits.
   */
  private String identityNumber(Province registeredIn, Gender gender, int year, int index) {
    int centurySex = 2 * ((year - 1900) / 100) + (gender == Gender.FEMALE ? 1 : 0);
    return "0" + registeredIn.code() + centurySex + zeroPadded(year % 100, 2) + zeroPadded(serials.encode(index), 6);
  }

  /** Chữ đệm and tên. "Văn" and "Thị" were the usual middle names before the 1980s and rarer since. */
  private static String personalName(Mix mix, Gender gender, int birthYear) {
    boolean older = birthYear < 1980;
    if (gender == Gender.MALE) {
      String middle = mix.percent(older ? 55 : 25) ? "Văn" : Vocabulary.MALE_MIDDLE_NAMES.draw(mix);
      return middle + " " + distinctGiven(mix, Vocabulary.MALE_GIVEN_NAMES, middle);
    }
    String middle;
    if (mix.percent(older ? 65 : 35)) {
      // Some women carry "Thị" and a second middle name: Nguyễn Thị Thu Hà.
      middle = mix.percent(20) ? "Thị " + Vocabulary.FEMALE_MIDDLE_NAMES.draw(mix) : "Thị";
    } else {
      middle = Vocabulary.FEMALE_MIDDLE_NAMES.draw(mix);
    }
    return middle + " " + distinctGiven(mix, Vocabulary.FEMALE_GIVEN_NAMES, middle);
  }

  private static String distinctGiven(Mix mix, Vocabulary.Weighted names, String middle) {
    String given = names.draw(mix);
    // "Minh Minh" is not a name: the given name differs from the last middle name.
    while (middle.equals(given) || middle.endsWith(" " + given)) given = names.draw(mix);
    return given;
  }

  private Address currentAddress(Mix mix) {
    Commune commune = mix.pick(communes);
    String detail = detail(mix, commune.urban());
    return new Address(HANOI_PREFIX, commune.code(), null, detail, detail + ", " + commune.name() + ", " + HANOI_FULL_NAME);
  }

  /** A permanent address registered before 1 July 2025: ward and district codes of the three-level structure. */
  private Address legacyAddress(Mix mix) {
    LegacyWard ward = mix.pick(legacyWards);
    String detail = detail(mix, ward.urban());
    return new Address(HANOI_PREFIX, ward.wardCode(), ward.districtCode(), detail,
        detail + ", " + ward.wardName() + ", " + ward.districtName() + ", " + HANOI_FULL_NAME);
  }

  /** Street-level detail; streets are drawn from a city-wide list, not matched to the commune. */
  private static String detail(Mix mix, boolean urban) {
    if (urban) {
      int form = mix.below(100);
      String street = Vocabulary.STREETS.draw(mix);
      if (form < 40) return "Số " + mix.between(1, 120) + " ngõ " + mix.between(1, 400) + " " + street;
      if (form < 70) return "Số " + mix.between(1, 300) + " " + street;
      if (form < 85) {
        return "Số " + mix.between(1, 60) + " ngách " + mix.between(1, 80) + " ngõ " + mix.between(1, 400) + " " + street;
      }
      return "Căn hộ " + mix.between(2, 35) + zeroPadded(mix.between(1, 20), 2) + ", tòa "
          + (char) ('A' + mix.below(6)) + mix.between(1, 9) + ", " + Vocabulary.HOUSING_ESTATES.draw(mix);
    }
    String village = Vocabulary.VILLAGES.draw(mix);
    int form = mix.below(100);
    if (form < 50) return "Thôn " + village;
    if (form < 75) return "Xóm " + mix.between(1, 12) + ", thôn " + village;
    return "Số nhà " + mix.between(1, 250) + ", thôn " + village;
  }

  /** An ASCII mailbox made from the name: nguyenvanan85@..., an.nguyen1985@..., annv...@... */
  private static String email(Mix mix, String fullName, int year) {
    String[] words = ascii(fullName).split(" ");
    String family = words[0];
    String given = words[words.length - 1];
    String local = switch (mix.below(3)) {
      case 0 -> String.join("", words) + zeroPadded(year % 100, 2);
      case 1 -> given + "." + family + year;
      default -> {
        StringBuilder initials = new StringBuilder();
        for (int i = 0; i < words.length - 1; i++) initials.append(words[i].charAt(0));
        yield given + initials + mix.digits(3);
      }
    };
    return local + "@" + Vocabulary.EMAIL_DOMAINS.draw(mix);
  }

  /** Lower-case ASCII without diacritics; đ has no decomposition, so it is mapped by hand. */
  static String ascii(String vietnamese) {
    String stripped = COMBINING_MARKS.matcher(Normalizer.normalize(vietnamese, Normalizer.Form.NFD)).replaceAll("")
        .replace('đ', 'd').replace('Đ', 'D');
    return stripped.toLowerCase(Locale.ROOT);
  }

  private static String zeroPadded(int value, int width) {
    String digits = Integer.toString(value);
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  private static MaritalStatus maritalStatus(Mix mix, LocalDate birthdate) {
    int age = birthdate.until(REFERENCE_DATE).getYears();
    int r = mix.below(100);
    if (age < 20) return MaritalStatus.SINGLE;
    if (age < 28) return r < 55 ? MaritalStatus.SINGLE : MaritalStatus.MARRIED;
    if (age <= 60) {
      if (r < 8) return MaritalStatus.SINGLE;
      if (r < 90) return MaritalStatus.MARRIED;
      return r < 98 ? MaritalStatus.DIVORCED : MaritalStatus.WIDOWED;
    }
    if (r < 3) return MaritalStatus.SINGLE;
    if (r < 78) return MaritalStatus.MARRIED;
    return r < 82 ? MaritalStatus.DIVORCED : MaritalStatus.WIDOWED;
  }

  /** A random-looking version 4 UUID that is nevertheless fixed by (seed, purpose, index). */
  private UUID derivedUuid(long salt, int index) {
    Mix mix = Mix.of(seed, salt, index);
    long msb = (mix.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (mix.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
