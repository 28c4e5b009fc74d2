package vn.egov.gateway.dev;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;

/**
 * The words synthetic citizens are made of: Vietnamese names with their usual frequencies,
 * Hà Nội street and village names, ethnicities, religions, mobile prefixes. Every entry is
 * NFC-normalised here once, so the source file's own normalisation does not matter.
 */
final class Vocabulary {
  private Vocabulary() {
  }

  /** A list of values, each with a weight; {@link #draw} picks by weight. */
  static final class Weighted {
    private final String[] values;
    private final int[] cumulative;

    private Weighted(String[] values, int[] cumulative) {
      this.values = values;
      this.cumulative = cumulative;
    }

    static Weighted of(Object... valueWeightPairs) {
      int n = valueWeightPairs.length / 2;
      String[] values = new String[n];
      int[] cumulative = new int[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        values[i] = nfc((String) valueWeightPairs[2 * i]);
        total += (Integer) valueWeightPairs[2 * i + 1];
        cumulative[i] = total;
      }
      return new Weighted(values, cumulative);
    }

    static Weighted uniform(String... values) {
      Object[] pairs = new Object[values.length * 2];
      for (int i = 0; i < values.length; i++) {
        pairs[2 * i] = values[i];
        pairs[2 * i + 1] = 1;
      }
      return of(pairs);
    }

    String draw(Mix mix) {
      int r = mix.below(cumulative[cumulative.length - 1]);
      // The first cumulative weight above r; binarySearch returns -(insertion point) - 1 when absent.
      int i = Arrays.binarySearch(cumulative, r + 1);
      return values[i >= 0 ? i : -i - 1];
    }

    List<String> values() {
      return List.of(values);
    }
  }

  static String nfc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  // Shares of the common family names (họ), roughly as surveys report them; Huỳnh and Võ are the
  // southern forms of Hoàng and Vũ, so rarer in a Hà Nội population.
  static final Weighted FAMILY_NAMES = Weighted.of(
      "Nguyễn", 380, "Trần", 110, "Lê", 95, "Phạm", 71, "Hoàng", 40, "Huỳnh", 11, "Phan", 45, "Vũ", 32,
      "Võ", 7, "Đặng", 21, "Bùi", 20, "Đỗ", 14, "Hồ", 13, "Ngô", 13, "Dương", 10, "Lý", 5,
      "Đinh", 8, "Trịnh", 7, "Đào", 7, "Mai", 5, "Cao", 5, "Lương", 5, "Tạ", 4, "Chu", 4, "Kiều", 3,
      "Quách", 3, "Lâm", 3, "Hà", 5, "Phùng", 4, "Tô", 3, "Lưu", 3, "Vương", 3, "Triệu", 3, "Khúc", 2,
      "Nghiêm", 2, "Đoàn", 6, "Trương", 6, "Thái", 2);

  static final Weighted MALE_MIDDLE_NAMES = Weighted.uniform(
      "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Hoàng", "Tuấn", "Mạnh", "Duy", "Ngọc",
      "Trọng", "Đình", "Thế", "Anh", "Gia", "Bảo", "Trung", "Quốc", "Hải", "Việt", "Tiến", "Khắc");

  static final Weighted FEMALE_MIDDLE_NAMES = Weighted.uniform(
      "Thu", "Ngọc", "Thanh", "Phương", "Minh", "Hồng", "Thúy", "Kim", "Mai", "Bảo", "Khánh", "Diệu",
      "Hải", "Quỳnh", "Lan", "Thảo", "Bích", "Hoài", "Tuyết", "Vân");

  static final Weighted MALE_GIVEN_NAMES = Weighted.uniform(
      "An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Dương", "Hải", "Hiếu", "Hoàng",
      "Hùng", "Huy", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong",
      "Phúc", "Quân", "Quang", "Sơn", "Thắng", "Thành", "Thịnh", "Trung", "Tuấn", "Tùng", "Việt",
      "Vinh", "Hưng", "Hiển", "Toàn", "Tài", "Lộc", "Chiến", "Duy", "Tiến", "Thái", "Hậu", "Kiệt", "Lực");

