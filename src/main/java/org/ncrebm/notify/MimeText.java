package org.ncrebm.notify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough MIME for the dev mail sink: unfolded headers, RFC 2047 encoded words in the subject, and the first
 * text part's body in quoted-printable, base64 or 7/8 bit.
 */
final class MimeText {
  private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern CHARSET = Pattern.compile("charset=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

  record Decoded(String subject, String text) {
  }

  private MimeText() {
  }

  static Decoded decode(String raw) {
    Part message = Part.parse(raw);
    String subject = decodeWords(message.headers.getOrDefault("subject", ""));
    return new Decoded(subject, textOf(message).replace("\r\n", "\n"));
  }

  private static String textOf(Part part) {
    String type = part.headers.getOrDefault("content-type", "text/plain").toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/")) {
      Matcher b = BOUNDARY.matcher(part.headers.get("content-type"));
      if (!b.find()) return part.body;
      String[] pieces = part.body.split("--" + Pattern.quote(b.group(1)));
      for (String piece : pieces) {
        if (piece.isBlank() || piece.startsWith("--")) continue;
        Part sub = Part.parse(piece.replaceFirst("^\r\n", ""));
        String subType = sub.headers.getOrDefault("content-type", "text/plain").toLowerCase(Locale.ROOT);
        if (subType.startsWith("text/plain") || subType.startsWith("multipart/")) return textOf(sub);
      }
      return "";
    }
    Matcher c = CHARSET.matcher(type);
    Charset charset = c.find() ? Charset.forName(c.group(1)) : StandardCharsets.UTF_8;
    String cte = part.headers.getOrDefault("content-transfer-encoding", "7bit").trim().toLowerCase(Locale.ROOT);
    return switch (cte) {
      case "base64" -> new String(Base64.getMimeDecoder().decode(part.body), charset).strip();
      case "quoted-printable" -> new String(quotedPrintable(part.body, false), charset).strip();
      default -> new String(part.body.getBytes(StandardCharsets.ISO_8859_1), charset).strip();
    };
  }

  static String decodeWords(String header) {
    Matcher m = ENCODED_WORD.matcher(header.replaceAll("\\?=\\s+=\\?", "?==?"));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Charset cs = Charset.forName(m.group(1));
      byte[] bytes = m.group(2).equalsIgnoreCase("b")
        ? Base64.getDecoder().decode(m.group(3))
        : quotedPrintable(m.group(3), true);
      m.appendReplacement(out, Matcher.quoteReplacement(new String(bytes, cs)));
    }
    m.appendTail(out);
    return out.toString();
  }

  static byte[] quotedPrintable(String s, boolean headerMode) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String text = s.replace("=\r\n", "").replace("=\n", "");
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '=' && i + 2 < text.length()) {
        try {
          out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
          continue;
        } catch (NumberFormatException e) {
          out.write(ch);
          continue;
        }
      }
      if (headerMode && ch == '_') {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(ch).getBytes(StandardCharsets.ISO_8859_1);
        out.write(b, 0, b.length);
      }
    }
    return out.toByteArray();
  }

  /** Headers (lower-case names, unfolded) and the raw body of one MIME part. */
  private record Part(Map<String, String> headers, String body) {
    static Part parse(String raw) {
      int split = raw.indexOf("\r\n\r\n");
      String head = split < 0 ? raw : raw.substring(0, split);
      String body = split < 0 ? "" : raw.substring(split + 4);
      Map<String, String> headers = new LinkedHashMap<>();
      String unfolded = head.replaceAll("\r\n[ \t]+", " ");
      for (String line : unfolded.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
      }
      return new Part(headers, body);
    }
  }
}
