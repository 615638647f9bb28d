package org.ncrebm.ticket;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Browser;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Polling;
import org.ncrebm.support.TestApp;
import org.openqa.selenium.JavascriptExecutor;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Tickets and messages in the candidate's language: payment notices, the PDF, the ticket page with photo and rules")
class TicketLanguageTest {
  @RegisterExtension
  static final TestApp app = TicketFlowFixture.app();
  private final TicketFlowFixture fx = new TicketFlowFixture(app);
  private String english;
  private String chinese;

  @BeforeEach
  void setUp() {
    fx.setUp();
    fx.savePlan();
    english = fx.paidThroughApi("en")[1];
    chinese = fx.paidThroughApi()[1];
    fx.closeWindow();
    assertThat(fx.arrange().getString("status")).isEqualTo("DONE");
  }

  private String[] contact(String registration) {
    var row = app.query("select a.email, a.mobile from account a join registration r on r.account_id = a.id "
      + "where r.id = $1::uuid", registration).iterator().next();
    return new String[]{row.getString(0), row.getString(1)};
  }

  private HttpResponse<Buffer> get(String path, String token, String acceptLanguage) {
    var request = app.client().get(path);
    if (token != null) request.bearerTokenAuthentication(token);
    if (acceptLanguage != null) request.putHeader("Accept-Language", acceptLanguage);
    return TestApp.await(request.send());
  }

  private String pdfText(String registration) throws Exception {
    HttpResponse<Buffer> pdf = get("/api/v1/registrations/" + registration + "/ticket.pdf?subject=24",
      fx.candidateToken(registration), null);
    assertThat(pdf.statusCode()).isEqualTo(200);
    try (PDDocument document = Loader.loadPDF(pdf.body().getBytes())) {
      assertThat(document.getNumberOfPages()).isEqualTo(1);
      for (var name : document.getPage(0).getResources().getFontNames()) {
        PDFont font = document.getPage(0).getResources().getFont(name);
        assertThat(font.isEmbedded()).isTrue();
        assertThat(font.getName()).contains("WenQuanYi");
      }
      return new PDFTextStripper().getText(document);
    }
  }

  private void setLang(String registration, String lang) {
    ApiResponse r = app.send(app.request(HttpMethod.PATCH, "/api/v1/passport/me")
      .bearerTokenAuthentication(fx.candidateToken(registration)), new JsonObject().put("lang", lang));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  @Test
  @DisplayName("the payment-received e-mail and SMS: English for the English account, Chinese for the Chinese one")
  void paymentNotices() {
    String[] en = contact(english);
    JsonObject mail = awaitMessage(en[0], "NCRE registration: payment received");
    assertThat(mail.getString("body")).startsWith("Hello,").contains("CNY 175.00", "registration is confirmed")
      .doesNotContain("您好");
    String sms = awaitBody(en[1], "[NCRE] We received your fee of CNY 175.00");
    assertThat(sms.length()).as("an SMS stays short").isLessThan(140);
    String[] zh = contact(chinese);
    assertThat(awaitMessage(zh[0], "【NCRE 报名】缴费成功").getString("body")).startsWith("您好！").contains("175.00 元");
    assertThat(awaitBody(zh[1], "【NCRE报名】已收到您的报名费175.00元")).doesNotContain("NCRE]");
  }

  @Test
  @DisplayName("the PDF speaks the account's language (labels, rules, dates), keeps the Chinese name, and follows a change of language")
  void pdfLanguage() throws Exception {
    fx.printWindow();
    String en = pdfText(english);
    assertThat(en).contains("National Computer Rank Examination", "Admission Ticket", "Ticket No.", "Name", "张三",
      "Instructions to candidates", "Bring this admission ticket", "Sat 19 Dec 2026, 09:00–11:00", "Beijing time",
      "Room 00", "Center code 11001");
    assertThat(en).doesNotContain("第 00", "考点代码");
    String zh = pdfText(chinese);
    assertThat(zh).contains("准考证号", "张三", "考生须知", "2026年12月19日（星期六）09:00–11:00", "考生须持本准考证")
      .doesNotContain("Bring this admission ticket");
    assertThat(app.count("select count(*) from ticket_pdf where lang = 'en'")).isEqualTo(1);

    setLang(english, "zh");
    assertThat(pdfText(english)).contains("考生须知", "考生须持本准考证").doesNotContain("Bring this admission ticket");
    assertThat(app.count("select count(*) from ticket_pdf where lang = 'en'")).as("replaced, not added").isZero();
    assertThat(app.count("select count(*) from ticket_pdf")).isEqualTo(2);

    // The pregeneration job renders the rest, and again whatever an account's change of language made stale.
    var pdfs = app.main().services().tickets().pdfs();
    assertThat(TestApp.await(pdfs.pregenerate(50))).isEqualTo(2);
    setLang(english, "en");
    app.clock.advance(java.time.Duration.ofMinutes(3)); // past the first pass's leases
    assertThat(TestApp.await(pdfs.pregenerate(50))).as("both of the English candidate's tickets").isEqualTo(2);
    assertThat(TestApp.await(pdfs.pregenerate(50))).isZero();
    assertThat(app.count("select count(*) from ticket_pdf where lang = 'en'")).isEqualTo(2);
    assertThat(pdfText(english)).contains("Instructions to candidates");
  }

  @Test
  @DisplayName("the ticket page shows the candidate's photo through the owner-only photo route and the rules, in Chinese and English")
  void pageWithPhotoAndRules() throws Exception {
    fx.printWindow();
    String token = fx.candidateToken(english);
    String page = "/bm/r/" + english + "/ticket";
    String photo = "/bm/r/" + english + "/photo.jpg";
    String en = get(page, token, "en").bodyAsString();
    assertThat(en).contains("src=\"" + photo + "\"", "Instructions to candidates", ExamRules.EN.get(0),
      "alt=\"Candidate&#39;s photo\"");
    String zh = get(page, token, "zh-CN").bodyAsString();
    assertThat(zh).contains("src=\"" + photo + "\"", "考生须知", ExamRules.ZH.get(0), "alt=\"考生照片\"");
    String rules = zh.substring(zh.indexOf("id=\"ticket-rules\""), zh.indexOf("</ol>", zh.indexOf("id=\"ticket-rules\"")));
    assertThat(rules.split("<li>", -1)).as("every rule").hasSize(ExamRules.ZH.size() + 1);

    HttpResponse<Buffer> image = get(photo, token, null);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.getHeader("Content-Type")).isEqualTo("image/jpeg");
    assertThat(image.getHeader("Cache-Control")).contains("private");
    var decoded = ImageIO.read(new ByteArrayInputStream(image.body().getBytes()));
    assertThat(decoded.getWidth() * 4).isEqualTo(decoded.getHeight() * 3);

    String other = fx.candidateToken(chinese);
    assertThat(get(photo, other, null).statusCode()).as("another account").isEqualTo(404);
    assertThat(get(page, other, null).statusCode()).isEqualTo(404);
    assertThat(get(photo, null, null).statusCode()).as("nobody").isNotEqualTo(200);
  }

