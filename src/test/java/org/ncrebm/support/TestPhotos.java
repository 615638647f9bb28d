package org.ncrebm.support;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

/** Candidate photos made on the fly: good ones and every kind of bad one. */
public final class TestPhotos {
  private TestPhotos() {
  }

  /** A noisy picture, so the JPEG is not tiny; quality tunes the file size. */
  public static byte[] jpeg(int width, int height, float quality) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(70, 120, 200));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(240, 210, 180));
    g.fillOval(width / 4, height / 6, width / 2, height / 2);
    g.dispose();
    Random r = new Random(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = img.getRGB(x, y);
        int n = r.nextInt(60) - 30;
        int red = clamp(((rgb >> 16) & 0xff) + n);
        int green = clamp(((rgb >> 8) & 0xff) + n);
        int blue = clamp((rgb & 0xff) + n);
        img.setRGB(x, y, (red << 16) | (green << 8) | blue);
      }
    }
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
        writer.setOutput(out);
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        writer.write(null, new IIOImage(img, null, null), p);
      }
      writer.dispose();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid ID photo: 360 x 480, some 40-90 KB. */
  public static byte[] good() {
    return jpeg(360, 480, 0.8f);
  }

  /** The good photo with an EXIF APP1 segment (a fake GPS note) spliced in after SOI. */
  public static byte[] withExif() {
    byte[] jpeg = good();
    byte[] payload = "Exif\0\0GPS 39.9042N 116.4074E secret-camera-serial".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int len = payload.length + 2;
    byte[] out = new byte[jpeg.length + 4 + payload.length];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xD8;
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xE1;
    out[4] = (byte) (len >> 8);
    out[5] = (byte) len;
    System.arraycopy(payload, 0, out, 6, payload.length);
    System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
    return out;
  }

  public static byte[] png() {
    BufferedImage img = new BufferedImage(360, 480, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(7);
    for (int y = 0; y < 480; y++) for (int x = 0; x < 360; x++) img.setRGB(x, y, r.nextInt());
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(img, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JPEG whose header claims a huge picture (the frame size patched), for the decompression-bomb check. */
  public static byte[] bomb(int padTo) {
    byte[] jpeg = good();
    for (int i = 2; i + 8 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xFF && ((jpeg[i + 1] & 0xff) == 0xC0 || (jpeg[i + 1] & 0xff) == 0xC2)) {
        int h = 30000;
        int w = 22500;
        jpeg[i + 5] = (byte) (h >> 8);
        jpeg[i + 6] = (byte) h;
        jpeg[i + 7] = (byte) (w >> 8);
        jpeg[i + 8] = (byte) w;
        break;
      }
    }
    if (padTo <= jpeg.length) return jpeg;
    byte[] padded = new byte[padTo];
    System.arraycopy(jpeg, 0, padded, 0, jpeg.length);
    return padded;
  }

  /** The JPEG with a comment segment inserted after SOI so the file reaches {@code size} bytes. */
  public static byte[] padded(byte[] jpeg, int size) {
    int pad = Math.max(0, Math.min(65_000, size - jpeg.length - 4));
    byte[] out = new byte[jpeg.length + 4 + pad];
    out[0] = (byte) 0xFF;
    out[1] = (byte) 0xD8;
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xFE;
    out[4] = (byte) ((pad + 2) >> 8);
    out[5] = (byte) (pad + 2);
    java.util.Arrays.fill(out, 6, 6 + pad, (byte) 'x');
    System.arraycopy(jpeg, 2, out, 6 + pad, jpeg.length - 2);
    return out;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
