package org.ncrebm.ticket;

import com.google.zxing.common.BitMatrix;
import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import org.ncrebm.platform.Masking;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders an admission ticket as a one-page A4 PDF (OpenPDF): title, candidate photo, the facts of the sitting, the
 * signed QR code drawn as vector squares (sharp on any printer), and the instructions to candidates.
 *
 * <p>All text is set in WenQuanYi Micro Hei, shipped in the jar ({@code fonts/}); the PDF embeds the subset of
 * glyphs it uses, so it prints the same everywhere. {@link #render} is blocking CPU work: call it on the worker
 * ({@link TicketWorker} does). Thread-safe: each render parses its own font instance from shared bytes.
 */
public final class TicketPdf {
  static final String FONT_RESOURCE = "fonts/wqy-microhei-subset.ttf";
  private static final float MM = 72f / 25.4f;
  private static final Color INK = Color.BLACK;
  private static final Color MUTED = new Color(0x55, 0x55, 0x55);
  private static final Color LABEL_BACKGROUND = new Color(0xEE, 0xEE, 0xEE);
  private static final float ROW_HEIGHT = 32f;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日（EEEE）", Locale.CHINA);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DAY_EN = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

  private final byte[] fontBytes;

  private TicketPdf(byte[] fontBytes) {
    this.fontBytes = fontBytes;
  }

  /** Reads the embedded font from the class path. Blocking I/O: call once, on the worker or at boot. */
  public static TicketPdf load() {
    try (InputStream in = TicketPdf.class.getClassLoader().getResourceAsStream(FONT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(FONT_RESOURCE + " is missing from the class path");
      }
      return new TicketPdf(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The PDF bytes of one ticket. Blocking CPU work (tens of milliseconds): call on the worker. */
  public byte[] render(TicketSheet sheet) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
    Document document = new Document(PageSize.A4, 18 * MM, 18 * MM, 14 * MM, 12 * MM);
    try {
      PdfWriter writer = PdfWriter.getInstance(document, out);
      writer.setFullCompression();
      document.addTitle("全国计算机等级考试 准考证 " + sheet.ticketNumber().format());
      document.addSubject(sheet.examSessionName());
      document.addCreator("ncre-bm");
      document.setDocumentLanguage("zh-CN");
      document.open();
      Fonts fonts = new Fonts(BaseFont.createFont("wqy-microhei.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false,
        fontBytes, null));
      document.add(header(sheet, fonts));
      document.add(facts(sheet, fonts, writer.getDirectContent()));
      document.add(rules(fonts));
      footer(fonts, writer.getDirectContent(), document);
      document.close();
    } catch (DocumentException | IOException e) {
      throw new IllegalStateException("could not render ticket " + sheet.ticketNumber(), e);
    }
    return out.toByteArray();
  }

  /** The one font in sizes and weights; bold is the regular outline stroked as well as filled. */
  private record Fonts(BaseFont base) {
    Font plain(float size, Color color) {
      return new Font(base, size, Font.NORMAL, color);
    }

    Chunk text(String text, float size, Color color) {
      Chunk chunk = new Chunk(text, plain(size, color));
      chunk.setSplitCharacter(ChineseLineBreaks.INSTANCE);
      return chunk;
    }

    Chunk bold(String text, float size) {
      return text(text, size, INK).setTextRenderMode(PdfContentByte.TEXT_RENDER_MODE_FILL_STROKE, size / 30f, INK);
    }
  }

  private static PdfPTable header(TicketSheet sheet, Fonts f) {
    PdfPTable table = new PdfPTable(1);
    table.setWidthPercentage(100);
    table.addCell(centered(new Phrase(f.bold("全国计算机等级考试", 22).setCharacterSpacing(3f)), 0, 2));
    table.addCell(centered(new Phrase(f.bold("准考证", 30).setCharacterSpacing(12f)), 2, 4));
    table.addCell(centered(new Phrase(f.text("National Computer Rank Examination (NCRE) · Admission Ticket", 9.5f,
      MUTED)), 0, 4));
    PdfPCell session = centered(new Phrase(f.text(sheet.examSessionName(), 11.5f, INK)), 0, 8);
    session.setBorder(Rectangle.BOTTOM);
    session.setBorderWidthBottom(1.6f);
    table.addCell(session);
    table.setSpacingAfter(14f);
    return table;
  }

  private static PdfPTable facts(TicketSheet sheet, Fonts f, PdfContentByte canvas) throws DocumentException {
    PdfPTable table = new PdfPTable(new float[]{20, 52, 28});
    table.setWidthPercentage(100);
    TicketNumber tn = sheet.ticketNumber();
    row(table, f, "准考证号", "Ticket No.", new Phrase(f.bold(tn.format(), 15)));
    table.addCell(photo(sheet.photoJpeg()));
    row(table, f, "姓名", "Name", new Phrase(f.bold(sheet.candidateName(), 14)));
    row(table, f, "证件号码", "ID No.", new Phrase(f.text(Masking.idNumber(sheet.idNumber()), 12, INK)));
    row(table, f, "考试科目", "Subject", new Phrase(f.text(tn.subjectCode() + "  " + sheet.subjectName(), 12, INK)));
    row(table, f, "考试时间", "Date & time", twoLines(f, when(sheet.examStart(), sheet.examEnd()),
      whenNote(sheet.examStart(), sheet.examEnd())));
    row(table, f, "考点", "Test center", twoLines(f, sheet.centerName(),
      "考点代码 " + tn.provinceCode() + tn.centerCode()));
    table.addCell(qr(sheet.qrToken(), f, canvas));
    row(table, f, "考点地址", "Address", new Phrase(f.text(sheet.centerAddress(), 10.5f, INK)));
    String room = String.format("第 %03d 考场", tn.room());
    row(table, f, "考场", "Room", sheet.roomLocation().isBlank() ? new Phrase(f.bold(room, 12))
      : twoLines(f, room, sheet.roomLocation()));
    row(table, f, "座位号", "Seat", new Phrase(f.bold(String.format("%02d", tn.seat()), 14)));
    table.setSpacingAfter(20f);
    return table;
  }

  private static void row(PdfPTable table, Fonts f, String zh, String en, Phrase value) {
    Phrase label = new Phrase();
    label.add(f.text(zh, 10.5f, INK));
    label.add(Chunk.NEWLINE);
    label.add(f.text(en, 7.5f, MUTED));
    PdfPCell labelCell = new PdfPCell(label);
    labelCell.setBackgroundColor(LABEL_BACKGROUND);
    PdfPCell valueCell = new PdfPCell(value);
    for (PdfPCell cell : List.of(labelCell, valueCell)) {
      cell.setMinimumHeight(ROW_HEIGHT);
      cell.setVerticalAlignment(Element.ALIGN_MIDDLE);
      cell.setPaddingLeft(7f);
      cell.setPaddingTop(2f);
      cell.setPaddingBottom(5f);
      cell.setBorderWidth(0.6f);
      table.addCell(cell);
    }
  }

  private static Phrase twoLines(Fonts f, String first, String second) {
    Phrase phrase = new Phrase();
    phrase.add(f.text(first, 11, INK));
    phrase.add(Chunk.NEWLINE);
    phrase.add(f.text(second, 8.5f, MUTED));
    return phrase;
  }

  // 30 x 40 mm, the 3:4 of the registration photo; rows 1-5 to its left.
  private static PdfPCell photo(byte[] jpeg) throws DocumentException {
    try {
      Image image = Image.getInstance(jpeg);
      image.scaleToFit(30 * MM, 40 * MM);
      image.setBorder(Rectangle.BOX);
      image.setBorderWidth(0.6f);
      image.setBorderColor(MUTED);
      PdfPCell cell = new PdfPCell(image, false);
      cell.setRowspan(5);
      cell.setHorizontalAlignment(Element.ALIGN_CENTER);
      cell.setVerticalAlignment(Element.ALIGN_MIDDLE);
      cell.setBorderWidth(0.6f);
      return cell;
    } catch (IOException e) {
      throw new DocumentException("the photo is not a readable JPEG: " + e.getMessage());
    }
  }

  // The QR code as vector squares in a template, with its quiet zone; rows 6-9 to its left.
  private static PdfPCell qr(String token, Fonts f, PdfContentByte canvas) throws DocumentException {
    BitMatrix modules = QrCodes.modules(token);
    int side = modules.getWidth() + 2 * QrCodes.QUIET_ZONE;
    float size = 32 * MM;
    float unit = size / side;
    PdfTemplate template = canvas.createTemplate(size, size);
    template.setColorFill(Color.WHITE);
    template.rectangle(0, 0, size, size);
    template.fill();
    template.setColorFill(Color.BLACK);
    for (int y = 0; y < modules.getHeight(); y++) {
      int x = 0;
      while (x < modules.getWidth()) {
        if (!modules.get(x, y)) {
          x++;
          continue;
        }
        int run = x;
        while (run < modules.getWidth() && modules.get(run, y)) run++;
        // One rectangle per horizontal run of dark modules; PDF y grows upwards.
        template.rectangle((QrCodes.QUIET_ZONE + x) * unit, size - (QrCodes.QUIET_ZONE + y + 1) * unit,
          (run - x) * unit, unit);
        x = run;
      }
    }
    template.fill();
    Image image = Image.getInstance(template);
    Paragraph caption = new Paragraph(f.text("入场核验码 Entry check", 7.5f, MUTED));
    caption.setAlignment(Element.ALIGN_CENTER);
    PdfPCell cell = new PdfPCell();
    cell.addElement(image);
    cell.addElement(caption);
    image.setAlignment(Element.ALIGN_CENTER);
    cell.setRowspan(4);
    cell.setVerticalAlignment(Element.ALIGN_MIDDLE);
    cell.setPaddingTop(4f);
    cell.setBorderWidth(0.6f);
    return cell;
  }

  private static PdfPTable rules(Fonts f) {
    PdfPTable table = new PdfPTable(new float[]{4, 96});
    table.setWidthPercentage(100);
    Phrase title = new Phrase();
    title.add(f.bold("考生须知", 13));
    title.add(f.text("   Instructions to candidates", 8.5f, MUTED));
    PdfPCell heading = new PdfPCell(title);
    heading.setColspan(2);
    heading.setBorder(Rectangle.BOTTOM);
    heading.setBorderWidthBottom(0.8f);
    heading.setPaddingBottom(6f);
    table.addCell(heading);
    int n = 1;
    for (String rule : ExamRules.ZH) {
      PdfPCell number = new PdfPCell(new Phrase(f.text(n++ + ".", 10.5f, INK)));
      PdfPCell text = new PdfPCell(new Phrase(17.5f, f.text(rule, 10.5f, INK)));
      for (PdfPCell cell : List.of(number, text)) {
        cell.setBorder(Rectangle.NO_BORDER);
        cell.setPaddingTop(4f);
        cell.setPaddingBottom(3f);
        table.addCell(cell);
      }
    }
    table.setSpacingAfter(14f);
    return table;
  }

  // At the foot of the page whatever the content above, like a printed form.
  private static void footer(Fonts f, PdfContentByte canvas, Document document) {
    float y = document.bottom() + 4;
    canvas.setLineWidth(0.6f);
    canvas.setColorStroke(MUTED);
    canvas.moveTo(document.left(), y + 12);
    canvas.lineTo(document.right(), y + 12);
    canvas.stroke();
    ColumnText.showTextAligned(canvas, Element.ALIGN_CENTER, new Phrase(f.text(
        "请于考试当日携带本准考证及有效身份证件原件入场 · 全国计算机等级考试网上报名系统", 8, MUTED)),
      (document.left() + document.right()) / 2, y, 0);
  }

  private static PdfPCell centered(Phrase phrase, float paddingTop, float paddingBottom) {
    PdfPCell cell = new PdfPCell(phrase);
    cell.setBorder(Rectangle.NO_BORDER);
    cell.setHorizontalAlignment(Element.ALIGN_CENTER);
    cell.setPaddingTop(paddingTop);
    cell.setPaddingBottom(paddingBottom);
    return cell;
  }

  static String when(OffsetDateTime start, OffsetDateTime end) {
    String endText = end.toLocalDate().equals(start.toLocalDate()) ? TIME.format(end) : DAY.format(end) + TIME.format(end);
    return DAY.format(start) + TIME.format(start) + "–" + endText;
  }

  // Beijing time is the norm for this exam; any other offset is spelled out so no one misreads the hour.
  static String whenNote(OffsetDateTime start, OffsetDateTime end) {
    String zone = start.getOffset().equals(ZoneOffset.ofHours(8)) ? "北京时间 Beijing time" : "UTC" + start.getOffset();
    return zone + " · " + DAY_EN.format(start) + ", " + TIME.format(start) + "–" + TIME.format(end);
  }
}
