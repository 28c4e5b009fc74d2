package vn.egov.gateway.prefill;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import vn.egov.gateway.config.ConfigException;
import vn.egov.gateway.config.ConfigLoader;
import vn.egov.gateway.config.ConfigReader;

/**
 * The procedures the gateway serves, one YAML file each in {@code config/procedures/} (DESIGN.md
 * section 4): adding a procedure is adding a file. Read once at start-up (blocking file I/O,
 * before Vert.x runs); every problem in every file is collected and thrown together as a
 * {@link ConfigException} naming file, key and what is wrong.
 */
public final class ProcedureCatalogue {
  /** The keys a procedure file may have; anything else is a typo. */
  static final Set<String> KEYS = Set.of("code", "name", "agency", "time-limit", "fast-track", "required-level", "purpose",
      "form", "prefill", "rules");
  /** National procedure code (mã thủ tục hành chính), e.g. 1.005099. */
  static final String CODE_PATTERN = "[1-3]\\.[0-9]{6}";
  /** Agency electronic ID code (mã định danh điện tử của cơ quan), e.g. 000.00.01.H26. */
  static final String AGENCY_PATTERN = "[0-9A-Z]{3}\\.[0-9A-Z]{2}\\.[0-9A-Z]{2}\\.[A-Z][0-9]{2}";

  private final Map<String, Procedure> byCode;

  private ProcedureCatalogue(Map<String, Procedure> byCode) {
    this.byCode = byCode;
  }

  /** Reads and checks every {@code *.yaml} in {@code dir}, in file-name order. */
  public static ProcedureCatalogue load(Path dir) {
    if (!Files.isDirectory(dir)) throw new ConfigException(List.of(dir + ": procedures folder not found"));
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.yaml")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new ConfigException(List.of(dir + ": cannot be listed (" + e.getMessage() + ")"));
    }
    files.sort(null);
    if (files.isEmpty()) throw new ConfigException(List.of(dir + ": holds no procedure files (*.yaml)"));

    List<String> problems = new ArrayList<>();
    ConfigReader all = new ConfigReader(dir.toString(), Map.of(), Map.of(), null);
    FormSchema schemas = FormSchema.create();
    Map<String, Path> fileOfCode = new HashMap<>();
    Map<String, Procedure> byCode = new TreeMap<>();
    for (Path file : files) {
      Map<String, Object> root;
      try {
        root = ConfigLoader.readYaml(file);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
        continue;
      }
      // No environment overrides: a procedure is a reviewed document, not a deployment knob.
      ConfigReader r = all.other(file.toString(), root, null);
      ProcedureFile reader = new ProcedureFile(file, root, r, schemas);
      Optional<Procedure> procedure = reader.read();
      // Duplicates are checked on every file whose code could be read, broken or not.
      if (reader.code != null) {
        Path first = fileOfCode.putIfAbsent(reader.code, file);
        if (first != null) r.problem("code", "'" + reader.code + "' is also the code of " + first + ": each procedure has one file");
        else procedure.ifPresent(p -> byCode.put(p.code(), p));
      }
    }
    try {
      all.throwIfProblems();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return new ProcedureCatalogue(Collections.unmodifiableMap(new LinkedHashMap<>(byCode)));
  }

  /** Every procedure, ordered by code. */
  public List<Procedure> list() {
    return List.copyOf(byCode.values());
  }

  public Optional<Procedure> find(String code) {
    return Optional.ofNullable(code == null ? null : byCode.get(code));
  }

  /** Reads one file; records problems through its reader and returns a procedure only when it has none. */
  private static final class ProcedureFile {
    private final Path file;
    private final Map<String, Object> root;
    private final ConfigReader r;
    private final FormSchema schemas;
    private boolean broken;
    /** The procedure code, once read; null if missing or malformed. */
    String code;

    ProcedureFile(Path file, Map<String, Object> root, ConfigReader r, FormSchema schemas) {
      this.file = file;
      this.root = root;
      this.r = r;
      this.schemas = schemas;
    }

    private void problem(String key, String message) {
      broken = true;
      r.problem(key, message);
    }

