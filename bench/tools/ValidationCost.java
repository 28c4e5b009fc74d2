import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.egov.gateway.crypto.SigningKeys;
import vn.egov.gateway.forms.DossierValidator;
import vn.egov.gateway.forms.Verdict;
import vn.egov.gateway.prefill.AdministrativeUnits;
import vn.egov.gateway.prefill.PrefillRule;
import vn.egov.gateway.prefill.PrefillSigner;
import vn.egov.gateway.prefill.Procedure;
import vn.egov.gateway.prefill.ProcedureCatalogue;

/**
 * CPU cost of validating one dossier form (what {@code POST /api/v1/procedures/{code}/validate} and
 * {@code POST /api/v1/dossiers} run: NFC pass, JSON Schema, domain rules, locked fields), per shipped
 * procedure, on the valid forms DossierValidatorTest uses (a citizen of Hà Nội, consistent ID numbers),
 * with the catalogue, administrative units and dev signing key the gateway loads. Each form is
 * handed over as the HTTP layer does, freshly decoded from its JSON text (decoding not timed).
 *
 * <p>Figures per procedure, in microseconds of thread CPU time (other load on the shared machine
 * inflates it less than wall time):
 * <ul>
 *   <li>{@code unsigned}: validate without a prefill signature: everything but the signature
 *       verification (the locked fields then become prefill-missing warnings);
 *   <li>{@code signed}: validate with the prefill JWS a real submission carries;
 *   <li>{@code verify}: {@code PrefillSigner.verify} of that JWS alone, in a loop of its own;
 *   <li>{@code unsig+verify}: an unsigned validation then that verification, as one operation;
 *       {@code signed - (unsig+verify)} is what the signed path adds to the validation proper
 *       (comparing the locked fields instead of warning about them). "signed - verify" would
 *       overstate it: the verification costs more between validations than in a loop of its
 *       own (colder caches), by 10 to 25 us here;
 *   <li>{@code schema error}: the unsigned form with a birth date of 30 February, the cost of an
 *       invalid form (its errors come from Vert.x's JSON Schema output).
 * </ul>
 * The operations take turns batch by batch, so that drift in the machine's load weighs on each alike.
 * Run from the project root after {@code mvn -B -ntp -o -q package -DskipTests}:
 *
 *   java -cp target/egov-gateway.jar bench/tools/ValidationCost.java [seconds of CPU per figure and procedure, default 1.5]
 */
public class ValidationCost {
  static final Instant NOW = Instant.parse("2026-03-10T03:00:00Z");
  static final String CLIENT = "demo-portal";
  static final String SUBJECT = "pairwise-subject-1";
  static final int BATCH = 200;
  static final String[] CODES = {"1.001612", "2.000720", "1.005099", "1.005100", "1.010811"};

  interface Op {
    void run(JsonObject form) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    long budget = (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 1.5) * 1e9);
    ProcedureCatalogue catalogue = ProcedureCatalogue.load(Path.of("config/procedures"));
    AdministrativeUnits units = AdministrativeUnits.load();
    SigningKeys keys = SigningKeys.load(List.of(Path.of("certs-dev/gateway-signing-1.jwk")));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    PrefillSigner signer = new PrefillSigner("http://localhost:8080", keys, clock, Duration.ofDays(30));
    DossierValidator validator = new DossierValidator(units, signer, clock);

