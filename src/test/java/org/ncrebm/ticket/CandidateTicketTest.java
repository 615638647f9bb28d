package org.ncrebm.ticket;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.TestApp;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A paid candidate's admission ticket: JSON, stored PDF with a signed QR code, print window, privacy")
class CandidateTicketTest {
  @RegisterExtension
  static final TestApp app = TicketFlowFixture.app();
  private final TicketFlowFixture fx = new TicketFlowFixture(app);
  private String registration;

  @BeforeEach
  void setUp() {
    fx.setUp();
    fx.savePlan();
    registration = fx.paidThroughApi()[1];
    fx.closeWindow();
    assertThat(fx.arrange().getString("status")).isEqualTo("DONE");
  }

  private String ticketPath() {
    return "/api/v1/registrations/" + registration + "/ticket";
  }

  private HttpResponse<Buffer> pdf(String token) {
    return TestApp.await(app.client().get(ticketPath() + ".pdf").bearerTokenAuthentication(token).send());
  }

  @Test
  @DisplayName("inside the print window: the ticket JSON names room, seat and start; the PDF holds name, number and a QR that verifies")
  void ticketAndPdf() throws Exception {
    fx.printWindow();
    String token = fx.candidateToken(registration);
    ApiResponse r = app.get(ticketPath(), token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject t = r.json();
    String number = t.getString("ticketNumber");
    assertThat(TicketNumber.isValid(number)).isTrue();
    assertThat(t.getInteger("room")).isNotNull();
    assertThat(t.getInteger("seat")).isNotNull();
    assertThat(t.getString("examStart")).isNotBlank();
    assertThat(t.getJsonArray("tickets")).hasSize(2);
    assertThat(t.getString("idNumber")).contains("*");

    HttpResponse<Buffer> pdf = pdf(token);
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.getHeader("Content-Type")).isEqualTo("application/pdf");
    assertThat(app.count("select count(*) from ticket_pdf")).as("rendered on demand, then stored").isEqualTo(1);
    try (PDDocument document = Loader.loadPDF(pdf.body().getBytes())) {
      assertThat(new PDFTextStripper().getText(document)).contains("张三", number);
      String scanned = QrCodes.decode(new PDFRenderer(document).renderImageWithDPI(0, 150))
        .orElseThrow(() -> new AssertionError("no QR code on the ticket"));
      assertThat(verify(scanned, fx.sid).getString("status")).isEqualTo("VALID");
      assertThat(verify(scanned, fx.sid).getString("ticketNumber")).isEqualTo(number);
      assertThat(verify(scanned, fx.sid + 1).getString("status")).isEqualTo("WRONG_SESSION");
      for (int i : new int[]{10, scanned.indexOf('.') + 5, scanned.length() - 3}) {
        char c = scanned.charAt(i);
        String tampered = scanned.substring(0, i) + (c == 'A' ? 'B' : 'A') + scanned.substring(i + 1);
        assertThat(verify(tampered, fx.sid).getString("status")).as("changed at %d", i).isEqualTo("INVALID");
      }
    }
    assertThat(pdf(token).body().getBytes()).as("served from the store").isEqualTo(pdf.body().getBytes());
  }

  @Test
  @DisplayName("the pregeneration job renders every live ticket before the print window opens; the route serves the stored file")
  void pregenerated() {
    int stored = TestApp.await(app.main().services().tickets().pdfs().pregenerate(50));
    assertThat(stored).isEqualTo(2);
    assertThat(TestApp.await(app.main().services().tickets().pdfs().pregenerate(50))).isZero();
    byte[] first = app.query("select p.pdf from ticket_pdf p join ticket t on t.id = p.ticket_id "
      + "order by t.slot limit 1").iterator().next().getBuffer(0).getBytes();
    fx.printWindow();
    HttpResponse<Buffer> pdf = pdf(fx.candidateToken(registration));
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.body().getBytes()).isEqualTo(first);
  }

  @Test
  @DisplayName("outside the print window: 409 WINDOW_CLOSED with the window's dates, for the JSON and the PDF")
  void printWindowEnforced() {
    String token = fx.candidateToken(registration);
    ApiResponse early = app.get(ticketPath(), token);
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.errorCode()).isEqualTo("WINDOW_CLOSED");
    assertThat(early.json().getJsonObject("error").getString("message")).contains("准考证打印时间为");
    assertThat(pdf(token).statusCode()).isEqualTo(409);
    app.clock.set(fx.opened.plus(Duration.ofDays(29)));
    assertThat(app.get(ticketPath(), fx.candidateToken(registration)).errorCode()).isEqualTo("WINDOW_CLOSED");
  }

  @Test
  @DisplayName("another candidate's ticket is 404, JSON and PDF; no token is 401")
  void othersAreNotFound() {
    fx.printWindow();
    String other = fx.bulkPaid(1, app.clock.instant(), "24").get(0);
    String otherToken = fx.candidateToken(other);
    assertThat(app.get(ticketPath(), otherToken).status()).isEqualTo(404);
    assertThat(pdf(otherToken).statusCode()).isEqualTo(404);
    assertThat(app.get(ticketPath(), null).status()).isEqualTo(401);
    assertThat(app.get("/api/v1/registrations/not-a-uuid/ticket", otherToken).status()).isEqualTo(404);
    assertThat(app.get(ticketPath() + ".pdf?subject=x1", fx.candidateToken(registration)).status()).isEqualTo(400);
    assertThat(app.get("/api/v1/registrations/" + other + "/ticket", otherToken).errorCode())
      .as("paid, not arranged yet").isEqualTo("INVALID_STATE");
  }

  @Test
  @DisplayName("after a refund the ticket is gone for the candidate and VOIDED at the door, before any re-run")
  void refundedAtTheDoor() {
    fx.printWindow();
    String token = fx.candidateToken(registration);
    String qr = app.get(ticketPath(), token).json().getJsonArray("tickets").getJsonObject(0).getString("qrToken");
    assertThat(verify(qr, fx.sid).getString("status")).isEqualTo("VALID");
    app.query("update registration set status = 'CANCELLED' where id = $1::uuid", registration);
    app.query("delete from registration_subject where registration_id = $1::uuid", registration);
    assertThat(verify(qr, fx.sid).getString("status")).isEqualTo("VOIDED");
    assertThat(app.get(ticketPath(), token).errorCode()).isEqualTo("INVALID_STATE");
    assertThat(pdf(token).statusCode()).isEqualTo(409);
  }

  @Test
  @DisplayName("the public key is published for offline scanners; verify wants staff and a well-formed body")
  void verifyEndpoint() {
    ApiResponse key = app.get("/api/v1/tickets/public-key", null);
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.json().getString("publicKey")).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(key.json().getString("algorithm")).isEqualTo("ES256");
    assertThat(app.post("/api/v1/tickets/verify", new JsonObject().put("token", "x").put("examSessionId", 1))
      .status()).isEqualTo(401);
    ApiResponse bad = app.post("/api/v1/tickets/verify", new JsonObject().put("examSessionId", "one"), fx.admin);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonObject("error").getJsonObject("fields").fieldNames())
      .contains("token", "examSessionId");
    assertThat(verify("not.a.token", fx.sid).getString("status")).isEqualTo("INVALID");
  }

  private JsonObject verify(String token, long sid) {
    ApiResponse r = app.post("/api/v1/tickets/verify", new JsonObject().put("token", token).put("examSessionId", sid),
      fx.admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }
}
