package org.ncrebm.contract;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.Browser;
import org.ncrebm.support.TestApp;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("/api/docs renders the OpenAPI document with Swagger UI in a real browser, from the service alone")
class ApiDocsBrowserTest {
  @RegisterExtension
  static final TestApp app = new TestApp().keepDataBetweenTests();

  @Test
  @DisplayName("Swagger UI shows the operations (POST /api/v1/registrations among them) and fetches nothing from elsewhere")
  void rendersTheOperations() {
    try (Browser b = Browser.open(app)) {
      b.go("/api/docs");
      // Swagger UI gives each operation the id operations-<tag>-<operationId>
      WebElement start = new WebDriverWait(b.driver, Duration.ofSeconds(30))
        .until(d -> d.findElements(By.cssSelector("#operations-registration-startRegistration")).stream()
          .findFirst().orElse(null));
      WebElement summary = start.findElement(By.cssSelector(".opblock-summary"));
      assertThat(summary.findElement(By.cssSelector(".opblock-summary-method")).getText()).isEqualTo("POST");
      assertThat(summary.findElement(By.cssSelector(".opblock-summary-path")).getText())
        .isEqualTo("/api/v1/registrations");
      assertThat(b.driver.findElements(By.cssSelector(".opblock")).size())
        .as("an operation block per documented operation").isEqualTo(org.ncrebm.support.ApiContract.get().operations().size());
      assertThat(b.find(".info .title").getText()).contains("ncre-bm");
      b.screenshot("api-docs");

      String origin = "http://127.0.0.1:" + app.port() + "/";
      @SuppressWarnings("unchecked")
      List<String> fetched = (List<String>) ((JavascriptExecutor) b.driver).executeScript(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
      assertThat(fetched).as("what the page loaded").isNotEmpty()
        .contains(origin + "api/v1/openapi.json", origin + "api/docs/swagger-ui-bundle.js")
        .allSatisfy(url -> assertThat(url).startsWith(origin));
    }
  }
}