    for (int round = 1; round <= 2; round++) {
      System.out.println(round == 1 ? "warm-up round..." : "us of CPU per operation:");
      double[] sum = new double[5];
      if (round == 2) System.out.printf("  %-9s %9s %9s %9s %13s %24s %13s%n", "procedure", "unsigned", "signed", "verify",
          "unsig+verify", "signed - (unsig+verify)", "schema error");
      for (String code : CODES) {
        Procedure p = catalogue.find(code).orElseThrow();
        String text = validForm(code).encode();
        String jws = prefillFor(p, validForm(code), signer);
        JsonObject invalid = validForm(code);
        invalid.getJsonObject("applicant").put("birthdate", "1985-02-30");
        String invalidText = invalid.encode();
        Verdict refused = validator.validate(p, new JsonObject(invalidText), null, CLIENT, SUBJECT);
        if (refused.errors().size() != 1 || !refused.errors().get(0).code().equals("format-date")) {
          throw new IllegalStateException(code + ": unexpected verdict " + refused.toJson().encode());
        }
        expect(validator.validate(p, new JsonObject(text), null, CLIENT, SUBJECT), code, true);
        expect(validator.validate(p, new JsonObject(text), jws, CLIENT, SUBJECT), code, false);
        long slice = round == 1 ? budget / 3 : budget;
        double[] us = time(new String[] {text, text, text, text, invalidText}, slice,
            f -> validator.validate(p, f, null, CLIENT, SUBJECT),
            f -> validator.validate(p, f, jws, CLIENT, SUBJECT),
            f -> signer.verify(jws),
            f -> {
              validator.validate(p, f, null, CLIENT, SUBJECT);
              signer.verify(jws);
            },
            f -> validator.validate(p, f, null, CLIENT, SUBJECT));
        for (int k = 0; k < sum.length; k++) sum[k] += us[k];
        if (round == 2) print(code, us);
      }
      for (int k = 0; k < sum.length; k++) sum[k] /= CODES.length;
      if (round == 2) print("mean", sum);
    }
  }

  private static void print(String what, double[] us) {
    System.out.printf("  %-9s %9.1f %9.1f %9.1f %13.1f %24.1f %13.1f%n", what, us[0], us[1], us[2], us[3], us[1] - us[3], us[4]);
  }

  /** The form is valid; unsigned, its locked fields are warned about; signed, nothing is. */
  private static void expect(Verdict v, String code, boolean unsigned) {
    if (!v.valid() || (!unsigned && !v.warnings().isEmpty()) || (unsigned && v.warnings().isEmpty())) {
      throw new IllegalStateException(code + ": unexpected verdict " + v.toJson().encode());
    }
  }

  /**
   * Mean CPU microseconds of each op, over batches of freshly decoded forms, the k-th op's from the
   * k-th text (decoding untimed). The
   * ops take turns batch by batch, so a change of load on the machine weighs on all of them alike
   * and the difference of two stays meaningful.
   */
  private static double[] time(String[] formTexts, long budgetNanos, Op... ops) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] cpu = new long[ops.length];
    long n = 0;
    List<JsonObject> batch = new ArrayList<>(BATCH);
    for (long total = 0; total < budgetNanos * ops.length; total = java.util.Arrays.stream(cpu).sum()) {
      for (int k = 0; k < ops.length; k++) {
        batch.clear();
        for (int i = 0; i < BATCH; i++) batch.add(new JsonObject(formTexts[k]));
        long c0 = mx.getCurrentThreadCpuTime();
        for (JsonObject f : batch) ops[k].run(f);
        cpu[k] += mx.getCurrentThreadCpuTime() - c0;
      }
      n += BATCH;
    }
    double[] us = new double[ops.length];
    for (int k = 0; k < ops.length; k++) us[k] = cpu[k] / 1000.0 / n;
    return us;
  }

  /** What prefill signs for a form: every prefilled field present in it, by pointer. */
  static String prefillFor(Procedure p, JsonObject form, PrefillSigner signer) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (PrefillRule rule : p.prefill()) {
      Object v = at(form, rule.field());
      if (v != null) values.put(rule.field(), v instanceof JsonObject o ? o.getMap() : v);
    }
    return signer.sign(CLIENT, SUBJECT, p.code(), new JsonObject(new JsonObject(values).encode()).getMap());
  }

  /** A plain pointer (no escapes) into the fixture forms. */
  private static Object at(JsonObject form, String pointer) {
    Object node = form;
    for (String s : pointer.substring(1).split("/")) {
      node = node instanceof JsonObject o ? o.getValue(s) : null;
    }
    return node;
  }

  // ---- the valid forms of DossierValidatorTest, filed on 10 March 2026 ----

  static JsonObject address(String commune, String detail) {
    return new JsonObject().put("provinceCode", "01").put("provinceName", "Hà Nội").put("communeCode", commune).put("detail", detail);
  }

  static JsonObject applicant() {
    return new JsonObject().put("fullName", "Nguyễn Văn An").put("gender", "MALE").put("birthdate", "1985-04-12")
        .put("identityNumber", "001085123456").put("permanentAddress", address("00004", "Số 1 phố Hoàng Diệu"))
        .put("phone", "0912345678").put("email", "an.nguyen@example.vn");
  }

  static JsonObject school(String name) {
    return new JsonObject().put("name", name).put("provinceCode", "01").put("communeCode", "00070");
  }

  static JsonArray documents(String... kinds) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < kinds.length; i++) out.add(new JsonObject().put("kind", kinds[i]).put("fileId", "file-" + i));
    return out;
  }

  static JsonObject validForm(String code) {
    return switch (code) {
      case "1.001612" -> new JsonObject()
          .put("applicant", applicant().put("ethnicity", "Kinh").put("nationality", "Việt Nam")
              .put("currentAddress", address("00008", "Số 5 phố Đội Cấn")))
          .put("business", new JsonObject().put("name", "Hộ kinh doanh Phở An").put("address", address("00070", "Số 10 Hàng Bạc"))
              .put("phone", "+84987654321")
              .put("lines", new JsonArray().add(new JsonObject().put("division", "56").put("description", "Bán phở")))
              .put("capital", 50_000_000).put("employees", 2))
          .put("members", new JsonArray().add(new JsonObject().put("fullName", "Trần Thị Bình")
              .put("identityNumber", "001187654321").put("birthdate", "1987-02-03")))
          .put("declarations", new JsonObject().put("notOwnerElsewhere", true).put("truthful", true));
      case "2.000720" -> new JsonObject()
          .put("applicant", applicant())
          .put("business", new JsonObject().put("name", "Hộ kinh doanh Phở An").put("registrationNumber", "01A8012345")
              .put("registrationDate", "2019-05-06").put("taxCode", "0101234567").put("address", address("00070", "Số 10 Hàng Bạc")))
          .put("termination", new JsonObject().put("date", "2026-03-31").put("reason", "Chuyển sang thành lập doanh nghiệp"))
          .put("documents", documents("TAX_CLEARANCE_NOTICE", "ORIGINAL_CERTIFICATE"))
          .put("declarations", new JsonObject().put("debtsSettled", true).put("truthful", true));
      case "1.005099", "1.005100" -> {
        boolean primary = code.equals("1.005099");
        JsonObject student = primary
            ? new JsonObject().put("fullName", "Nguyễn Minh Khang").put("gender", "MALE").put("birthdate", "2017-09-05")
                .put("identityNumber", "001217004321").put("grade", 3).put("schoolYear", "2025-2026")
            : new JsonObject().put("fullName", "Nguyễn Thu Hà").put("gender", "FEMALE").put("birthdate", "2013-05-20")
                .put("identityNumber", "001313009876").put("grade", 7).put("schoolYear", "2025-2026");
        yield new JsonObject()
            .put("applicant", applicant().put("currentAddress", address("00008", "Số 5 phố Đội Cấn")).put("relationship", "FATHER"))
            .put("student", student)
            .put("fromSchool", school(primary ? "Trường Tiểu học Ba Đình" : "Trường THCS Ba Đình"))
            .put("toSchool", school(primary ? "Trường Tiểu học Hoàn Kiếm" : "Trường THCS Hoàn Kiếm"))
            .put("reason", new JsonObject().put("kind", "RELOCATION").put("detail", "Gia đình chuyển nhà"))
            .put("documents", documents("SCHOOL_RECORD", "SENDING_SCHOOL_REFERRAL"))
            .put("declarations", new JsonObject().put("truthful", true));
      }
      case "1.010811" -> {
        JsonObject a = applicant().put("relationship", "CHILD");
        a.remove("email");
        yield new JsonObject()
            .put("applicant", a)
            .put("martyr", new JsonObject().put("fullName", "Nguyễn Văn Hùng").put("birthYear", 1950).put("hometown", "Xã Mê Linh, Hà Nội")
                .put("dateOfDeath", "1972-12-20").put("certificateNumber", "HN-123456"))
            .put("grave", new JsonObject().put("cemetery", "Nghĩa trang liệt sĩ Trường Sơn").put("provinceCode", "44"))
            .put("visit", new JsonObject().put("visitors", 2).put("plannedDate", "2026-04-15"))
            .put("documents", documents("MARTYR_FAMILY_CERTIFICATE", "GRAVE_NOTICE"))
            .put("declarations", new JsonObject().put("truthful", true));
      }
      default -> throw new IllegalArgumentException(code);
    };
  }
}
