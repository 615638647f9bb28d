package org.ncrebm.notify;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The dev mail sink decodes what an SMTP client sends")
class MimeTextTest {
  @Test
  @DisplayName("quoted-printable UTF-8 body and an encoded-word subject")
  void quotedPrintable() {
    String raw = "Subject: =?UTF-8?Q?=E9=AA=8C=E8=AF=81=E7=A0=81?=\r\n"
      + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
      + "=E9=AA=8C=E8=AF=81=E7=A0=81=EF=BC=9A123456 and a soft=\r\n break\r\n";
    MimeText.Decoded d = MimeText.decode(raw);
    assertThat(d.subject()).isEqualTo("验证码");
    assertThat(d.text()).isEqualTo("验证码：123456 and a soft break");
  }

  @Test
  @DisplayName("base64 bodies, folded headers and the text part of a multipart message")
  void multipart() {
    String raw = "Subject: =?UTF-8?B?5rWL6K+V?=\r\n =?UTF-8?B?6YKu5Lu2?=\r\n"
      + "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
      + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      + "5L2g5aW9IDY1NDMyMQ==\r\n--b1\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b1--\r\n";
    MimeText.Decoded d = MimeText.decode(raw);
    assertThat(d.subject()).isEqualTo("测试邮件");
    assertThat(d.text()).isEqualTo("你好 654321");
  }
}
