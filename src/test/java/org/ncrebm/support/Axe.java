package org.ncrebm.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The axe-core accessibility engine run on the page a {@link Browser} shows, limited to the WCAG 2.0 and 2.1 rules of
 * levels A and AA. The script is the {@code axe.min.js} a test-scoped jar carries (read from the classpath, injected
 * through WebDriver: never served by the service, so the site's CSP is untouched).
 */
public final class Axe {
  private static final String SOURCE = load();
  private static final String RUN = """
    var done = arguments[arguments.length - 1];
    axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        resultTypes: ['violations']})
      .then(function (r) {
        done(JSON.stringify(r.violations.map(function (v) {
          return {id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map(function (n) {
            return {target: n.target.join(' '), summary: n.failureSummary || ''};
          })};
        })));
      }, function (e) { done('ERROR ' + e); });
    """;

  private Axe() {
  }

  /**
   * Has the browser evaluate axe in every document it loads from now on (sent once, instead of once per page).
   */
  public static void preload(Browser b) {
    ((org.openqa.selenium.chrome.ChromeDriver) b.driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
      java.util.Map.of("source", SOURCE));
  }

  /**
   * The violations on the current page, one readable line per rule and element ({@code rule (impact) target: help});
   * empty when the page passes.
   */
  public static List<String> violations(Browser b) {
    JavascriptExecutor js = (JavascriptExecutor) b.driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
      js.executeScript(SOURCE);
    }
    b.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Object out = js.executeAsyncScript(RUN);
    String json = String.valueOf(out);
    if (json.startsWith("ERROR")) throw new IllegalStateException("axe failed: " + json);
    List<String> lines = new ArrayList<>();
    for (Object o : new JsonArray(json)) {
      JsonObject v = (JsonObject) o;
      for (Object n : v.getJsonArray("nodes")) {
        JsonObject node = (JsonObject) n;
        lines.add(v.getString("id") + " (" + v.getString("impact") + ") " + node.getString("target") + ": "
          + v.getString("help") + " — " + node.getString("summary").replace('\n', ' ') + " <" + v.getString("helpUrl")
          + ">");
      }
    }
    return lines;
  }

  private static String load() {
    try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core)");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
