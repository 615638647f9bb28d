package org.ncrebm.exports;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import org.ncrebm.registration.IdVault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A center's photos as a ZIP written batch by batch: the {@link ZipOutputStream} writes into a small buffer that
 * every batch empties into the response, so only the current batch's photos and the ZIP's central directory (a few
 * dozen bytes per entry) are ever held. Entries are STORED (a JPEG does not deflate) and named by the candidate's ID
 * number, {@code 11010520040315001X.jpg}, as exam offices file them. One instance per export; its batches run one
 * after another on the bounded worker.
 */
final class PhotoZip implements CursorExport.Encoder {
  /** Photos per cursor fetch and per worker task: at most 200 KB each. */
  static final int FETCH = 16;
  private final IdVault vault;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(FETCH * 64 * 1024);
  private final ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
  private final Set<String> names = new HashSet<>();

  PhotoZip(IdVault vault) {
    this.vault = vault;
  }

  @Override
  public Buffer encode(List<Row> rows, boolean last) throws IOException {
    for (Row r : rows) {
      byte[] jpeg = r.getBuffer("jpeg").getBytes();
      CRC32 crc = new CRC32();
      crc.update(jpeg);
      ZipEntry entry = new ZipEntry(entryName(fileName(vault.decrypt(r.getBuffer("id_number_enc").getBytes()))));
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(jpeg.length);
      entry.setCompressedSize(jpeg.length);
      entry.setCrc(crc.getValue());
      entry.setLastModifiedTime(FileTime.from(r.getOffsetDateTime("uploaded_at").toInstant()));
      zip.putNextEntry(entry);
      zip.write(jpeg);
      zip.closeEntry();
    }
    if (last) zip.finish();
    Buffer chunk = Buffer.buffer(out.toByteArray());
    out.reset();
    return chunk;
  }

  /**
   * {@code number.jpg}; should two people share a number string (documents of different types), the second is
   * {@code number-2.jpg} rather than a broken archive. The names seen are the only per-entry state besides the
   * ZIP's central directory.
   */
  private String entryName(String base) {
    String name = base + ".jpg";
    for (int n = 2; !names.add(name); n++) name = base + "-" + n + ".jpg";
    return name;
  }

  /** ID numbers are letters and digits; anything else could not be a safe entry name. */
  static String fileName(String idNumber) {
    return idNumber.replaceAll("[^0-9A-Za-z]", "_");
  }
}
