package org.ncrebm.ticket;

import io.vertx.core.Vertx;
import org.ncrebm.platform.PemKeys;
import org.ncrebm.platform.Secrets;
import org.ncrebm.platform.web.Lang;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A realistic ticket for tests: a candidate, a seat, a photo drawn on the fly, a token from a fresh key pair. */
final class TicketFixtures {
  static final String SESSION = "2026-09";
  static final String NAME = "欧阳明珠";
  static final String ID_NUMBER = "11010519491231002X";
  static final TicketNumber NUMBER = new TicketNumber("29", "44", "101", 1, 3, 7);

  private TicketFixtures() {
  }

  static TicketKeys keys() {
    PemKeys.EcKeyPair pair = PemKeys.generateP256();
    return new TicketKeys(pair.privatePem(), pair.publicPem(), Secrets.random(32));
  }

  static TicketSigner signer(Vertx vertx) {
    return new TicketSigner(vertx, keys(), Clock.systemUTC());
  }

  static TicketSheet sheet(String token) {
    return sheet(token, Lang.ZH);
  }

  /** The same ticket in a language; the English one carries the session's English name, as an English account sees it. */
  static TicketSheet sheet(String token, Lang lang) {
    return new TicketSheet(lang == Lang.EN ? "NCRE September 2026 (75th sitting)" : "2026年9月全国计算机等级考试（第75次）",
      NAME, ID_NUMBER, photo(), NUMBER, "二级 Python 语言程序设计",
      OffsetDateTime.of(2026, 9, 19, 9, 0, 0, 0, ZoneOffset.ofHours(8)),
      OffsetDateTime.of(2026, 9, 19, 11, 0, 0, 0, ZoneOffset.ofHours(8)),
      "广州市第一职业技术学校考点", "广东省广州市天河区五山路 381 号 信息楼（东门入）",
      "信息楼 3 层 302 机房", token, lang);
  }

  /** A 300×400 ID-style portrait: blue backdrop, a head and shoulders; JPEG like the stored photos. */
  static byte[] photo() {
    BufferedImage image = new BufferedImage(300, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(0x4A, 0x8F, 0xD8), 0, 400, new Color(0x2F, 0x6E, 0xBA)));
    g.fillRect(0, 0, 300, 400);
    g.setColor(new Color(0x1F, 0x2A, 0x3A));
    g.fill(new RoundRectangle2D.Double(40, 285, 220, 160, 120, 120));
    g.setColor(new Color(0xF1, 0xC9, 0xA5));
    g.fillRect(128, 230, 44, 70);
    g.fill(new Ellipse2D.Double(90, 95, 120, 150));
    g.setColor(new Color(0x20, 0x18, 0x14));
    g.fill(new Ellipse2D.Double(86, 80, 128, 75));
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(6));
    g.drawLine(150, 300, 125, 360);
    g.drawLine(150, 300, 175, 360);
    g.dispose();
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
