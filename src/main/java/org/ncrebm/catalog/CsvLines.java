package org.ncrebm.catalog;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads RFC 4180 CSV one record at a time (quoted fields, doubled quotes, commas and line breaks inside quotes), so
 * an import walks the file without building a list of all its rows. A UTF-8 byte-order mark is dropped.
 */
final class CsvLines implements Iterator<CsvLines.Record> {
  /** One record and the line it starts on (1-based), for error reports. */
  record Record(int line, List<String> fields) {
  }

  private final String text;
  private int pos;
  private int line = 1;

  CsvLines(String text) {
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  @Override
  public boolean hasNext() {
    skipBlankLines();
    return pos < text.length();
  }

  @Override
  public Record next() {
    if (!hasNext()) throw new NoSuchElementException();
    int startLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (quoted) {
        if (c == '"') {
          if (pos < text.length() && text.charAt(pos) == '"') {
            field.append('"');
            pos++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') line++;
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\r') {
        // part of a CRLF line end
      } else if (c == '\n') {
        line++;
        break;
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return new Record(startLine, fields);
  }

  private void skipBlankLines() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (c == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }
}
