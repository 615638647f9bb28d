package org.ncrebm.exports;

import org.ncrebm.platform.Masking;
import org.ncrebm.registration.IdDocument;
import org.ncrebm.registration.IdVault;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a staff member typed into the candidate search, read as the one thing it can be: a ticket number (15 digits),
 * a full resident ID number (found by its keyed digest, never decrypting anything), the last four characters of an
 * ID number or its masked form ({@code 002X}, {@code 110***********002X}, {@code ***002X}), else part of a name.
 */
record CandidateQuery(Kind kind, String sql, String param, String audited) {
  enum Kind { TICKET, ID_NUMBER, ID_LAST4, NAME }

  private static final Pattern TICKET = Pattern.compile("[0-9]{15}");
  private static final Pattern MASKED = Pattern.compile("([0-9]{0,6})\\*+([0-9]{3}[0-9X])|([0-9]{3}[0-9X])");

  static CandidateQuery parse(String q, IdVault vault) {
    String upper = q.toUpperCase(Locale.ROOT).replace(" ", "");
    if (TICKET.matcher(upper).matches()) return new CandidateQuery(Kind.TICKET, ExportQueries.SEARCH_TICKET, upper, upper);
    if (IdDocument.problem(IdDocument.Type.RESIDENT_ID, upper) == null) {
      return new CandidateQuery(Kind.ID_NUMBER, ExportQueries.SEARCH_DIGEST,
        vault.digest(IdDocument.Type.RESIDENT_ID, upper), Masking.idNumber(upper));
    }
    var m = MASKED.matcher(upper);
    if (m.matches()) {
      String last4 = m.group(3) != null ? m.group(3) : m.group(2);
      String prefix = m.group(1) == null ? "" : m.group(1).substring(0, Math.min(3, m.group(1).length()));
      return new CandidateQuery(Kind.ID_LAST4, ExportQueries.SEARCH_LAST4, last4 + "|" + prefix, upper);
    }
    String like = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return new CandidateQuery(Kind.NAME, ExportQueries.SEARCH_NAME, like, q);
  }
}
