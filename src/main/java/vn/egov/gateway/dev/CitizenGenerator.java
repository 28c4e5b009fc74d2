package vn.egov.gateway.dev;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import vn.egov.gateway.dev.Citizen.Address;
import vn.egov.gateway.dev.Citizen.BloodType;
import vn.egov.gateway.dev.Citizen.Gender;
import vn.egov.gateway.dev.Citizen.Household;
import vn.egov.gateway.dev.Citizen.IdCard;
import vn.egov.gateway.dev.Citizen.MaritalStatus;
import vn.egov.gateway.dev.Citizen.Member;
import vn.egov.gateway.dev.Citizen.Relationship;
import vn.egov.gateway.dev.Citizen.Relative;
import vn.egov.gateway.dev.ReferenceUnits.Commune;
import vn.egov.gateway.dev.ReferenceUnits.LegacyWard;
import vn.egov.gateway.dev.ReferenceUnits.Province;

/**
 * A deterministic synthetic population: citizen {@code i} is a pure function of (seed, i), made
 * on demand, so a million citizens cost no memory. Each citizen carries what the population
 * register holds (Law on Identification 2023 Art. 9): identity card, former CMND, parents,
 * spouse, children and household, consistent from the citizen's own point of view. The last six digits of every ID number are a
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
  private static final int REFERENCE_YEAR = REFERENCE_DATE.getYear();
  /** The century/sex digit starts at 0 for 1900 (DOMAIN.md). */
  private static final int FIRST_ENCODABLE_YEAR = 1900;
  private static final String NATIONALITY = "Việt Nam";
  /** Centrally-run cities: "Thành phố Hà Nội", not "Tỉnh Hà Nội" (Huế since 2025). */
  private static final Set<String> CITY_CODES = Set.of("01", "31", "46", "48", "79", "92");

  /** Chip cards were issued from 2021 by this department; from 1 July 2024 the Ministry issues them. */
  private static final String CARD_ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội";
  private static final String CARD_ISSUER_SINCE_2024 = "Bộ Công an";
  private static final LocalDate CHIP_CARDS_FROM = LocalDate.of(2021, 1, 1);
  private static final LocalDate IDENTIFICATION_LAW_IN_FORCE = LocalDate.of(2024, 7, 1);
  /** Law on Identification 2023 Art. 21: cards are renewed at these ages, then never (also at 14, before anyone here has one). */
  private static final List<Integer> CARD_RENEWAL_AGES = List.of(25, 40, 60);
  private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

  // One salt per purpose: changing how names are drawn does not change passwords, and so on.
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  private static final long SALT_PERSON = 0x1A2B_3C4D_5E6F_7081L;
  private static final long SALT_SECRETS = 0x7E57_AB1E_C0DE_5EC7L;
  private static final long SALT_SUBJECT = 0x50B1_EC70_0000_0001L;
  private static final long SALT_TECH_ID = 0x7EC4_1D00_0000_0002L;
  private static final long SALT_CIVIL = 0xC1B1_1D0C_5000_0003L;
  private static final long SALT_FAMILY = 0xFA31_1E50_0000_0004L;

  private final long seed;
  private final int population;
  private final ReferenceUnits units;
  private final SerialPermutation serials;
  private final Province hanoi;
  private final List<Province> otherProvinces;
  private final List<Province> allProvinces;
  private final List<Commune> communes;
  private final List<LegacyWard> legacyWards;
  private final Families families;

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
    this.families = new Families();
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
    // The person stream's draws keep their original order: adding attributes must not change old ones.
    Mix person = Mix.of(seed, SALT_PERSON, index);
    Birth birth = birth(person);
    Gender gender = birth.gender();
    int year = birth.year();
    LocalDate birthdate = birth.birthdate();
    Province registeredIn = birth.registeredIn();

    String familyName = Vocabulary.FAMILY_NAMES.draw(person);
    String fullName = familyName + " " + personalName(person, gender, year);
    String fatherName = familyName + " " + personalName(person, Gender.MALE, year - 28);
    String motherName = Vocabulary.FAMILY_NAMES.draw(person) + " " + personalName(person, Gender.FEMALE, year - 26);

    Address permanent = person.percent(15) ? legacyAddress(person) : currentAddress(person);
    Address current = !permanent.legacy() && person.percent(65) ? permanent : currentAddress(person);

    Mix secrets = Mix.of(seed, SALT_SECRETS, index);
    String password = "Vneid@" + secrets.digits(4);
    String otp = secrets.digits(6);
    String phone = Vocabulary.MOBILE_PREFIXES.draw(person) + person.digits(7);
    String email = email(person, fullName, year);
    String ethnicity = Vocabulary.ETHNICITIES.draw(person);
    String religion = Vocabulary.RELIGIONS.draw(person);
    String hometown = person.percent(55) ? registeredIn.name() : person.pick(allProvinces).name();
    MaritalStatus maritalStatus = maritalStatus(person, birthdate);
    String identityNumber = identityNumber(registeredIn, gender, year, index);

    // What only the register holds, each from a stream of its own (Law on Identification 2023 Art. 9).
    Mix civil = Mix.of(seed, SALT_CIVIL, index);
    List<String> otherNames = civil.percent(2) ? List.of(otherName(civil, familyName, fullName, gender, year)) : List.of();
    String birthRegistrationPlace = birthRegistrationPlace(civil, registeredIn);
    BloodType bloodType = bloodType(civil);
    String formerIdNumber = formerIdNumber(civil, year);
    IdCard idCard = idCard(civil, birthdate);
    // Tạm trú is registered where one lives away from the permanent residence, by some who do.
    Address temporary = current != permanent && civil.percent(45) ? current : null;
    String residenceFileNumber = permanent.provinceCode() + permanent.communeCode() + civil.digits(6);
    Instant updatedAt = updatedAt(civil, idCard.issueDate());

    Families.Family family = families.of(Mix.of(seed, SALT_FAMILY, index), new Families.Self(
        fullName, familyName, identityNumber, birthdate, gender, maritalStatus, registeredIn, fatherName, motherName));

    return new Citizen(
        index,
        identityNumber,
        fullName,
        birthdate,
        gender,
        // Both levels common, and both among the first accounts listed by /dev/citizens.
        index % 3 == 1 ? 1 : 2,
        password,
        otp,
        phone,
        email,
        ethnicity,
        religion,
        NATIONALITY,
        hometown,
        registeredIn.name(),
        permanent,
        current,
        fatherName,
        motherName,
        maritalStatus,
        derivedUuid(SALT_SUBJECT, index).toString(),
        derivedUuid(SALT_TECH_ID, index).toString(),
        otherNames,
        birthRegistrationPlace,
        bloodType,
        formerIdNumber,
        idCard,
        family.father(),
        family.mother(),
        family.spouse(),
        family.children(),
        family.legalRepresentative(),
        temporary,
        residenceFileNumber,
        family.household(),
        updatedAt);
  }

  /** The first draws of the person stream: all an ID number depends on, so cheap to replay. */
  private record Birth(Gender gender, int year, LocalDate birthdate, Province registeredIn) {
  }

  private Birth birth(Mix person) {
    Gender gender = person.percent(50) ? Gender.MALE : Gender.FEMALE;
    // The sum of two uniforms peaks in the mid-1970s and thins out towards 1940 and 2008.
    int year = 1940 + person.below(35) + person.below(35);
    LocalDate birthdate = LocalDate.ofYearDay(year, 1 + person.below(LocalDate.of(year, 1, 1).lengthOfYear()));
    Province registeredIn = person.percent(72) ? hanoi : person.pick(otherProvinces);
    return new Birth(gender, year, birthdate, registeredIn);
  }

  /**
   * A well-formed ID number (DOMAIN.md) for someone who is not a listed citizen: a relative. It is
   * checked against every index of the serial domain, not just this population, so that citizen
   * {@code i} is the same whatever the population size.
   */
  private String unlistedIdentityNumber(Mix mix, Province registeredIn, Gender gender, int year) {
    while (true) {
      int serial = mix.below(SerialPermutation.DOMAIN);
      int index = serials.decode(serial);
      Birth listed = birth(Mix.of(seed, SALT_PERSON, index));
      boolean taken = listed.registeredIn().equals(registeredIn) && listed.gender() == gender && listed.year() == year;
      if (!taken) return formatIdentityNumber(registeredIn, gender, year, serial);
    }
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
    return formatIdentityNumber(registeredIn, gender, year, serials.encode(index));
  }

  private static String formatIdentityNumber(Province registeredIn, Gender gender, int year, int serial) {
    if (year < FIRST_ENCODABLE_YEAR) throw new IllegalArgumentException("an ID number cannot encode the year " + year);
    int centurySex = 2 * ((year - 1900) / 100) + (gender == Gender.FEMALE ? 1 : 0);
    return "0" + registeredIn.code() + centurySex + zeroPadded(year % 100, 2) + zeroPadded(serial, 6);
  }

  /** Chữ đệm and tên. "Văn" and "Thị" were the usual middle names before the 1980s and rarer since. */
  static String personalName(Mix mix, Gender gender, int birthYear) {
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

  /** Another name as registered (tên gọi khác): the same family name with other middle and given names. */
  private static String otherName(Mix mix, String familyName, String fullName, Gender gender, int year) {
    String other = familyName + " " + personalName(mix, gender, year);
    while (other.equals(fullName)) other = familyName + " " + personalName(mix, gender, year);
    return other;
  }

  /**
   * The unit that registered the birth, in the province of the ID number's prefix. Hà Nội births
   * name a ward and district of the pre-2025 structure; elsewhere the mock knows only the province.
   */
  private String birthRegistrationPlace(Mix mix, Province registeredIn) {
    if (registeredIn.equals(hanoi)) {
      LegacyWard ward = mix.pick(legacyWards);
      return ward.wardName() + ", " + ward.districtName() + ", " + HANOI_FULL_NAME;
    }
    return (CITY_CODES.contains(registeredIn.code()) ? "Thành phố " : "Tỉnh ") + registeredIn.name();
  }

  /** Roughly the shares reported for Vietnam: O about 42%, B 30%, A 22%, AB 6%. */
  private static BloodType bloodType(Mix mix) {
    int r = mix.below(100);
    if (r < 42) return BloodType.O;
    if (r < 72) return BloodType.B;
    return r < 94 ? BloodType.A : BloodType.AB;
  }

  /**
   * The 9-digit CMND of someone who was 14 before the 12-digit cards replaced it; its first two
   * digits were the issuing province's CMND code: 01 Hà Nội, 11 the former Hà Tây (unconfirmed).
   */
  private static String formerIdNumber(Mix mix, int year) {
    boolean had = year < 2000 ? mix.percent(97) : year <= 2002 && mix.percent(40);
    if (!had) return null;
    return (mix.percent(85) ? "01" : "11") + mix.digits(7);
  }

  /**
   * The card in force on the reference date: first issued in the chip-card campaign from 2021 (at
   * 14 at the earliest), renewed around the age at which it expired.
   */
  private static IdCard idCard(Mix mix, LocalDate birthdate) {
    LocalDate from = later(CHIP_CARDS_FROM, birthdate.plusYears(14));
    LocalDate to = IDENTIFICATION_LAW_IN_FORCE.minusDays(1);
    LocalDate issued = from.plusDays(mix.below((int) ChronoUnit.DAYS.between(from, to) + 1));
    LocalDate expiry = cardExpiry(birthdate, issued);
    while (expiry != null && expiry.isBefore(REFERENCE_DATE)) {
      LocalDate renewed = expiry.plusDays(mix.between(-90, 90));
      if (!renewed.isBefore(REFERENCE_DATE)) renewed = REFERENCE_DATE.minusDays(1 + mix.below(10));
      issued = later(issued.plusDays(1), renewed);
      expiry = cardExpiry(birthdate, issued);
    }
    return new IdCard(issued, issued.isBefore(IDENTIFICATION_LAW_IN_FORCE) ? CARD_ISSUER : CARD_ISSUER_SINCE_2024, expiry);
  }

  /**
   * Law on Identification 2023 Art. 21 (as the Law on Citizen Identification 2014 Art. 21 before
   * it): a card is valid until the birthday at 25, 40 or 60, but one issued within two years before
   * such an age stays valid until the next; after the last, it never expires ({@code null}).
   */
  private static LocalDate cardExpiry(LocalDate birthdate, LocalDate issued) {
    for (int age : CARD_RENEWAL_AGES) {
      LocalDate due = birthdate.plusYears(age);
      if (issued.isBefore(due.minusYears(2))) return due;
    }
    return null;
  }

  /** Some time after the data-cleaning that followed the new law, and not before the card in force. */
  private static Instant updatedAt(Mix mix, LocalDate cardIssued) {
    Instant from = later(IDENTIFICATION_LAW_IN_FORCE, cardIssued).atStartOfDay(VIETNAM).toInstant();
    Instant to = REFERENCE_DATE.atStartOfDay(VIETNAM).toInstant();
    long seconds = Math.max(1, Duration.between(from, to).getSeconds());
    return from.plusSeconds(Long.remainderUnsigned(mix.nextLong(), seconds));
  }

  private static LocalDate later(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
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

  /**
   * A citizen's family as their own register record shows it: parents, spouse, children, the legal
   * representative of a minor, and the household. It is consistent from the citizen's point of
   * view: a married citizen's spouse is a household member; every child is born at least
   * {@link #MIN_PARENT_AGE} years after both parents; each relative's ID number encodes their own
   * birth year and sex. Relatives are not listed citizens, so nobody's record shows the household
   * from a relative's side.
   */
  private final class Families {
    /** What the family is built around: facts of the citizen already drawn from other streams. */
    record Self(String fullName, String familyName, String identityNumber, LocalDate birthdate, Gender gender,
                MaritalStatus maritalStatus, Province registeredIn, String fatherName, String motherName) {
    }

    record Family(Relative father, Relative mother, Relative spouse, List<Relative> children, Relative legalRepresentative,
                  Household household) {
    }

    /** In years of birth, between a parent and a child. */
    private static final int MIN_PARENT_AGE = 20;
    /** Between two births of the same mother (twins aside, which the mock does not make). */
    private static final int BIRTH_SPACING_MONTHS = 15;
    private static final int MAX_MOTHER_AGE = 42;
    /** Children of one couple are born within this many years of the earliest possible birth. */
    private static final int CHILDBEARING_YEARS = 16;
    private static final int MAX_FATHER_AGE = 50;
    /** Children older than this have left their parents' household, in the mock. */
    private static final int LEAVES_HOME_AT = 25;
    /** Parents older than this no longer appear in a household (the mock keeps no dates of death for relatives). */
    private static final int OLDEST_MEMBER = 85;
    private static final int ADULT_AGE = 18;
    /** Law on Marriage and Family 2014 Art. 8: men from 20, women from 18. */
    private static final int MIN_AGE_HUSBAND = 20;
    private static final int MIN_AGE_WIFE = 18;

    Family of(Mix mix, Self self) {
      int year = self.birthdate().getYear();
      Relative me = new Relative(self.fullName(), self.identityNumber(), self.birthdate(), self.gender(), NATIONALITY);
      int fatherYear = year - mix.between(22, 40);
      // The mother usually a little younger than the father, and between 19 and 42 at the birth;
      // born in 1900 or later, the first year an ID number can encode.
      int motherYear = Math.max(Math.max(FIRST_ENCODABLE_YEAR, year - MAX_MOTHER_AGE),
          Math.min(year - 19, fatherYear + mix.between(-2, 7)));
      Relative father = relative(mix, self.fatherName(), Gender.MALE, fatherYear, parentProvince(mix, self));
      Relative mother = relative(mix, self.motherName(), Gender.FEMALE, motherYear, parentProvince(mix, self));

      Relative spouse = self.maritalStatus() == MaritalStatus.MARRIED ? spouse(mix, self) : null;
      List<Relative> children = self.maritalStatus() == MaritalStatus.SINGLE ? List.of() : children(mix, self, spouse);

      Household household = switch (self.maritalStatus()) {
        case SINGLE -> single(mix, self, me, father, mother);
        case MARRIED -> married(mix, me, spouse, children, father, mother);
        case DIVORCED, WIDOWED -> formerlyMarried(mix, self, me, children);
      };
      Relative representative = age(self.birthdate()) < ADULT_AGE ? representative(household, father, mother) : null;
      return new Family(father, mother, spouse, children, representative, household);
    }

    private Relative spouse(Mix mix, Self self) {
      int year = self.birthdate().getYear();
      // Husbands are usually a few years older than their wives.
      Gender gender = self.gender() == Gender.MALE ? Gender.FEMALE : Gender.MALE;
      int spouseYear = gender == Gender.FEMALE
          ? Math.min(year + mix.between(-3, 8), REFERENCE_YEAR - MIN_AGE_WIFE - 1)
          : Math.min(year - mix.between(-3, 8), REFERENCE_YEAR - MIN_AGE_HUSBAND - 1);
      String name = Vocabulary.FAMILY_NAMES.draw(mix) + " " + personalName(mix, gender, spouseYear);
      return relative(mix, name, gender, spouseYear, mix.percent(70) ? hanoi : mix.pick(allProvinces));
    }

    /**
     * Children of a citizen who has married; with a spouse on record both parents bound their birth
     * years. They carry the father's family name, as is usual.
     */
    private List<Relative> children(Mix mix, Self self, Relative spouse) {
      int year = self.birthdate().getYear();
      boolean female = self.gender() == Gender.FEMALE;
      int fatherYear = female ? (spouse != null ? spouse.birthdate().getYear() : year - 3) : year;
      int motherYear = female ? year : (spouse != null ? spouse.birthdate().getYear() : year + 3);
      String familyName = !female ? self.familyName()
          : spouse != null ? spouse.fullName().substring(0, spouse.fullName().indexOf(' '))
          : Vocabulary.FAMILY_NAMES.draw(mix);
      return offspring(mix, fatherYear, motherYear, familyName, childCount(mix), hanoi);
    }

    /**
     * Children of these parents, oldest first and at least {@link #BIRTH_SPACING_MONTHS} apart;
     * fewer when the parents' ages leave no room for them.
     */
    private List<Relative> offspring(Mix mix, int fatherYear, int motherYear, String familyName, int count, Province usual) {
      int from = Math.max(fatherYear, motherYear) + MIN_PARENT_AGE;
      int to = Math.min(Math.min(REFERENCE_YEAR, from + CHILDBEARING_YEARS),
          Math.min(motherYear + MAX_MOTHER_AGE, fatherYear + MAX_FATHER_AGE));
      if (from > to) return List.of();
      List<LocalDate> births = new ArrayList<>();
      for (int i = 0; i < count; i++) births.add(dayIn(mix, mix.between(from, to)));
      births.sort(Comparator.naturalOrder());
      List<Relative> out = new ArrayList<>();
      LocalDate previous = null;
      for (LocalDate birth : births) {
        if (previous != null && birth.isBefore(previous.plusMonths(BIRTH_SPACING_MONTHS))) birth = previous.plusMonths(BIRTH_SPACING_MONTHS);
        if (birth.getYear() > to || !birth.isBefore(REFERENCE_DATE)) break;
        previous = birth;
        Gender gender = mix.percent(51) ? Gender.MALE : Gender.FEMALE;
        String name = familyName + " " + personalName(mix, gender, birth.getYear());
        Province registeredIn = mix.percent(90) ? usual : mix.pick(allProvinces);
        out.add(new Relative(name, unlistedIdentityNumber(mix, registeredIn, gender, birth.getYear()), birth, gender, NATIONALITY));
      }
      return out;
    }

    private static int childCount(Mix mix) {
      int r = mix.below(100);
      if (r < 8) return 0;
      if (r < 35) return 1;
      return r < 80 ? 2 : 3;
    }

    /** Young people live with their parents, or a parent; older single people often alone. */
    private Household single(Mix mix, Self self, Relative me, Relative father, Relative mother) {
      int age = age(self.birthdate());
      // Not every parent is at home: separated, working elsewhere, or too old to still be listed here.
      boolean fatherHome = age(father.birthdate()) <= OLDEST_MEMBER && mix.percent(85);
      boolean motherHome = age(mother.birthdate()) <= OLDEST_MEMBER && mix.percent(92);
      boolean withParents = (fatherHome || motherHome) && (age < 30 || mix.percent(50));
      if (age < ADULT_AGE) {
        // A minor always lives with a parent.
        withParents = true;
        motherHome = motherHome || !fatherHome;
      }
      if (!withParents) return alone(me);

      Relative head = fatherHome ? father : mother;
      List<Member> members = new ArrayList<>();
      members.add(member(head, Relationship.HEAD));
      if (fatherHome && motherHome) members.add(member(mother, Relationship.WIFE));
      List<Relative> kids = new ArrayList<>(siblings(mix, self, father, mother));
      kids.add(me);
      kids.sort(Comparator.comparing(Relative::birthdate));
      kids.forEach(k -> members.add(member(k, Relationship.CHILD)));
      return household(head, Relationship.CHILD, members);
    }

    /** Brothers and sisters still at home: within twelve years of the citizen and under {@link #LEAVES_HOME_AT}. */
    private List<Relative> siblings(Mix mix, Self self, Relative father, Relative mother) {
      int year = self.birthdate().getYear();
      int count = mix.below(100) < 30 ? 0 : mix.percent(65) ? 1 : 2;
      List<Relative> out = new ArrayList<>();
      for (Relative r : offspring(mix, father.birthdate().getYear(), mother.birthdate().getYear(), self.familyName(), count,
          self.registeredIn())) {
        int gap = Math.abs(r.birthdate().getYear() - year);
        boolean spaced = !r.birthdate().isAfter(self.birthdate().minusMonths(BIRTH_SPACING_MONTHS))
            || !r.birthdate().isBefore(self.birthdate().plusMonths(BIRTH_SPACING_MONTHS));
        if (gap <= 12 && spaced && age(r.birthdate()) < LEAVES_HOME_AT) out.add(r);
      }
      return out;
    }

    /** Usually the husband heads the household; children at home and sometimes a widowed parent live with the couple. */
    private Household married(Mix mix, Relative me, Relative spouse, List<Relative> children, Relative father, Relative mother) {
      boolean selfHeads = me.gender() == Gender.MALE ? mix.percent(85) : mix.percent(20);
      Relative head = selfHeads ? me : spouse;
      Relative partner = selfHeads ? spouse : me;
      List<Member> members = new ArrayList<>();
      members.add(member(head, Relationship.HEAD));
      members.add(member(partner, partner.gender() == Gender.FEMALE ? Relationship.WIFE : Relationship.HUSBAND));
      for (Relative child : children) {
        if (age(child.birthdate()) < LEAVES_HOME_AT) members.add(member(child, Relationship.CHILD));
      }
      if (selfHeads && mix.percent(20)) {
        if (age(mother.birthdate()) <= OLDEST_MEMBER) {
          members.add(member(mother, Relationship.MOTHER));
        } else if (age(father.birthdate()) <= OLDEST_MEMBER) {
          members.add(member(father, Relationship.FATHER));
        }
      }
      return household(head, selfHeads ? Relationship.HEAD : members.get(1).relationship(), members);
    }

    /**
     * Divorced or widowed: heading their own household with the children at home, or, for older
     * widowed people, living with a married son's family (three generations under one roof).
     */
    private Household formerlyMarried(Mix mix, Self self, Relative me, List<Relative> children) {
      Relative son = children.stream()
          .filter(c -> c.gender() == Gender.MALE && age(c.birthdate()) >= LEAVES_HOME_AT)
          .findFirst().orElse(null);
      if (self.maritalStatus() == MaritalStatus.WIDOWED && age(self.birthdate()) >= 60 && son != null && mix.percent(60)) {
        return withSon(mix, me, son);
      }
      List<Member> members = new ArrayList<>();
      members.add(member(me, Relationship.HEAD));
      // After a divorce the children may live with the other parent.
      if (self.maritalStatus() == MaritalStatus.WIDOWED || mix.percent(60)) {
        for (Relative child : children) {
          if (age(child.birthdate()) < LEAVES_HOME_AT) members.add(member(child, Relationship.CHILD));
        }
      }
      return household(me, Relationship.HEAD, members);
    }

    private Household withSon(Mix mix, Relative me, Relative son) {
      int sonYear = son.birthdate().getYear();
      int wifeYear = Math.min(sonYear + mix.between(-2, 6), REFERENCE_YEAR - MIN_AGE_WIFE - 1);
      String wifeName = Vocabulary.FAMILY_NAMES.draw(mix) + " " + personalName(mix, Gender.FEMALE, wifeYear);
      Relative wife = relative(mix, wifeName, Gender.FEMALE, wifeYear, mix.percent(70) ? hanoi : mix.pick(allProvinces));
      String familyName = son.fullName().substring(0, son.fullName().indexOf(' '));
      List<Relative> grandchildren = offspring(mix, sonYear, wifeYear, familyName, mix.below(3), hanoi).stream()
          .filter(g -> age(g.birthdate()) < LEAVES_HOME_AT).toList();

      boolean selfHeads = mix.percent(40);
      List<Member> members = new ArrayList<>();
      if (selfHeads) {
        members.add(member(me, Relationship.HEAD));
        members.add(member(son, Relationship.CHILD));
        members.add(member(wife, Relationship.DAUGHTER_IN_LAW));
        grandchildren.forEach(g -> members.add(member(g, Relationship.GRANDCHILD)));
        return household(me, Relationship.HEAD, members);
      }
      Relationship mine = me.gender() == Gender.MALE ? Relationship.FATHER : Relationship.MOTHER;
      members.add(member(son, Relationship.HEAD));
      members.add(member(wife, Relationship.WIFE));
      grandchildren.forEach(g -> members.add(member(g, Relationship.CHILD)));
      members.add(member(me, mine));
      return household(son, mine, members);
    }

    /** A minor's representative is the parent heading the household they live in. */
    private static Relative representative(Household household, Relative father, Relative mother) {
      return household.headIdentityNumber().equals(mother.identityNumber()) ? mother : father;
    }

    private static Household alone(Relative me) {
      return household(me, Relationship.HEAD, List.of(member(me, Relationship.HEAD)));
    }

    private static Household household(Relative head, Relationship mine, List<Member> members) {
      return new Household(head.fullName(), head.identityNumber(), mine, members);
    }

    private static Member member(Relative r, Relationship relationship) {
      return new Member(r.fullName(), r.identityNumber(), relationship, r.birthdate());
    }

    /** Parents' births were mostly registered where the citizen's was. */
    private Province parentProvince(Mix mix, Self self) {
      int r = mix.below(100);
      if (r < 60) return self.registeredIn();
      return r < 85 ? hanoi : mix.pick(allProvinces);
    }

    private Relative relative(Mix mix, String name, Gender gender, int year, Province registeredIn) {
      LocalDate birthdate = dayIn(mix, year);
      return new Relative(name, unlistedIdentityNumber(mix, registeredIn, gender, year), birthdate, gender, NATIONALITY);
    }

    /** A day of the year, before the reference date when the year is the reference year. */
    private static LocalDate dayIn(Mix mix, int year) {
      LocalDate first = LocalDate.of(year, 1, 1);
      int days = year == REFERENCE_YEAR ? REFERENCE_DATE.getDayOfYear() - 1 : first.lengthOfYear();
      return first.plusDays(mix.below(days));
    }

    private static int age(LocalDate birthdate) {
      return birthdate.until(REFERENCE_DATE).getYears();
    }
  }
}
