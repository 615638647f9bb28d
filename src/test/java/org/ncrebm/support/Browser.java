package org.ncrebm.support;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver) driven by Selenium. Where the browser is missing
 * the test is skipped, unless {@code NCRE_REQUIRE_BROWSER=true} (as in CI), which makes it fail instead.
 */
public final class Browser implements AutoCloseable {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";
  public final WebDriver driver;
  private final String base;

  private Browser(WebDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  public static Browser open(TestApp app) {
    return open(app, Options.DEFAULT);
  }

  /**
   * How a browser is opened: its window size, the languages it asks for ({@code Accept-Language}) and whether pages
   * may run JavaScript (switched off by the content setting a managed profile would use; WebDriver's own scripts,
   * such as the axe audit, still run).
   */
  public record Options(int width, int height, String acceptLanguage, boolean javaScript) {
    public static final Options DEFAULT = new Options(1280, 1600, "zh-CN,zh", true);

    public Options size(int w, int h) {
      return new Options(w, h, acceptLanguage, javaScript);
    }

    public Options languages(String accept) {
      return new Options(width, height, accept, javaScript);
    }

    public Options withoutJavaScript() {
      return new Options(width, height, acceptLanguage, false);
    }
  }

  public static Browser open(TestApp app, Options o) {
    boolean present = new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute();
    if (!present && !"true".equals(System.getenv("NCRE_REQUIRE_BROWSER"))) {
      Assumptions.abort("Chromium and chromedriver are not installed");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--window-size=" + o.width() + "," + o.height(),
      "--lang=" + o.acceptLanguage().split(",")[0]);
    java.util.Map<String, Object> prefs = new java.util.HashMap<>();
    prefs.put("intl.accept_languages", o.acceptLanguage());
    if (!o.javaScript()) prefs.put("profile.managed_default_content_settings.javascript", 2);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
      .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Browser b = new Browser(driver, "http://127.0.0.1:" + app.port());
    if (o.width() != Options.DEFAULT.width() || o.height() != Options.DEFAULT.height()) b.viewport(o.width(), o.height());
    return b;
  }

  /**
   * Sets the page's viewport exactly (a window's size also counts its frame); below 600 px wide as a phone would
   * (touch, mobile viewport meta honoured).
   */
  public void viewport(int width, int height) {
    ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
      "width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
  }

  /** The language switch's choice, as the {@code /lang/...} links leave it (it outranks Accept-Language). */
  public void language(String tag) {
    if (!driver.getCurrentUrl().startsWith(base)) go("/health/live");
    driver.manage().deleteCookieNamed("ncre_lang");
    driver.manage().addCookie(new org.openqa.selenium.Cookie("ncre_lang", tag, "/"));
  }

  /** Logs this browser in with a session of the service's own store (as a login would leave it). */
  public void cookie(String name, String value) {
    if (!driver.getCurrentUrl().startsWith(base)) go("/health/live");
    driver.manage().addCookie(new org.openqa.selenium.Cookie(name, value, "/"));
  }

  public void go(String path) {
    driver.get(base + path);
  }

  /** Clicks something that does not navigate. */
  public void press(String css) {
    find(css).click();
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  /**
   * Clicks something that loads a new page and waits until the old page is gone and the new one complete. The old
   * page is recognised by a marker on its window object rather than by element staleness: recent chromedriver builds
   * answer a staleness probe during navigation with "Node with given id does not belong to the document".
   */
  public void click(String css) {
    navigating(() -> find(css).click());
  }

  /** Sends keys to whatever has the focus (as a keyboard would), expecting them to load a new page. */
  public void keysToNewPage(CharSequence... keys) {
    navigating(() -> new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform());
  }

  /** Sends keys to whatever has the focus, as a keyboard would. */
  public void keys(CharSequence... keys) {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
  }

  private void navigating(Runnable action) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript("window.__ncreOldPage = true;");
    action.run();
    new WebDriverWait(driver, Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(20))
      .ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(js.executeScript(
        "return window.__ncreOldPage !== true && document.readyState === 'complete';")));
  }

  public String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  public String text() {
    return find("body").getText();
  }

  /** Saves a PNG under target/screenshots, for people to look at. */
  public void screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      Files.write(dir.resolve(name + ".png"), png);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
