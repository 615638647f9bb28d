package org.ncrebm.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.ncrebm.catalog.Catalog.CenterInput;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Lang;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bulk import of test centers and capacities from the CSV an exam office already keeps (UTF-8, Chinese or English
 * headers, one column per subject code). Two passes over the text: every row is validated first and each bad row
 * and field reported; only a clean file is written, in one transaction, creating new centers and updating known ones.
 */
public final class CenterImport {
  /** A bad cell: the file line, the column, and why. */
  public record RowError(int line, String column, String message) {
  }

  public record Result(int created, int updated, List<RowError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private static final Map<String, String> HEADERS = Map.ofEntries(
    Map.entry("province_code", "provinceCode"), Map.entry("省份代码", "provinceCode"), Map.entry("省代码", "provinceCode"),
    Map.entry("center_code", "code"), Map.entry("code", "code"), Map.entry("考点代码", "code"),
    Map.entry("name", "name"), Map.entry("考点名称", "name"),
    Map.entry("address", "address"), Map.entry("地址", "address"), Map.entry("考点地址", "address"),
    Map.entry("review_required", "reviewRequired"), Map.entry("是否审核", "reviewRequired"),
    Map.entry("class_required", "classRequired"), Map.entry("是否需要班级", "classRequired"),
    Map.entry("班级必填", "classRequired"),
    Map.entry("max_subjects", "maxSubjects"), Map.entry("最多科目数", "maxSubjects"),
    Map.entry("最多报考科目数", "maxSubjects"),
    Map.entry("total_capacity", "totalCapacity"), Map.entry("考点总容量", "totalCapacity"), Map.entry("总容量", "totalCapacity"));
  private static final Set<String> BOOLEAN = Set.of("reviewRequired", "classRequired");
  private static final Set<String> NUMBER = Set.of("maxSubjects", "totalCapacity");

  private final Pool pool;
  private final CatalogRepository repository;
  private final I18n i18n;
  private final org.ncrebm.platform.BoundedWorker worker;

  public CenterImport(Pool pool, CatalogRepository repository, I18n i18n, org.ncrebm.platform.BoundedWorker worker) {
    this.pool = pool;
    this.repository = repository;
    this.i18n = i18n;
    this.worker = worker;
  }

  /**
   * Validates and, when every row is good, writes the file. {@code onlyProvince} confines a province office to its
   * own province (null for the national office).
   */
  public Future<Result> run(Actor actor, ExamSession session, String csv, String onlyProvince, Lang lang) {
    // Validating a large file is CPU work: it runs on the worker, and only a clean file reaches the database.
    return worker.submit(() -> validate(session, csv, onlyProvince, lang)).compose(result -> !result.ok()
      ? Future.succeededFuture(result)
      : pool.withTransaction(tx -> write(tx, actor, session, columns(new CsvLines(csv).next(), session, new ArrayList<>(),
          lang), new CsvLines(csv), lang)));
  }

  /** The first pass: every row checked, every problem collected; nothing written. Blocking CPU work. */
  private Result validate(ExamSession session, String csv, String onlyProvince, Lang lang) {
    List<RowError> errors = new ArrayList<>();
    CsvLines lines = new CsvLines(csv);
    try {
      if (!lines.hasNext()) {
        errors.add(new RowError(1, "", i18n.t(lang, "import.empty")));
        return new Result(0, 0, errors);
      }
    } catch (CsvLines.Malformed e) {
      errors.add(new RowError(e.line, "", i18n.t(lang, "import.malformed")));
      return new Result(0, 0, errors);
    }
    List<String> columns = columns(lines.next(), session, errors, lang);
    int rows = 0;
    Set<String> seen = new HashSet<>();
    try {
      while (lines.hasNext()) {
        CsvLines.Record record = lines.next();
        rows++;
        parse(record, columns, session, onlyProvince, seen, errors, lang);
      }
    } catch (CsvLines.Malformed e) {
      errors.add(new RowError(e.line, "", i18n.t(lang, "import.malformed")));
      return new Result(0, 0, errors);
    }
    if (rows == 0) errors.add(new RowError(1, "", i18n.t(lang, "import.empty")));
    return new Result(0, 0, errors);
  }

  private Future<Result> write(SqlConnection tx, Actor actor, ExamSession session, List<String> columns, CsvLines lines,
                               Lang lang) {
    lines.next();
    int[] counts = new int[2];
    return writeNext(tx, actor, session, columns, lines, lang, counts)
      .map(v -> new Result(counts[0], counts[1], List.of()));
  }

  /** Pulls the next row only when the previous one is written, so the rows never pile up in memory. */
  private Future<Void> writeNext(SqlConnection tx, Actor actor, ExamSession session, List<String> columns,
                                 CsvLines lines, Lang lang, int[] counts) {
    if (!lines.hasNext()) {
      return Future.succeededFuture();
    }
    CsvLines.Record record = lines.next();
    CenterInput input = parse(record, columns, session, null, new HashSet<>(), new ArrayList<>(), lang);
    return upsert(tx, actor, session, input, counts)
      .recover(err -> Future.failedFuture(err instanceof AppException e
        ? new ImportFailure(new RowError(record.line(), e.fields().keySet().stream().findFirst().orElse(""),
            e.fields().values().stream().findFirst().map(m -> i18n.t(lang, m)).orElse(i18n.t(lang, e.messageKey()))))
        : err))
      .compose(v -> writeNext(tx, actor, session, columns, lines, lang, counts));
  }

  private Future<Void> upsert(SqlConnection tx, Actor actor, ExamSession session, CenterInput input, int[] counts) {
    return repository.centerByCode(tx, session.id(), input.provinceCode(), input.code()).compose(found -> {
      var existing = java.util.Optional.ofNullable(found);
      if (existing.isEmpty()) {
        return repository.insertCenter(tx, session.id(), input).compose(id -> {
          counts[0]++;
          return AuditLog.record(tx, actor, "catalog.center.import", "test_center", Long.toString(id),
            input.provinceCode(), null, CatalogService.centerJson(input));
        });
      }
      return repository.updateCenter(tx, existing.get().id(), session.id(), input).compose(v -> {
        counts[1]++;
        return AuditLog.record(tx, actor, "catalog.center.import", "test_center", Long.toString(existing.get().id()),
          input.provinceCode(), CatalogService.centerJson(existing.get()), CatalogService.centerJson(input));
      });
    });
  }

  /** A row that failed in the database; carried out of the transaction so it rolls back. */
  public static final class ImportFailure extends RuntimeException {
    private final RowError error;

    ImportFailure(RowError error) {
      super(error.toString(), null, false, false);
      this.error = error;
    }

    public RowError error() {
      return error;
    }
  }

  private List<String> columns(CsvLines.Record header, ExamSession session, List<RowError> errors, Lang lang) {
    List<String> columns = new ArrayList<>();
    for (String raw : header.fields()) {
      String h = raw.strip().toLowerCase(Locale.ROOT);
      String subject = h.matches("^(cap_|科目)?[0-9]{2}$") ? h.substring(h.length() - 2) : null;
      if (subject != null) {
        if (session.subject(subject) == null) {
          errors.add(new RowError(header.line(), raw, i18n.t(lang, "catalog.unknownSubject.code", subject)));
        }
        columns.add("cap:" + subject);
      } else if (HEADERS.containsKey(h)) {
        columns.add(HEADERS.get(h));
      } else {
        errors.add(new RowError(header.line(), raw, i18n.t(lang, "import.unknownColumn")));
        columns.add("?");
      }
    }
    for (String required : List.of("provinceCode", "code", "name")) {
      if (!columns.contains(required)) errors.add(new RowError(header.line(), required, i18n.t(lang, "import.missingColumn")));
    }
    return columns;
  }

  /** One row to a center, reporting each bad cell; null when the row is bad. */
  private CenterInput parse(CsvLines.Record record, List<String> columns, ExamSession session, String onlyProvince,
                            Set<String> seen, List<RowError> errors, Lang lang) {
    JsonObject json = new JsonObject();
    JsonObject caps = new JsonObject();
    List<String> cells = record.fields();
    if (cells.size() != columns.size()) {
      errors.add(new RowError(record.line(), "", i18n.t(lang, "import.cellCount", columns.size(), cells.size())));
      return null;
    }
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      String cell = cells.get(i).strip();
      if (column.startsWith("cap:")) {
        if (!cell.isEmpty()) caps.put(column.substring(4), number(cell));
      } else if (BOOLEAN.contains(column)) {
        Boolean b = bool(cell);
        if (b == null && !cell.isEmpty()) errors.add(new RowError(record.line(), column, i18n.t(lang, "import.yesNo")));
        if (b != null) json.put(column, b);
      } else if (NUMBER.contains(column)) {
        if (!cell.isEmpty()) json.put(column, number(cell));
      } else if (!column.equals("?")) {
        json.put(column, cell);
      }
    }
    json.put("capacities", caps);
    CenterInput input;
    try {
      input = CatalogInput.center(JsonInput.of(json), true);
    } catch (AppException e) {
      e.fields().forEach((f, m) -> errors.add(new RowError(record.line(), f, i18n.t(lang, m))));
      return null;
    }
    for (String subject : input.capacities().keySet()) {
      if (session.subject(subject) == null) return null;
    }
    if (onlyProvince != null && !onlyProvince.equals(input.provinceCode())) {
      errors.add(new RowError(record.line(), "provinceCode", i18n.t(lang, "import.otherProvince")));
      return null;
    }
    if (!seen.add(input.provinceCode() + ":" + input.code())) {
      errors.add(new RowError(record.line(), "code", i18n.t(lang, "import.duplicateCode")));
      return null;
    }
    return input;
  }

  private static Object number(String cell) {
    try {
      return Long.parseLong(cell);
    } catch (NumberFormatException e) {
      return cell;
    }
  }

  private static Boolean bool(String cell) {
    return switch (cell.toLowerCase(Locale.ROOT)) {
      case "是", "y", "yes", "true", "1" -> true;
      case "否", "n", "no", "false", "0" -> false;
      default -> null;
    };
  }
}
