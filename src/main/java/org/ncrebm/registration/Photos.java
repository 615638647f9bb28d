package org.ncrebm.registration;

import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * The candidate photo rules: JPEG judged by its content (not its name or declared type), 20-200 KB, at least
 * 144 x 192 pixels, portrait 3:4 within 3 %. The dimensions are read from the header before anything is decoded, so a
 * decompression bomb is refused cheaply; the picture is then decoded and re-encoded, which drops EXIF (location,
 * camera) and anything else hidden in the file. Blocking CPU work: call on the bounded worker.
 */
public final class Photos {
  public static final int MIN_BYTES = 20 * 1024;
  public static final int MAX_BYTES = 200 * 1024;
  public static final int MIN_WIDTH = 144;
  public static final int MIN_HEIGHT = 192;
  /** Far above any real ID photo; anything bigger is refused before decoding. */
  static final int MAX_WIDTH = 2400;
  static final int MAX_HEIGHT = 3200;
  static final double RATIO_TOLERANCE = 0.03;

  /** A photo that passed: the re-encoded JPEG and its size. */
  public record Accepted(byte[] jpeg, int width, int height) {
  }

  private Photos() {
  }

  public static Accepted process(byte[] upload) {
    if (upload.length < 3 || !(upload[0] == (byte) 0xFF && upload[1] == (byte) 0xD8 && upload[2] == (byte) 0xFF)) {
      throw rejected("photo.notJpeg");
    }
    if (upload.length < MIN_BYTES) throw rejected("photo.tooSmallFile");
    if (upload.length > MAX_BYTES) throw rejected("photo.tooLargeFile");
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
      if (!readers.hasNext()) throw new IllegalStateException("no JPEG reader");
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width > MAX_WIDTH || height > MAX_HEIGHT) throw rejected("photo.tooManyPixels");
        if (width < MIN_WIDTH || height < MIN_HEIGHT) throw rejected("photo.tooFewPixels");
        double ratio = (double) width / height;
        if (Math.abs(ratio - 0.75) / 0.75 > RATIO_TOLERANCE) throw rejected("photo.ratio");
        BufferedImage image = reader.read(0);
        return new Accepted(encode(rgb(image)), width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof AppException app) throw app;
      throw rejected("photo.corrupt");
    }
  }

  /** Drops alpha and odd colour models so the encoder writes a plain baseline RGB JPEG. */
  private static BufferedImage rgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) return image;
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    var g = out.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      for (float quality : new float[]{0.92f, 0.85f, 0.75f, 0.6f}) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
          writer.setOutput(out);
          ImageWriteParam param = writer.getDefaultWriteParam();
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(quality);
          writer.write(null, new IIOImage(image, null, null), param);
        }
        if (bytes.size() <= MAX_BYTES) return bytes.toByteArray();
      }
      throw rejected("photo.tooLargeFile");
    } finally {
      writer.dispose();
    }
  }

  private static AppException rejected(String reason) {
    return AppException.reason(ErrorCode.PHOTO_REJECTED, "photo", reason);
  }
}
