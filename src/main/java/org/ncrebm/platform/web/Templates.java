package org.ncrebm.platform.web;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.templ.freemarker.FreeMarkerTemplateEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * FreeMarker pages. The configuration comes from Vert.x Web's FreeMarker engine (its object wrapper understands
 * {@code JsonObject}); templates ({@code .ftlh}, HTML auto-escaped) load from the class path and are all parsed at
 * boot on a worker, so rendering on the event loop never touches the disk. Output is always UTF-8.
 */
public final class Templates {
  private final Configuration cfg;
  private final I18n i18n;

  private Templates(Configuration cfg, I18n i18n) {
    this.cfg = cfg;
    this.i18n = i18n;
  }

  /** Blocking: parses every template under {@code templates/}. Call from a worker at boot. */
  public static Templates load(Vertx vertx, I18n i18n) throws IOException {
    FreeMarkerTemplateEngine engine = FreeMarkerTemplateEngine.create(vertx, "ftlh");
    Configuration cfg = engine.unwrap();
    cfg.setTemplateLoader(new ClassTemplateLoader(Templates.class.getClassLoader(), "templates"));
    cfg.setCacheStorage(new freemarker.cache.StrongCacheStorage());
    cfg.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
    cfg.setDefaultEncoding("UTF-8");
    cfg.setOutputEncoding("UTF-8");
    cfg.setRecognizeStandardFileExtensions(true);
    cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setFallbackOnNullLoopVariable(false);
    cfg.setNumberFormat("computer");
    Templates templates = new Templates(cfg, i18n);
    for (String name : templateNames()) {
      cfg.getTemplate(name);
    }
    return templates;
  }

  /** Renders a page; {@code t("key", args…)} in templates translates into the request's language. */
  public Buffer render(String name, Map<String, Object> model, Lang lang) {
    try {
      Template template = cfg.getTemplate(name + ".ftlh", lang.locale());
      model.put("t", (TemplateMethodModelEx) args -> translate(lang, args));
      model.put("lang", lang.tag());
      StringWriter out = new StringWriter(8192);
      template.process(model, out);
      return Buffer.buffer(out.toString(), StandardCharsets.UTF_8.name());
    } catch (Exception e) {
      throw new IllegalStateException("template " + name + " failed", e);
    }
  }

  private String translate(Lang lang, List<?> args) throws TemplateModelException {
    if (args.isEmpty()) {
      throw new TemplateModelException("t() needs a key");
    }
    List<Object> rest = new ArrayList<>();
    for (int i = 1; i < args.size(); i++) {
      Object a = args.get(i);
      rest.add(a instanceof freemarker.template.TemplateScalarModel s ? s.getAsString()
        : a instanceof freemarker.template.TemplateNumberModel n ? n.getAsNumber() : String.valueOf(a));
    }
    return i18n.t(lang, String.valueOf(args.get(0)), rest);
  }

  /** Lists the templates from the class path (a directory in development, the jar in production). */
  static List<String> templateNames() throws IOException {
    List<String> names = new ArrayList<>();
    var url = Templates.class.getClassLoader().getResource("templates");
    if (url == null) {
      return names;
    }
    if ("file".equals(url.getProtocol())) {
      java.nio.file.Path root;
      try {
        root = java.nio.file.Path.of(url.toURI());
      } catch (java.net.URISyntaxException e) {
        throw new IOException(e);
      }
      try (var stream = java.nio.file.Files.walk(root)) {
        stream.filter(p -> p.toString().endsWith(".ftlh"))
          .forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
      }
      return names;
    }
    var source = Templates.class.getProtectionDomain().getCodeSource();
    try (InputStream in = source.getLocation().openStream(); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().startsWith("templates/") && e.getName().endsWith(".ftlh")) {
          names.add(e.getName().substring("templates/".length()));
        }
      }
    }
    return names;
  }
}
