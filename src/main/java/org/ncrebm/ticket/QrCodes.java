package org.ncrebm.ticket;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QR codes of ticket tokens (ZXing). Error correction level M (15%): a token of about 290 characters is version 12
 * (65×65 modules), coarse enough at 32 mm for a home printer and a phone camera, and it survives a fold or a smudge.
 * Everything here is blocking CPU work: call on the worker.
 */
public final class QrCodes {
  public static final ErrorCorrectionLevel LEVEL = ErrorCorrectionLevel.M;
  /** The quiet zone the QR specification asks for around the code, in modules. */
  public static final int QUIET_ZONE = 4;

  private QrCodes() {
  }

  /** The dark/light modules of the code, without quiet zone: one bit per module, for vector drawing in a PDF. */
  public static BitMatrix modules(String text) {
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
        Map.of(EncodeHintType.ERROR_CORRECTION, LEVEL, EncodeHintType.MARGIN, 0));
    } catch (WriterException e) {
      throw new IllegalArgumentException("text does not fit in a QR code", e);
    }
  }

  /** A black-on-white image with the quiet zone, {@code modulePixels} pixels per module. */
  public static BufferedImage image(String text, int modulePixels) {
    if (modulePixels < 1) {
      throw new IllegalArgumentException("at least one pixel per module");
    }
    BitMatrix m = modules(text);
    int side = (m.getWidth() + 2 * QUIET_ZONE) * modulePixels;
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int mx = x / modulePixels - QUIET_ZONE;
        int my = y / modulePixels - QUIET_ZONE;
        boolean dark = mx >= 0 && my >= 0 && mx < m.getWidth() && my < m.getHeight() && m.get(mx, my);
        image.setRGB(x, y, dark ? 0xFF000000 : 0xFFFFFFFF);
      }
    }
    return image;
  }

  /** {@link #image} as PNG bytes, for the ticket web page. */
  public static byte[] png(String text, int modulePixels) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image(text, modulePixels), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of the first QR code found in an image (a scan, a rendered PDF page), if any. */
  public static Optional<String> decode(BufferedImage image) {
    // A whole page at scanner resolution gives the finder-pattern search only ~3 px per module: when the local
    // binarizer misses, a global threshold or a doubled image usually finds it, as a phone camera would by zooming.
    Optional<String> found = decode(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    if (found.isEmpty()) found = decode(new GlobalHistogramBinarizer(new BufferedImageLuminanceSource(image)));
    if (found.isEmpty() && image.getWidth() * image.getHeight() <= 16_000_000) {
      found = decode(new HybridBinarizer(new BufferedImageLuminanceSource(doubled(image))));
    }
    if (found.isEmpty()) found = decodeMulti(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    return found;
  }

  private static Optional<String> decode(com.google.zxing.Binarizer binarizer) {
    try {
      return Optional.of(new QRCodeReader().decode(new BinaryBitmap(binarizer), Map.of(DecodeHintType.TRY_HARDER,
        Boolean.TRUE, DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE))).getText());
    } catch (ReaderException e) {
      // not found, or found but unreadable: either way there is no token to check
      return Optional.empty();
    }
  }

  /** ZXing's multi-code detector searches differently and finds codes whose data happens to mimic a finder. */
  private static Optional<String> decodeMulti(com.google.zxing.Binarizer binarizer) {
    try {
      var results = new com.google.zxing.multi.qrcode.QRCodeMultiReader().decodeMultiple(new BinaryBitmap(binarizer),
        Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
      return results.length == 0 ? Optional.empty() : Optional.of(results[0].getText());
    } catch (ReaderException e) {
      return Optional.empty();
    }
  }

  private static BufferedImage doubled(BufferedImage image) {
    BufferedImage big = new BufferedImage(image.getWidth() * 2, image.getHeight() * 2, BufferedImage.TYPE_BYTE_GRAY);
    java.awt.Graphics2D g = big.createGraphics();
    try {
      g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(image, 0, 0, big.getWidth(), big.getHeight(), null);
    } finally {
      g.dispose();
    }
    return big;
  }

  /** {@link #decode(BufferedImage)} for PNG or JPEG bytes. */
  public static Optional<String> decode(byte[] imageBytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(imageBytes));
      return image == null ? Optional.empty() : decode(image);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
