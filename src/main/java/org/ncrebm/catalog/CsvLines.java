package org.ncrebm.catalog;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads RFC 4180 CSV (Commons CSV: quoted fields, doubled quotes, commas and line breaks inside quotes) one record at
 * a time, so an import walks the file without building a list of all its rows, and tells the line each record
 * starts on. A UTF-8 byte-order mark and empty lines are dropped; a file that stops being CSV (a quote never closed,
 * text after a closing quote) is {@link Malformed} at the line where it does.
 */
final class CsvLines implements Iterator<CsvLines.Record> {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

  /** One record and the line it starts on (1-based), for error reports. */
  record Record(int line, List<String> fields) {
  }

  /** The text is not CSV from {@code line} on. */
  static final class Malformed extends RuntimeException {
    final int line;

    Malformed(int line, Throwable cause) {
      super("not CSV from line " + line, cause);
      this.line = line;
    }
  }

  private final String text;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  /** Where the line count has got to: {@code line} is the line of character {@code counted}. */
  private int counted;
  private int line = 1;

  CsvLines(String text) {
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try {
      this.parser = CSVParser.parse(this.text, FORMAT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.records = parser.iterator();
  }

  @Override
  public boolean hasNext() {
    // Lines the parser has finished so far: a record that fails to parse starts on the next one.
    long done = parser.getCurrentLineNumber();
    try {
      return records.hasNext();
    } catch (UncheckedIOException | IllegalStateException e) {
      throw new Malformed((int) done + 1, e);
    }
  }

  @Override
  public Record next() {
    if (!hasNext()) throw new NoSuchElementException();
    CSVRecord r = records.next();
    return new Record(lineOf((int) r.getCharacterPosition()), r.toList());
  }

  /** The line of the record starting at {@code position}: after the empty lines the parser skipped before it. */
  private int lineOf(int position) {
    int start = position;
    while (start < text.length() && (text.charAt(start) == '\r' || text.charAt(start) == '\n')) start++;
    for (; counted < start; counted++) {
      if (text.charAt(counted) == '\n') line++;
    }
    return line;
  }
}