  static final Weighted FEMALE_GIVEN_NAMES = Weighted.uniform(
      "An", "Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng",
      "Hương", "Huyền", "Lan", "Linh", "Loan", "Mai", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương",
      "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Yến", "Nga", "Nhàn", "Thư",
      "Vy", "Nhi", "Liên", "Lụa", "Thoa", "Duyên", "Hậu");

  static final Weighted ETHNICITIES = Weighted.of(
      "Kinh", 88, "Tày", 2, "Mường", 2, "Thái", 2, "Nùng", 1, "Hoa", 1, "Dao", 1, "Mông", 1, "Sán Dìu", 1, "Khmer", 1);

  static final Weighted RELIGIONS = Weighted.of("Không", 86, "Phật giáo", 8, "Công giáo", 5, "Tin lành", 1);

  // Mobile prefixes in use since the 2018 renumbering (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile).
  static final Weighted MOBILE_PREFIXES = Weighted.uniform(
      "032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098",
      "081", "082", "083", "084", "085", "088", "091", "094",
      "070", "076", "077", "078", "079", "089", "090", "093",
      "052", "056", "058", "092", "059", "099");

  static final Weighted EMAIL_DOMAINS = Weighted.of("gmail.com", 80, "yahoo.com", 8, "outlook.com", 7, "icloud.com", 5);

  // Streets carry their own prefix: the old quarter and inner streets are "phố", the arteries "đường".
  static final Weighted STREETS = Weighted.uniform(
      "phố Hàng Bạc", "phố Hàng Đào", "phố Hàng Gai", "phố Hàng Bông", "phố Hàng Buồm", "phố Lý Thường Kiệt",
      "phố Tràng Tiền", "phố Bà Triệu", "phố Huế", "phố Kim Mã", "phố Đội Cấn", "phố Thái Hà", "phố Chùa Bộc",
      "phố Tây Sơn", "phố Bạch Mai", "phố Minh Khai", "phố Xã Đàn", "phố Trần Duy Hưng", "phố Ngọc Lâm",
      "phố Kim Ngưu", "phố Định Công", "phố Trần Hưng Đạo", "phố Nguyễn Du", "phố Phan Đình Phùng",
      "đường Láng", "đường Giải Phóng", "đường Trường Chinh", "đường Nguyễn Trãi", "đường Lạc Long Quân",
      "đường Hoàng Hoa Thám", "đường Cầu Giấy", "đường Xuân Thủy", "đường Phạm Văn Đồng", "đường Nguyễn Văn Cừ",
      "đường Tam Trinh", "đường Lĩnh Nam", "đường Quang Trung", "đường Nguyễn Chí Thanh", "đường Láng Hạ",
      "đường Tôn Đức Thắng", "đường Âu Cơ", "đường Hồ Tùng Mậu", "đường Ngọc Hồi", "đường Lê Văn Lương",
      "đường Tố Hữu");

  static final Weighted HOUSING_ESTATES = Weighted.uniform(
      "khu đô thị Linh Đàm", "khu đô thị Mỹ Đình II", "khu đô thị Trung Hòa - Nhân Chính", "khu đô thị Văn Quán",
      "khu đô thị Việt Hưng", "khu đô thị Định Công", "khu đô thị Đại Kim", "khu đô thị Văn Phú",
      "khu đô thị Dương Nội", "khu đô thị Sài Đồng");

  static final Weighted VILLAGES = Weighted.uniform(
      "Đông", "Đoài", "Thượng", "Hạ", "Trung", "Nam", "Bắc", "Đông Hạ", "Thượng Phúc", "Yên Phú", "Phú Mỹ",
      "Đại Đồng", "An Lạc", "Tân Lập", "Hòa Bình", "Phú Xuân", "Thanh Lâm", "Cổ Điển", "Vân Trì", "Lương Xá",
      "Phương Trạch", "Đình Tràng", "Kim Tiên", "Hậu Dưỡng");
}
