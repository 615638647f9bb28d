package org.ncrebm.exports;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.registration.IdVault;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The registrations CSV as exam offices open it in a spreadsheet: UTF-8 with a byte-order mark (without it Excel
 * reads Chinese as GBK), CRLF records, RFC 4180 quoting by Commons CSV, a header in the request's language and codes
 * spelled out in it. Cells that a spreadsheet would run as a formula ({@code = + - @}, tab, CR at the start) get a
 * leading apostrophe: names, addresses and class names are typed by candidates. One instance per export; its batches
 * run one after another on the bounded worker.
 */
final class RegistrationCsv implements CursorExport.Encoder {
  static final String BOM = "\uFEFF";
  static final List<String> COLUMNS = List.of("registrationId", "province", "centerCode", "centerName", "name",
    "gender", "idType", "idNumber", "birthDate", "ethnicity", "education", "occupation", "phone", "className",
    "subjects", "tickets", "status", "submittedAt", "paidAt");
  static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();
  /** Rows per cursor fetch and per worker task: about 150 KB of CSV. */
  static final int FETCH = 500;

  private final IdVault vault;
  private final boolean fullIds;
  private final I18n i18n;
  private final Lang lang;
  private boolean headerWritten;

  RegistrationCsv(IdVault vault, boolean fullIds, I18n i18n, Lang lang) {
    this.vault = vault;
    this.fullIds = fullIds;
    this.i18n = i18n;
    this.lang = lang;
  }

  @Override
  public Buffer encode(List<Row> rows, boolean last) throws IOException {
    StringBuilder out = new StringBuilder(rows.size() * 300 + 512);
    try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
      if (!headerWritten) {
        out.append(BOM);
        List<String> header = new ArrayList<>(COLUMNS.size());
        COLUMNS.forEach(c -> header.add(i18n.t(lang, "export.col." + c)));
        printer.printRecord(header);
        headerWritten = true;
      }
      for (Row r : rows) printer.printRecord(cells(r));
    }
    return Buffer.buffer(out.toString());
  }

  private List<String> cells(Row r) {
    String idNumber = fullIds ? vault.decrypt(r.getBuffer("id_number_enc").getBytes()) : r.getString("id_masked");
    return List.of(r.getUUID("id").toString(), r.getString("province_code"), r.getString("center_code"),
      safe(r.getString("center_name")), safe(r.getString("name")), label("gender.", r.getString("gender")),
      label("idType.", r.getString("id_type")), idNumber, date(r.getLocalDate("birth_date")),
      safe(r.getString("ethnicity")), label("edu.", r.getString("education")), label("occ.", r.getString("occupation")),
      safe(r.getString("phone")), safe(r.getString("class_name")), r.getString("subjects"), r.getString("tickets"),
      label("bo.status.", r.getString("status")), time(r.getOffsetDateTime("submitted_at")),
      time(r.getOffsetDateTime("paid_at")));
  }

  private String label(String prefix, String code) {
    if (code == null) return "";
    return i18n.has(prefix + code) ? i18n.t(lang, prefix + code) : code;
  }

  /** Text a spreadsheet must show as text, never evaluate (CSV injection). */
  static String safe(String v) {
    if (v == null || v.isEmpty()) return "";
    char c = v.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
  }

  private static String date(LocalDate d) {
    return d == null ? "" : d.toString();
  }

  private static String time(OffsetDateTime t) {
    return t == null ? "" : Times.display(t.toInstant());
  }
}
