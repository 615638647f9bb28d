package org.ncrebm.ticket;

import org.ncrebm.platform.web.Lang;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The fixed words of the admission ticket PDF in the candidate's language. Each label keeps a small line in the
 * other language under it: the door staff read Chinese, an English-speaking candidate reads English.
 */
record TicketWords(Lang lang, String title, float titleSize, float titleSpacing, String ticket, float ticketSize,
                   float ticketSpacing, String subtitle, List<String[]> labels, String centerCode, String roomFormat,
                   String[] rulesHeading, String qrCaption, String footer, String documentTitle) {
  // Row labels in the order of the ticket: [Chinese, English].
  private static final List<String[]> LABELS = List.of(
    new String[]{"准考证号", "Ticket No."}, new String[]{"姓名", "Name"}, new String[]{"证件号码", "ID No."},
    new String[]{"考试科目", "Subject"}, new String[]{"考试时间", "Date & time"}, new String[]{"考点", "Test center"},
    new String[]{"考点地址", "Address"}, new String[]{"考场", "Room"}, new String[]{"座位号", "Seat"});
  static final int NUMBER = 0;
  static final int NAME = 1;
  static final int ID = 2;
  static final int SUBJECT = 3;
  static final int TIME = 4;
  static final int CENTER = 5;
  static final int ADDRESS = 6;
  static final int ROOM = 7;
  static final int SEAT = 8;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日（EEEE）", Locale.CHINA);
  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter DAY_EN = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

  static final TicketWords ZH = new TicketWords(Lang.ZH, "全国计算机等级考试", 22, 3f, "准考证", 30, 12f,
    "National Computer Rank Examination (NCRE) · Admission Ticket", LABELS, "考点代码 ", "第 %03d 考场",
    new String[]{"考生须知", "Instructions to candidates"}, "入场核验码 Entry check",
    "请于考试当日携带本准考证及有效身份证件原件入场 · 全国计算机等级考试网上报名系统", "全国计算机等级考试 准考证 ");

  static final TicketWords EN = new TicketWords(Lang.EN, "National Computer Rank Examination", 18, 0.5f,
    "Admission Ticket", 26, 1.5f, "全国计算机等级考试 · 准考证", LABELS.stream().map(l -> new String[]{l[1], l[0]}).toList(),
    "Center code ", "Room %03d", new String[]{"Instructions to candidates", "考生须知"}, "Entry check 入场核验码",
    "Bring this ticket and the original of your identity document on the exam day · NCRE online registration",
    "NCRE admission ticket ");

  static TicketWords of(Lang lang) {
    return lang == Lang.EN ? EN : ZH;
  }

  /** [the label in the ticket's language, the small line under it]. */
  String[] label(int row) {
    return labels.get(row);
  }

  String room(int number) {
    return String.format(roomFormat, number);
  }

  /** The exam's day and hours, the main line of the time row. */
  String when(OffsetDateTime start, OffsetDateTime end) {
    if (lang == Lang.EN) {
      String endText = end.toLocalDate().equals(start.toLocalDate()) ? TIME_OF_DAY.format(end)
        : DAY_EN.format(end) + ", " + TIME_OF_DAY.format(end);
      return DAY_EN.format(start) + ", " + TIME_OF_DAY.format(start) + "–" + endText;
    }
    String endText = end.toLocalDate().equals(start.toLocalDate()) ? TIME_OF_DAY.format(end)
      : DAY.format(end) + TIME_OF_DAY.format(end);
    return DAY.format(start) + TIME_OF_DAY.format(start) + "–" + endText;
  }

  // Beijing time is the norm for this exam; any other offset is spelled out so no one misreads the hour. The same
  // moment follows in the other language.
  String whenNote(OffsetDateTime start, OffsetDateTime end) {
    boolean beijing = start.getOffset().equals(ZoneOffset.ofHours(8));
    String times = TIME_OF_DAY.format(start) + "–" + TIME_OF_DAY.format(end);
    if (lang == Lang.EN) {
      return (beijing ? "Beijing time 北京时间" : "UTC" + start.getOffset()) + " · " + DAY.format(start) + times;
    }
    return (beijing ? "北京时间 Beijing time" : "UTC" + start.getOffset()) + " · " + DAY_EN.format(start) + ", " + times;
  }
}
