package org.ncrebm.platform.web;

import org.ncrebm.platform.AppException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Message bundles ({@code i18n/messages_zh.properties}, {@code i18n/messages_en.properties}, UTF-8), loaded once at
 * boot. A missing key in English falls back to Chinese, then to the key itself, so a gap never breaks a page.
 */
public final class I18n {
  private final Map<Lang, Properties> bundles;

  private I18n(Map<Lang, Properties> bundles) {
    this.bundles = bundles;
  }

  /** Blocking class-path reads: call from a worker at boot. */
  public static I18n load() throws IOException {
    Map<Lang, Properties> bundles = new EnumMap<>(Lang.class);
    for (Lang lang : Lang.values()) {
      String name = "i18n/messages_" + (lang == Lang.ZH ? "zh" : "en") + ".properties";
      try (InputStream in = I18n.class.getClassLoader().getResourceAsStream(name)) {
        if (in == null) throw new IOException(name + " is missing");
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        bundles.put(lang, p);
      }
    }
    return new I18n(bundles);
  }

  public String t(Lang lang, String key, Object... args) {
    return t(lang, key, List.of(args));
  }

  public String t(Lang lang, String key, List<Object> args) {
    String pattern = bundles.get(lang).getProperty(key);
    if (pattern == null && lang != Lang.ZH) pattern = bundles.get(Lang.ZH).getProperty(key);
    if (pattern == null) return key;
    if (args.isEmpty()) return pattern;
    return new MessageFormat(pattern, lang.locale()).format(args.toArray());
  }

  public String t(Lang lang, AppException.Message message) {
    return t(lang, message.key(), message.args());
  }

  public boolean has(String key) {
    return bundles.get(Lang.ZH).containsKey(key);
  }

  /** All keys of a language, for the bundle-completeness test. */
  public java.util.Set<String> keys(Lang lang) {
    return bundles.get(lang).stringPropertyNames();
  }
}
