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
    boolean present = new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute();
    if (!present && !"true".equals(System.getenv("NCRE_REQUIRE_BROWSER"))) {
      Assumptions.abort("Chromium and chromedriver are not installed");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--window-size=1280,1600", "--lang=zh-CN");
    options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "zh-CN,zh"));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
      .usingAnyFreePort().build();
    WebDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, "http://127.0.0.1:" + app.port());
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
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript("window.__ncreOldPage = true;");
    find(css).click();
    new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
      .until(d -> Boolean.TRUE.equals(js.executeScript(
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
