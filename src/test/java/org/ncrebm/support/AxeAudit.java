package org.ncrebm.support;

import org.openqa.selenium.JavascriptExecutor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audits many pages in one browser and fails once, at the end, with every violation of every page: a phone and a
 * desktop width, Chinese and English ({@link #VARIANTS}).
 */
public final class AxeAudit {
  /** A viewport and a language the pages are audited in. */
  public record Variant(String name, int width, int height, String lang) {
    @Override
    public String toString() {
      return name;
    }
  }

  public static final List<Variant> VARIANTS = List.of(
    new Variant("phone 390×844 zh-CN", 390, 844, "zh-CN"),
    new Variant("phone 390×844 en", 390, 844, "en"),
    new Variant("desktop 1280×1600 zh-CN", 1280, 1600, "zh-CN"),
    new Variant("desktop 1280×1600 en", 1280, 1600, "en"));

  /** Null when the page fits its width, else its width and the innermost elements that stick out. */
  private static final String REFLOW = """
    var root = document.documentElement, vw = root.clientWidth;
    if (root.scrollWidth <= vw + 1) return null;
    var out = [];
    function sticksOut(e) { var r = e.getBoundingClientRect(); return r.width > 0 && r.right > vw + 1; }
    document.querySelectorAll('body *').forEach(function (e) {
      if (!sticksOut(e) || out.length >= 5) return;
      // A scroller clips what sticks out of it, unless the element is positioned out of its flow (then it may not).
      var escapes = ['absolute', 'fixed'].indexOf(getComputedStyle(e).position) >= 0;
      for (var a = e.parentElement; a && !escapes; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].indexOf(getComputedStyle(a).overflowX) >= 0) return;
      }
      for (var i = 0; i < e.children.length; i++) if (sticksOut(e.children[i])) return;
      out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
        + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');
    });
    return 'the page is ' + root.scrollWidth + ' px wide: ' + out.join(', ');
    """;

  private final Map<String, List<String>> found = new LinkedHashMap<>();
  private final List<String> audited = new ArrayList<>();

  public static final List<String> LANGUAGES = List.of("zh-CN", "en");

  /** Puts the browser in this variant: its viewport and the language switch's cookie. */
  public static void apply(Browser b, Variant v) {
    b.viewport(v.width(), v.height());
    b.language(v.lang());
  }

  /**
   * Audits pages in every variant with as few page loads as that takes: per language, each page is opened once and
   * audited at each width in turn (the viewport changes, the page stays).
   */
  public <P> void checkAll(Browser b, List<P> pages, java.util.function.Function<P, String> name,
                           java.util.function.Function<P, String> expectedPath,
                           java.util.function.BiConsumer<P, Browser> open) {
    Axe.preload(b);
    for (String lang : LANGUAGES) {
      b.language(lang);
      List<Variant> sizes = VARIANTS.stream().filter(v -> v.lang().equals(lang)).toList();
      for (P page : pages) {
        b.viewport(sizes.get(0).width(), sizes.get(0).height());
        open.accept(page, b);
        for (Variant v : sizes) {
          b.viewport(v.width(), v.height());
          check(b, v, name.apply(page), expectedPath.apply(page));
        }
      }
    }
  }

  /**
   * Audits the page the browser shows, which must be at {@code expectedPath} (so that a redirect to a login page is
   * not audited in the page's place) and declare the variant's language on {@code <html>}.
   */
  public void check(Browser b, Variant v, String page, String expectedPath) {
    String key = page + " [" + v + "] " + b.path();
    audited.add(key);
    List<String> problems = new ArrayList<>();
    if (!b.path().equals(expectedPath)) problems.add("expected to be at " + expectedPath + " but was at " + b.path());
    Object lang = ((JavascriptExecutor) b.driver).executeScript("return document.documentElement.lang;");
    if (!v.lang().equals(lang)) problems.add("<html lang> is '" + lang + "', expected '" + v.lang() + "'");
    if (v.width() < 600) {
      // WCAG 1.4.10 (reflow, AA), which axe does not check: on a phone the page scrolls one way only; a wide table
      // may scroll inside its own region.
      Object wide = ((JavascriptExecutor) b.driver).executeScript(REFLOW);
      if (wide != null) {
        problems.add("reflow (WCAG 1.4.10): in a " + v.width() + " px viewport " + wide);
      }
    }
    problems.addAll(Axe.violations(b));
    if (!problems.isEmpty()) found.put(key, problems);
  }

  public List<String> audited() {
    return audited;
  }

  /** Fails with every page's violations, one line each, grouped by page. */
  public void assertClean() {
    if (found.isEmpty()) return;
    StringBuilder s = new StringBuilder("WCAG 2.1 A/AA violations on " + found.size() + " of " + audited.size()
      + " page views:\n");
    found.forEach((page, lines) -> {
      s.append(page).append('\n');
      lines.forEach(l -> s.append("  - ").append(l).append('\n'));
    });
    throw new AssertionError(s.toString());
  }
}
