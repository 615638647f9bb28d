package org.ncrebm.ticket;

import org.ncrebm.platform.Masking;
import org.ncrebm.platform.web.Lang;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * Everything printed on one admission ticket, gathered by the caller from the registration, the arrangement and the
 * catalogue. The renderer masks the ID number itself, so no caller can print it in full by mistake.
 *
 * @param examSessionName e.g. {@code 2026年9月全国计算机等级考试}
 * @param idNumber        the full number as registered; printed masked ({@link Masking#idNumber})
 * @param photoJpeg       the stored, re-encoded candidate photo (JPEG)
 * @param subjectName     e.g. {@code 二级 Python 语言程序设计}; the code comes from the ticket number
 * @param examStart       start of the exam slot, in the exam's own time zone (printed as given)
 * @param roomLocation    where the room is, e.g. {@code 信息楼 302 机房}; may be blank
 * @param qrToken         the signed token ({@link TicketSigner#issue}) the QR code carries
 * @param lang            the candidate's language: the ticket's labels, rules and dates (names stay as registered)
 */
public record TicketSheet(
  String examSessionName,
  String candidateName,
  String idNumber,
  byte[] photoJpeg,
  TicketNumber ticketNumber,
  String subjectName,
  OffsetDateTime examStart,
  OffsetDateTime examEnd,
  String centerName,
  String centerAddress,
  String roomLocation,
  String qrToken,
  Lang lang) {

  /** A Chinese ticket. */
  public TicketSheet(String examSessionName, String candidateName, String idNumber, byte[] photoJpeg,
                     TicketNumber ticketNumber, String subjectName, OffsetDateTime examStart, OffsetDateTime examEnd,
                     String centerName, String centerAddress, String roomLocation, String qrToken) {
    this(examSessionName, candidateName, idNumber, photoJpeg, ticketNumber, subjectName, examStart, examEnd, centerName,
      centerAddress, roomLocation, qrToken, Lang.ZH);
  }

  public TicketSheet {
    Objects.requireNonNull(examSessionName, "examSessionName");
    Objects.requireNonNull(candidateName, "candidateName");
    Objects.requireNonNull(idNumber, "idNumber");
    Objects.requireNonNull(ticketNumber, "ticketNumber");
    Objects.requireNonNull(subjectName, "subjectName");
    Objects.requireNonNull(examStart, "examStart");
    Objects.requireNonNull(examEnd, "examEnd");
    Objects.requireNonNull(centerName, "centerName");
    Objects.requireNonNull(centerAddress, "centerAddress");
    Objects.requireNonNull(qrToken, "qrToken");
    roomLocation = roomLocation == null ? "" : roomLocation;
    lang = lang == null ? Lang.ZH : lang;
    if (photoJpeg == null || photoJpeg.length == 0) {
      throw new IllegalArgumentException("a ticket needs the candidate's photo");
    }
    if (!examEnd.isAfter(examStart)) {
      throw new IllegalArgumentException("the exam must end after it starts");
    }
  }

  /** Never the full ID number nor the photo bytes: records end up in logs. */
  @Override
  public String toString() {
    return "TicketSheet[" + ticketNumber + ", " + examSessionName + ", idNumber=" + Masking.idNumber(idNumber)
      + ", photo=" + photoJpeg.length + " bytes, " + examStart + ", " + lang.code() + "]";
  }
}
