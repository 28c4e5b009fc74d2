package vn.egov.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.text.Normalizer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/** Texts of the citizen pages, from {@code messages_vi.properties} and {@code messages_en.properties} (UTF-8, NFC). */
public final class Messages {
  private final Map<Lang, Properties> texts = new EnumMap<>(Lang.class);

  private Messages() {
  }

  public static Messages load(String baseName) {
    Messages m = new Messages();
    for (Lang lang : Lang.values()) {
      String name = "/" + baseName + "_" + lang.tag() + ".properties";
      try (InputStream in = Messages.class.getResourceAsStream(name)) {
        if (in == null) throw new IllegalStateException("missing resource " + name);
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        m.texts.put(lang, p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return m;
  }

  public String get(Lang lang, String key, Object... args) {
    String pattern = texts.get(lang).getProperty(key);
    if (pattern == null) pattern = texts.get(Lang.VI).getProperty(key, key);
    String text = args.length == 0 ? pattern : new MessageFormat(pattern.replace("'", "''")).format(args);
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }
}
