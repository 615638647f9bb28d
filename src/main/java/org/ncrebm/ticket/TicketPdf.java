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
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfString;
import com.lowagie.text.pdf.PdfTemplate;
import com.lowagie.text.pdf.PdfWriter;
import org.ncrebm.platform.Masking;
import org.ncrebm.platform.web.Lang;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Renders an admission ticket as a one-page A4 PDF (OpenPDF): title, candidate photo, the facts of the sitting, the
 * signed QR code drawn as vector squares (sharp on any printer), and the instructions to candidates.
 *
 * <p>The fixed words follow the candidate's language ({@link TicketSheet#lang}, {@link TicketWords}, {@link ExamRules}):
 * Chinese by default, English on request; names, addresses and subjects print as registered.
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
      TicketWords words = TicketWords.of(sheet.lang());
      document.addTitle(words.documentTitle() + sheet.ticketNumber().format());
      document.addSubject(sheet.examSessionName());
      document.addCreator("ncre-bm");
      document.setDocumentLanguage(sheet.lang().tag());
      // The catalog's /Lang, so screen readers and text extraction know the document's language.
      writer.getExtraCatalog().put(PdfName.LANG, new PdfString(sheet.lang().tag()));
      document.open();
      // One font for both languages: its Latin glyphs set the English, its CJK ones the names and addresses.
      Fonts fonts = new Fonts(BaseFont.createFont("wqy-microhei.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false,
        fontBytes, null));
      document.add(header(sheet, words, fonts));
      document.add(facts(sheet, words, fonts, writer.getDirectContent()));
      document.add(rules(words, fonts));
      footer(words, fonts, writer.getDirectContent(), document);
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

  private static PdfPTable header(TicketSheet sheet, TicketWords w, Fonts f) {
    PdfPTable table = new PdfPTable(1);
    table.setWidthPercentage(100);
    table.addCell(centered(new Phrase(f.bold(w.title(), w.titleSize()).setCharacterSpacing(w.titleSpacing())), 0, 2));
    table.addCell(centered(new Phrase(f.bold(w.ticket(), w.ticketSize()).setCharacterSpacing(w.ticketSpacing())), 2,
      4));
    table.addCell(centered(new Phrase(f.text(w.subtitle(), 9.5f, MUTED)), 0, 4));
    PdfPCell session = centered(new Phrase(f.text(sheet.examSessionName(), 11.5f, INK)), 0, 8);
    session.setBorder(Rectangle.BOTTOM);
    session.setBorderWidthBottom(1.6f);
    table.addCell(session);
    table.setSpacingAfter(14f);
    return table;
  }

  private static PdfPTable facts(TicketSheet sheet, TicketWords w, Fonts f, PdfContentByte canvas)
    throws DocumentException {
    PdfPTable table = new PdfPTable(new float[]{20, 52, 28});
    table.setWidthPercentage(100);
    TicketNumber tn = sheet.ticketNumber();
    row(table, f, w.label(TicketWords.NUMBER), new Phrase(f.bold(tn.format(), 15)));
    table.addCell(photo(sheet.photoJpeg()));
    row(table, f, w.label(TicketWords.NAME), new Phrase(f.bold(sheet.candidateName(), 14)));
    row(table, f, w.label(TicketWords.ID), new Phrase(f.text(Masking.idNumber(sheet.idNumber()), 12, INK)));
    row(table, f, w.label(TicketWords.SUBJECT), new Phrase(f.text(tn.subjectCode() + "  " + sheet.subjectName(), 12,
      INK)));
    row(table, f, w.label(TicketWords.TIME), twoLines(f, w.when(sheet.examStart(), sheet.examEnd()),
      w.whenNote(sheet.examStart(), sheet.examEnd())));
    row(table, f, w.label(TicketWords.CENTER), twoLines(f, sheet.centerName(),
      w.centerCode() + tn.provinceCode() + tn.centerCode()));
    table.addCell(qr(sheet.qrToken(), w, f, canvas));
    row(table, f, w.label(TicketWords.ADDRESS), new Phrase(f.text(sheet.centerAddress(), 10.5f, INK)));
    String room = w.room(tn.room());
    row(table, f, w.label(TicketWords.ROOM), sheet.roomLocation().isBlank() ? new Phrase(f.bold(room, 12))
      : twoLines(f, room, sheet.roomLocation()));
    row(table, f, w.label(TicketWords.SEAT), new Phrase(f.bold(String.format("%02d", tn.seat()), 14)));
    table.setSpacingAfter(20f);
    return table;
  }

  /** A label in the ticket's language with a small line in the other one under it, then the value. */
  private static void row(PdfPTable table, Fonts f, String[] labels, Phrase value) {
    Phrase label = new Phrase();
    label.add(f.text(labels[0], 10.5f, INK));
    label.add(Chunk.NEWLINE);
    label.add(f.text(labels[1], 7.5f, MUTED));
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
  private static PdfPCell qr(String token, TicketWords w, Fonts f, PdfContentByte canvas) throws DocumentException {
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
    Paragraph caption = new Paragraph(f.text(w.qrCaption(), 7.5f, MUTED));
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

  private static PdfPTable rules(TicketWords w, Fonts f) {
    PdfPTable table = new PdfPTable(new float[]{4, 96});
    table.setWidthPercentage(100);
    Phrase title = new Phrase();
    title.add(f.bold(w.rulesHeading()[0], 13));
    title.add(f.text("   " + w.rulesHeading()[1], 8.5f, MUTED));
    PdfPCell heading = new PdfPCell(title);
    heading.setColspan(2);
    heading.setBorder(Rectangle.BOTTOM);
    heading.setBorderWidthBottom(0.8f);
    heading.setPaddingBottom(6f);
    table.addCell(heading);
    int n = 1;
    // English runs longer than Chinese: a little smaller, so the nine rules still fit the page.
    float size = w.lang() == Lang.EN ? 9.5f : 10.5f;
    float leading = w.lang() == Lang.EN ? 15f : 17.5f;
    for (String rule : ExamRules.of(w.lang())) {
      PdfPCell number = new PdfPCell(new Phrase(f.text(n++ + ".", size, INK)));
      PdfPCell text = new PdfPCell(new Phrase(leading, f.text(rule, size, INK)));
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
  private static void footer(TicketWords w, Fonts f, PdfContentByte canvas, Document document) {
    float y = document.bottom() + 4;
    canvas.setLineWidth(0.6f);
    canvas.setColorStroke(MUTED);
    canvas.moveTo(document.left(), y + 12);
    canvas.lineTo(document.right(), y + 12);
    canvas.stroke();
    ColumnText.showTextAligned(canvas, Element.ALIGN_CENTER, new Phrase(f.text(w.footer(), 8, MUTED)),
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
}