  @Test
  @DisplayName("in a real browser the ticket page's photo loads and the rules follow the language switch")
  void inTheBrowser() {
    fx.printWindow();
    String email = contact(english)[0];
    try (Browser b = Browser.open(app)) {
      b.go("/passport/login?next=/bm/r/" + english + "/ticket");
      b.type("#f-login", email);
      b.type("#f-password", Candidates.PASSWORD);
      b.click("#login-submit");
      assertThat(b.path()).isEqualTo("/bm/r/" + english + "/ticket");
      assertThat(b.find("#ticket-rules").getText()).contains("考生须知", ExamRules.ZH.get(1));
      Object width = ((JavascriptExecutor) b.driver).executeScript(
        "const i = document.getElementById('ticket-photo'); return i.complete ? i.naturalWidth : -1;");
      assertThat(((Number) width).intValue()).as("the photo loaded").isGreaterThan(0);
      b.go("/lang/en?back=/bm/r/" + english + "/ticket");
      assertThat(b.find("#ticket-rules").getText()).contains("Instructions to candidates", ExamRules.EN.get(1));
      assertThat(b.find("#ticket-photo").getAttribute("alt")).isEqualTo("Candidate's photo");
      b.screenshot("ticket-page-en");
    }
  }

  private JsonObject awaitMessage(String to, String subject) {
    for (int i = 0; i < 200; i++) {
      JsonArray messages = outbox(to);
      for (int m = 0; m < messages.size(); m++) {
        if (subject.equals(messages.getJsonObject(m).getString("subject"))) return messages.getJsonObject(m);
      }
      Polling.pause(50);
    }
    throw new AssertionError("no message '" + subject + "' for " + to + ": " + outbox(to).encodePrettily());
  }

  private String awaitBody(String to, String start) {
    for (int i = 0; i < 200; i++) {
      JsonArray messages = outbox(to);
      for (int m = 0; m < messages.size(); m++) {
        String body = messages.getJsonObject(m).getString("body");
        if (body.startsWith(start)) return body;
      }
      Polling.pause(50);
    }
    throw new AssertionError("no message starting '" + start + "' for " + to + ": " + outbox(to).encodePrettily());
  }

  private JsonArray outbox(String to) {
    return app.get("/dev/outbox?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8), null).json()
      .getJsonArray("messages");
  }
}
