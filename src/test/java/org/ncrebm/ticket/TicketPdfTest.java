package org.ncrebm.ticket;

import io.vertx.core.Vertx;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.platform.BoundedWorker;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.support.TestApp;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The admission ticket PDF")
class TicketPdfTest {
  private static Vertx vertx;
  private static TicketSigner signer;
  private static TicketPdf pdf;

  @BeforeAll
  static void setUp() {
    vertx = Vertx.vertx();
    signer = TicketFixtures.signer(vertx);
    pdf = TicketPdf.load();
  }

  @AfterAll
  static void tearDown() {
    TestApp.await(vertx.close());
  }

  private static String token() {
    return signer.issue(TicketFixtures.NUMBER, TicketFixtures.SESSION, TicketFixtures.ID_NUMBER);
  }

  @Test
  @DisplayName("opens as one A4 page whose text holds the Chinese name, the ticket number and only a masked ID number")
  void text() throws Exception {
    byte[] bytes = pdf.render(TicketFixtures.sheet(token()));
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/sample-ticket.pdf"), bytes);
    try (PDDocument document = Loader.loadPDF(bytes)) {
      assertThat(document.getNumberOfPages()).isEqualTo(1);
      PDRectangle box = document.getPage(0).getMediaBox();
      assertThat(box.getWidth()).isCloseTo(PDRectangle.A4.getWidth(), org.assertj.core.data.Offset.offset(1f));
      assertThat(box.getHeight()).isCloseTo(PDRectangle.A4.getHeight(), org.assertj.core.data.Offset.offset(1f));
      assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("zh-CN");
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains(TicketFixtures.NAME, TicketFixtures.NUMBER.format(), "全国计算机等级考试", "考生须知",
        "110***********002X", "二级 Python 语言程序设计", "第 003 考场", "2026年9月19日（星期六）09:00–11:00", "北京时间");
      assertThat(text).doesNotContain(TicketFixtures.ID_NUMBER);
    }
  }

  @Test
  @DisplayName("in English: English labels, rules and dates, the name still in Chinese, on one A4 page whose QR code still scans")
  void english() throws Exception {
    String token = token();
    byte[] bytes = pdf.render(TicketFixtures.sheet(token, Lang.EN));
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/sample-ticket-en.pdf"), bytes);
    try (PDDocument document = Loader.loadPDF(bytes)) {
      assertThat(document.getNumberOfPages()).as("nine English rules still fit one page").isEqualTo(1);
      assertThat(document.getDocumentCatalog().getLanguage()).isEqualTo("en");
      String text = new PDFTextStripper().getText(document);
      assertThat(text).contains("National Computer Rank Examination", "Admission Ticket", "Ticket No.", "Name",
        "Subject", "Date & time", "Test center", "Seat", TicketFixtures.NAME, TicketFixtures.NUMBER.format(),
        "110***********002X", "NCRE September 2026 (75th sitting)", "Room 003", "Center code 44101",
        "Sat 19 Sep 2026, 09:00–11:00", "Beijing time", "Instructions to candidates", "Entry check",
        "Bring this admission ticket", "Keep it safe and never post it online.");
      assertThat(text).doesNotContain(TicketFixtures.ID_NUMBER, "第 003 考场", "考点代码", "考生须持本准考证");
      BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 150);
      ImageIO.write(new PDFRenderer(document).renderImageWithDPI(0, 60), "png", Path.of("target/sample-ticket-en.png").toFile());
      assertThat(QrCodes.decode(page)).contains(token);
    }
  }

  @Test
  @DisplayName("embeds every font it uses, so it prints the same on a machine without Chinese fonts")
  void embedsFonts() throws Exception {
    try (PDDocument document = Loader.loadPDF(pdf.render(TicketFixtures.sheet(token())))) {
      PDPage page = document.getPage(0);
      PDResources resources = page.getResources();
      List<String> fonts = new ArrayList<>();
      for (var name : resources.getFontNames()) {
        PDFont font = resources.getFont(name);
        assertThat(font.isEmbedded()).as(font.getName()).isTrue();
        fonts.add(font.getName());
      }
      assertThat(fonts).isNotEmpty().allMatch(n -> n.contains("WenQuanYi"));
    }
  }

  @Test
  @DisplayName("carries a QR code that a camera-like reading of the printed page decodes to a VALID token")
  void qrInThePdf() throws Exception {
    String token = token();
    try (PDDocument document = Loader.loadPDF(pdf.render(TicketFixtures.sheet(token)))) {
      BufferedImage page = new PDFRenderer(document).renderImageWithDPI(0, 150);
      String scanned = QrCodes.decode(page).orElseThrow(() -> new AssertionError("no QR code found on the page"));
      assertThat(scanned).isEqualTo(token);
      TicketVerification v = TestApp.await(signer.verifier().verify(scanned, TicketFixtures.SESSION));
      assertThat(v.status()).isEqualTo(TicketVerification.Status.VALID);
      assertThat(v.claims().ticketNumber()).isEqualTo(TicketFixtures.NUMBER);
    }
  }

  @Test
  @DisplayName("every freshly signed token's QR code reads back, even those whose data mimics a finder pattern")
  void everyTokenScans() {
    // ZXing's single-code detector misses about one code in a hundred on a clean image; QrCodes falls back.
    for (int i = 0; i < 300; i++) {
      String token = token();
      assertThat(QrCodes.decode(QrCodes.png(token, 4))).as("token %d", i).contains(token);
    }
  }

  @Test
  @DisplayName("renders through the bounded worker's future and records its cost")
  void timing() throws Exception {
    BoundedWorker worker = new BoundedWorker(vertx, "ticket-test-worker", 2, 8);
    try {
      TicketWorker tickets = TestApp.await(TicketWorker.create(worker));
      TicketSheet sheet = TicketFixtures.sheet(token());
      for (int i = 0; i < 5; i++) {
        TestApp.await(tickets.renderPdf(sheet));
      }
      int runs = 20;
      long total = 0;
      long worst = 0;
      int size = 0;
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        byte[] bytes = TestApp.await(tickets.renderPdf(sheet));
        long took = System.nanoTime() - start;
        total += took;
        worst = Math.max(worst, took);
        size = bytes.length;
        assertThat(new String(bytes, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
      }
      // CPU time of the rendering thread itself: what a render costs, whatever else the machine is doing.
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu = 0;
      for (int i = 0; i < runs; i++) {
        long start = threads.getCurrentThreadCpuTime();
        pdf.render(sheet);
        cpu += threads.getCurrentThreadCpuTime() - start;
      }
      int modules = QrCodes.modules(sheet.qrToken()).getWidth();
      String stats = String.format("ticket PDF: %d renders through the worker, wall mean %.1f ms, worst %.1f ms; "
          + "CPU %.1f ms per render; %d bytes (photo %d bytes); token %d chars, QR %dx%d modules%n", runs,
        total / runs / 1e6, worst / 1e6, cpu / runs / 1e6, size, sheet.photoJpeg().length, sheet.qrToken().length(),
        modules, modules);
      Files.writeString(Path.of("target/ticket-render-stats.txt"), stats);
      System.out.print(stats);
      // Speed is a benchmark's business (the figures above go to target/); here only that rendering works end to end.
      assertThat(size).isLessThan(300 * 1024);
    } finally {
      TestApp.await(worker.close());
    }
  }
}