    Optional<Procedure> read() {
      for (String key : root.keySet()) {
        if (!KEYS.contains(key)) problem(key, "is not a procedure key (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
      }
      nfc("", root);

      code = code();
      Localized name = localized("name");
      String agencyCode = requiredString("agency.code");
      if (agencyCode != null && !agencyCode.matches(AGENCY_PATTERN)) {
        problem("agency.code", "'" + agencyCode + "' is not an agency e-ID code such as 000.00.01.H26");
      }
      Localized agencyName = localized("agency.name");
      Integer workingDays = null;
      if (!r.has("time-limit.working-days")) {
        problem("time-limit.working-days", "is required: the statutory time limit in working days");
      } else {
        workingDays = integer("time-limit.working-days", 1, 365);
      }
      Optional<FastTrack> fastTrack = fastTrack();
      AssuranceLevel level = null;
      if (!r.has("required-level")) {
        problem("required-level", "is required: LoA1 or LoA2");
      } else {
        level = r.enumValue("required-level", AssuranceLevel.class, null, AssuranceLevel::acr);
        if (level == null) broken = true;
      }
      Localized purpose = localized("purpose");

      JsonObject form = form();
      List<PrefillRule> prefill = form == null ? List.of() : prefill(form);
      List<DomainRule> rules = form == null ? List.of() : rules(form);
      Validator validator = null;
      if (!broken && form != null) {
        try {
          validator = schemas.compile(code, form);
        } catch (RuntimeException e) {
          problem("form", "does not compile (" + e + ")");
        }
      }
      if (broken) return Optional.empty();
      return Optional.of(new Procedure(code, name, new Agency(agencyCode, agencyName), workingDays, fastTrack, level, purpose,
          form, validator, prefill, rules, file));
    }

    private String code() {
      Object raw = r.raw("code");
      if (raw == null) {
        problem("code", "is required: the national procedure code, e.g. \"1.005099\"");
        return null;
      }
      if (!(raw instanceof String code)) {
        // YAML reads 1.005090 as the number 1.00509: the trailing zero would be lost.
        problem("code", "must be quoted (\"" + raw + "\"): unquoted, YAML reads it as a number");
        return null;
      }
      if (!code.matches(CODE_PATTERN)) problem("code", "'" + code + "' is not a national procedure code such as 1.005099");
      return code;
    }

    private Optional<FastTrack> fastTrack() {
      if (!r.has("fast-track")) return Optional.empty();
      DayOfWeek weekday = null;
      if (!r.has("fast-track.weekday")) {
        problem("fast-track.weekday", "is required: the day of the week fast-track applies (MONDAY ... FRIDAY)");
      } else {
        weekday = r.enumValue("fast-track.weekday", DayOfWeek.class, null, DayOfWeek::name);
        if (weekday == null) broken = true;
        else if (weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY) {
          problem("fast-track.weekday", "must be a working day (got " + weekday + ")");
        }
      }
      Integer minutes = null;
      if (!r.has("fast-track.minutes")) {
        problem("fast-track.minutes", "is required: the fast-track time limit in minutes");
      } else {
        minutes = integer("fast-track.minutes", 1, 8 * 60);
      }
      return weekday == null || minutes == null ? Optional.empty() : Optional.of(new FastTrack(weekday, minutes));
    }

    private JsonObject form() {
      Object raw = r.raw("form");
      if (raw == null) {
        problem("form", "is required: the form as a JSON Schema 2020-12");
        return null;
      }
      if (!(raw instanceof Map)) {
        problem("form", "must be a section: the form as a JSON Schema 2020-12");
        return null;
      }
      Object json = json("form", raw);
      if (!(json instanceof JsonObject form)) return null;
      // Problems are recorded; the form is still returned so prefill and rules get checked too.
      schemas.check(form, (key, message) -> problem(key.isEmpty() ? "form" : "form." + key, message));
      return form;
    }

    private List<PrefillRule> prefill(JsonObject form) {
      List<PrefillRule> out = new ArrayList<>();
      Map<String, String> fieldKeys = new HashMap<>();
      if (r.has("prefill") && !(r.raw("prefill") instanceof List)) {
        problem("prefill", "must be a list of {field, source, locked}");
        return out;
      }
      List<ConfigReader> sections = r.sections("prefill");
      for (ConfigReader s : sections) {
        BiConsumer<String, String> problem = (key, message) -> {
          broken = true;
          s.problem(key, message);
        };
        String field = s.string("field", null);
        String source = s.string("source", null);
        Object lockedRaw = s.raw("locked");
        boolean locked = Boolean.TRUE.equals(lockedRaw);
        if (lockedRaw != null && !(lockedRaw instanceof Boolean)) problem.accept("locked", "must be true or false (got '" + lockedRaw + "')");
        JsonObject target = null;
        if (field == null || field.isBlank()) {
          problem.accept("field", "is required: a JSON pointer into the form such as /applicant/fullName");
        } else if (FormSchema.segments(field).isEmpty()) {
          problem.accept("field", "'" + field + "' is not a JSON pointer (RFC 6901) such as /applicant/fullName");
        } else if (field.contains("/*")) {
          problem.accept("field", "'" + field + "': a prefilled field is one place in the form, '*' (every item) is for rules only");
        } else {
          target = FormSchema.resolve(form, field).orElse(null);
          if (target == null) problem.accept("field", "'" + field + "' names no property of the form schema");
          String first = fieldKeys.putIfAbsent(field, s.keyName("field"));
          if (first != null) problem.accept("field", "'" + field + "' is already prefilled by " + first);
        }
        if (source == null || source.isBlank()) {
          problem.accept("source", locked
              ? "is required: a locked field must be mapped to a register attribute (only register data can be locked)"
              : "is required: the register attribute path, e.g. fullName or permanentAddress");
          continue;
        }
        if (RegisterAttribute.isSensitivePath(source)) {
          problem.accept("source", "'" + source + "' is sensitive personal data and may never be prefilled"
              + " (DOMAIN.md: sensitive data never goes into prefill; Decree 13/2023/NĐ-CP Art. 2(4))");
          continue;
        }
        Optional<RegisterPath> path = RegisterPath.parse(source);
        if (path.isEmpty()) {
          problem.accept("source", unknownSource(source));
          continue;
        }
        if (target != null) fits(form, path.get(), target, field, problem);
        if (field != null && target != null) out.add(new PrefillRule(field, path.get(), locked));
      }
      return out;
    }

    private static String unknownSource(String source) {
      String top = source.contains(".") ? source.substring(0, source.indexOf('.')) : source;
      Optional<RegisterAttribute> attribute = RegisterAttribute.of(top);
      if (attribute.isPresent() && !attribute.get().members().isEmpty()) {
        return "'" + source + "' is not a register attribute path: " + top + " has the members "
            + String.join(", ", attribute.get().members());
      }
      List<String> known = new ArrayList<>();
      for (RegisterAttribute a : RegisterAttribute.values()) if (!a.sensitive()) known.add(a.attribute());
      return "'" + source + "' is not a register attribute path (attributes: " + String.join(", ", known)
          + "; or one's member, e.g. father.fullName)";
    }

    /** Whether the form field can hold what the path reads: the JSON type and, for objects, every member. */
    private void fits(JsonObject form, RegisterPath path, JsonObject target, String field,
        BiConsumer<String, String> problem) {
      RegisterAttribute.Kind kind = path.kind();
      List<String> types = FormSchema.types(target);
      if (!types.isEmpty() && !types.contains(kind.jsonType())) {
        problem.accept("source", "'" + path + "' is " + article(kind.jsonType()) + " but form field " + field + " is of type " + types);
        return;
      }
      List<String> members = switch (kind) {
        case ADDRESS -> RegisterAttribute.Address.FORM_MEMBERS;
        case OBJECT -> path.attribute().members();
        default -> List.of();
      };
      JsonObject holder = target;
      if (kind == RegisterAttribute.Kind.LIST) {
        members = RegisterAttribute.HOUSEHOLD_MEMBER_FIELDS;
        holder = target.getValue("items") instanceof JsonObject items ? FormSchema.follow(form, items) : null;
      }
      if (members.isEmpty() || holder == null) return;
      JsonObject properties = holder.getValue("properties") instanceof JsonObject p ? p : new JsonObject();
      List<String> missing = members.stream().filter(m -> !properties.containsKey(m)).toList();
      if (!missing.isEmpty()) {
        problem.accept("field", "form field " + field + " must declare " + String.join(", ", missing) + " to hold '" + path + "'");
      }
    }

    private static String article(String type) {
      return type.equals("object") || type.equals("array") ? "an " + type : "a " + type;
    }

    private List<DomainRule> rules(JsonObject form) {
      List<DomainRule> out = new ArrayList<>();
      Object raw = r.raw("rules");
      if (raw == null) return out;
      if (!(raw instanceof List<?> list)) {
        problem("rules", "must be a list of rule ids or {rule, fields}");
        return out;
      }
      for (int i = 0; i < list.size(); i++) {
        String key = "rules[" + i + "]";
        Object item = list.get(i);
        String id;
        List<String> fields = new ArrayList<>();
        if (item instanceof String s) {
          id = s;
        } else if (item instanceof Map<?, ?> m && m.get("rule") instanceof String s) {
          id = s;
          Object f = m.get("fields");
          if (f instanceof List<?> l) {
            for (Object o : l) fields.add(String.valueOf(o));
          } else if (f != null) {
            problem(key + ".fields", "must be a list of JSON pointers into the form");
          }
          for (Object k : m.keySet()) {
            if (!k.equals("rule") && !k.equals("fields")) problem(key + "." + k, "is not a rule key (known: rule, fields)");
          }
        } else {
          problem(key, "must be a rule id or a section {rule, fields}");
          continue;
        }
        String name = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
        Optional<DomainRule.Kind> kind = DomainRule.Kind.of(name);
        if (kind.isEmpty()) {
          List<String> known = new ArrayList<>();
          for (DomainRule.Kind k : DomainRule.Kind.values()) known.add(k.ruleName());
          problem(key + ".rule", "'" + id + "' is not a known domain rule (known: " + String.join(", ", known) + ")");
          continue;
        }
        if (kind.get() == DomainRule.Kind.AGE_RANGE) {
          if (!id.matches("age-range:[0-9]{1,3}-[0-9]{1,3}")) {
            problem(key + ".rule", "'" + id + "' must be age-range:MIN-MAX in whole years, e.g. age-range:6-11");
            continue;
          }
          String[] b = id.substring(id.indexOf(':') + 1).split("-");
          if (Integer.parseInt(b[0]) > Integer.parseInt(b[1])) {
            problem(key + ".rule", "'" + id + "': the minimum age is above the maximum");
            continue;
          }
        } else if (id.contains(":")) {
          problem(key + ".rule", "'" + id + "': " + name + " takes no arguments");
          continue;
        }
        if (fields.size() < kind.get().minFields() || fields.size() > kind.get().maxFields()) {
          String count = kind.get().minFields() == kind.get().maxFields() ? String.valueOf(kind.get().minFields())
              : "at least " + kind.get().minFields();
          problem(key + ".fields", name + " reads " + count + " form field(s) (got " + fields.size() + ")");
          continue;
        }
        for (String f : fields) {
          if (FormSchema.resolve(form, f).isEmpty()) problem(key + ".fields", "'" + f + "' names no property of the form schema");
        }
        out.add(new DomainRule(id, kind.get(), fields));
      }
      return out;
    }

    private Localized localized(String key) {
      String vi = requiredString(key + ".vi");
      String en = requiredString(key + ".en");
      return new Localized(vi, en);
    }

    private String requiredString(String key) {
      Object raw = r.raw(key);
      if (raw == null || (raw instanceof String s && s.isBlank())) {
        problem(key, "is required");
        return null;
      }
      if (!(raw instanceof String s)) {
        problem(key, "must be text (got " + raw + ")");
        return null;
      }
      return s;
    }

    private Integer integer(String key, int min, int max) {
      Object raw = r.raw(key);
      if (!(raw instanceof Integer v)) {
        problem(key, "must be a whole number (got '" + raw + "')");
        return null;
      }
      if (v < min || v > max) {
        problem(key, "must be between " + min + " and " + max + " (got " + v + ")");
        return null;
      }
      return v;
    }

    /** Every text in the file NFC (DESIGN.md section 7): titles are compared and shown as written. */
    private void nfc(String key, Object node) {
      if (node instanceof String s && !Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
        problem(key.isEmpty() ? "(top level)" : key, "is not Unicode NFC (it has decomposed diacritics): save the file NFC-normalised");
      } else if (node instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String k = String.valueOf(e.getKey());
          if (!Normalizer.isNormalized(k, Normalizer.Form.NFC)) problem(key.isEmpty() ? k : key + "." + k, "key is not Unicode NFC");
          nfc(key.isEmpty() ? k : key + "." + k, e.getValue());
        }
      } else if (node instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) nfc(key + "[" + i + "]", l.get(i));
      }
    }

    /** The YAML tree as JSON; YAML-only values (dates, non-text keys) are problems. */
    private Object json(String key, Object node) {
      if (node instanceof Map<?, ?> m) {
        JsonObject o = new JsonObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String k)) {
            problem(key + "." + e.getKey(), "keys must be text: quote it");
            continue;
          }
          o.put(k, json(key + "." + k, e.getValue()));
        }
        return o;
      }
      if (node instanceof List<?> l) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < l.size(); i++) a.add(json(key + "[" + i + "]", l.get(i)));
        return a;
      }
      if (node == null || node instanceof String || node instanceof Boolean || node instanceof Integer || node instanceof Long
          || node instanceof Double) {
        return node;
      }
      problem(key, "'" + node + "' is not a JSON value (" + node.getClass().getSimpleName() + "): quote it");
      return null;
    }

    @Override
    public String toString() {
      return file.toString();
    }
  }
}
