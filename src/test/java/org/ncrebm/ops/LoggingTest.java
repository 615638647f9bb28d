package org.ncrebm.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.platform.logging.LogFormat;
import org.ncrebm.platform.logging.LogMasking;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static net.logstash.logback.argument.StructuredArguments.keyValue;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Logs: JSON or text by configuration, structured request fields, ID and mobile numbers always masked")
class LoggingTest {
  private static final String ID = "11010519491231002X";
  private static final String MOBILE = "13812345678";

  @Test
  @DisplayName("ID numbers keep their first three and last four characters, mobiles too; longer digit runs stay")
  void masking() {
    assertThat(LogMasking.mask("id " + ID + ", phone " + MOBILE + "."))
      .isEqualTo("id 110***********002X, phone 138****5678.");
    assertThat(LogMasking.mask("order 202601011234567890123 at 1767225600000")).isEqualTo(
      "order 202601011234567890123 at 1767225600000");
    assertThat(LogMasking.mask("mobile=+86" + MOBILE + " id=" + ID.toLowerCase())).isEqualTo(
      "mobile=+86138****5678 id=110***********002x");
    assertThat(LogMasking.mask("no numbers here")).isEqualTo("no numbers here");
  }

  @Test
  @DisplayName("the format follows NCRE_LOG_FORMAT, then log.format in the file, else json in prod and text elsewhere")
  void formatChoice() {
    assertThat(LogFormat.PROPERTY).isEqualTo("ncre.log.format");
    assertThat(LogFormat.resolve(Map.of(), Map.of())).isEqualTo("text");
    assertThat(LogFormat.resolve(Map.of("NCRE_PROFILE", "prod"), Map.of())).isEqualTo("json");
    assertThat(LogFormat.resolve(Map.of(), Map.of("profile", "prod", "log.format", ""))).isEqualTo("json");
    assertThat(LogFormat.resolve(Map.of("NCRE_PROFILE", "prod", "NCRE_LOG_FORMAT", "text"), Map.of())).isEqualTo("text");
    assertThat(LogFormat.resolve(Map.of(), Map.of("log.format", "json"))).isEqualTo("json");
  }

  @Test
  @DisplayName("the JSON layout writes one object per line with structured fields, and masks message and stack trace")
  void jsonLayout() {
    List<String> lines = logWith("json");
    assertThat(lines).hasSize(2);
    JsonObject access = new JsonObject(lines.get(0));
    assertThat(access.getString("rid")).isEqualTo("abcdefgh12345678");
    assertThat(access.getInteger("status")).isEqualTo(201);
    assertThat(access.getString("route")).isEqualTo("/api/v1/registrations");
    assertThat(access.getString("message")).contains("rid=abcdefgh12345678").contains("110***********002X");
    assertThat(access.getString("level")).isEqualTo("INFO");
    JsonObject failure = new JsonObject(lines.get(1));
    assertThat(failure.getString("stack_trace")).contains("138****5678");
    assertThat(String.join("\n", lines)).doesNotContain(ID).doesNotContain(MOBILE);
  }

  @Test
  @DisplayName("the text layout is one plain line per event, masked the same way")
  void textLayout() {
    List<String> lines = logWith("text");
    assertThat(lines.get(0)).contains("INFO").contains("route=/api/v1/registrations rid=abcdefgh12345678")
      .contains("110***********002X");
    assertThat(String.join("\n", lines)).doesNotContain(ID).doesNotContain(MOBILE).contains("138****5678");
  }

  /** Configures a private logback context from the shipped logback.xml with the given format and logs two events. */
  private static List<String> logWith(String format) {
    PrintStream original = System.out;
    String previous = System.getProperty(LogFormat.PROPERTY);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      System.setProperty(LogFormat.PROPERTY, format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LoggingTest.class.getClassLoader().getResource("logback.xml"));
      assertThat(context.getStatusManager().getCopyOfStatusList()).as("logback configuration problems")
        .allMatch(st -> st.getLevel() == ch.qos.logback.core.status.Status.INFO);
      Logger access = context.getLogger("access");
      access.info("POST /api/v1/registrations {} {} {} id={}", keyValue("status", 201),
        keyValue("route", "/api/v1/registrations"), keyValue("rid", "abcdefgh12345678"), ID);
      context.getLogger("failure").error("request failed", new IllegalStateException("mobile " + MOBILE + " rejected"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.stop();
      System.setOut(original);
      if (previous == null) System.clearProperty(LogFormat.PROPERTY);
      else System.setProperty(LogFormat.PROPERTY, previous);
    }
    return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank())
      .filter(l -> !l.startsWith("\tat ") && !l.startsWith("Caused by")).toList();
  }
}
