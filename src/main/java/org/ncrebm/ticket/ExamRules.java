package org.ncrebm.ticket;

import org.ncrebm.platform.web.Lang;

import java.util.List;

/** The instructions to candidates (考生须知) printed on every admission ticket and shown on the ticket page. */
public final class ExamRules {
  private ExamRules() {
  }

  public static final List<String> ZH = List.of(
    "考生须持本准考证和报名时所用的有效身份证件原件，于开考前30分钟到达考场，经监考人员核验后入场；二者缺一不得参加考试。",
    "开考15分钟后，迟到考生不得入场；考试开始后30分钟内不得交卷离场。",
    "考生只准携带黑色签字笔等必要文具入场。手机、智能手表、耳机等电子设备及书籍、资料须关闭电源后放在指定位置，不得带至座位。",
    "考生须按准考证所列考场和座位号就座，并将准考证和身份证件放在桌面左上角，以备核查。",
    "登录考试系统后，须核对屏幕显示的姓名、证件号码和考试科目，如有不符，立即举手报告监考人员。",
    "考试过程中如遇计算机死机、断电等故障，应举手报告监考人员，不得自行重启计算机或离开座位。",
    "考试期间不得交头接耳、偷看他人屏幕、传递物品，不得抄录或带出试题；违规作弊者按《国家教育考试违规处理办法》处理。",
    "考试结束时应立即停止作答，按监考人员指示有序离场，草稿纸不得带出考场。",
    "本准考证的二维码经数字签名，考场入口扫码核验；涂改、复制或冒用他人准考证无效。请妥善保管，勿在网上公开。");

  /** The same rules, one for one, in English. */
  public static final List<String> EN = List.of(
    "Bring this admission ticket and the original of the identity document you registered with, and arrive at the "
      + "exam room 30 minutes before the start; you enter once the invigilators have checked both. Without either "
      + "you cannot sit the exam.",
    "Latecomers are not admitted once the exam has been running for 15 minutes, and no one may hand in and leave "
      + "during its first 30 minutes.",
    "Bring only a black pen and other necessary stationery. Phones, smart watches, earphones and other electronic "
      + "devices, books and papers must be switched off and left in the place shown; never take them to your seat.",
    "Sit in the room and at the seat printed on this ticket, and put the ticket and your identity document at the "
      + "top left corner of the desk for checking.",
    "After logging in to the exam system, check the name, ID number and subject on the screen; if anything is "
      + "wrong, raise your hand at once and tell the invigilator.",
    "If the computer freezes, loses power or fails in any other way, raise your hand and tell the invigilator; do "
      + "not restart the computer yourself or leave your seat.",
    "Do not talk, look at other screens or pass anything to others, and do not copy down or take away exam "
      + "questions; cheating is dealt with under the Measures for Handling Violations in National Education "
      + "Examinations.",
    "Stop answering as soon as the exam ends and leave in order as the invigilators direct; scrap paper stays in "
      + "the room.",
    "The QR code on this ticket is digitally signed and checked at the door; an altered or copied ticket, or "
      + "someone else's, is not valid. Keep it safe and never post it online.");

  /** The rules in a language. */
  public static List<String> of(Lang lang) {
    return lang == Lang.EN ? EN : ZH;
  }
}
