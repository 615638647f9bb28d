package org.ncrebm.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ncrebm.catalog.Catalog.CenterInput;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.platform.web.JsonInput;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Staff requests on the catalogue, validated field by field (API and back-office pages alike). */
public final class CatalogInput {
  static final Pattern SUBJECT_CODE = Pattern.compile("^[0-9]{2}$");
  static final Pattern PROVINCE_CODE = Pattern.compile("^[1-8][0-9]$");
  static final Pattern CENTER_CODE = Pattern.compile("^[0-9A-Za-z-]{1,16}$");

  public record NewSession(String name, String nameEn, List<Subject> subjects) {
  }

  private CatalogInput() {
  }

  public static NewSession session(JsonInput in) {
    String name = in.string("name", 60);
    String nameEn = in.optionalString("nameEn", 80);
    JsonArray items = in.array("subjects", 60, true);
    List<Subject> subjects = new ArrayList<>();
    if (items != null) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        Object o = items.getValue(i);
        String field = "subjects[" + i + "]";
        if (!(o instanceof JsonObject item)) {
          in.reject(field, "validation.type.object");
          continue;
        }
        Subject s = subject(item, field, in);
        if (s != null && !seen.add(s.code())) {
          in.reject(field + ".code", "catalog.subjectTwice");
        } else if (s != null) {
          subjects.add(s);
        }
      }
      if (items.isEmpty()) in.reject("subjects", "validation.required");
    }
    in.done();
    return new NewSession(name, nameEn == null ? "" : nameEn, subjects);
  }

  /** One subject; field errors are named after {@code prefix} (e.g. {@code subjects[2].feeFen}; none when empty). */
  public static Subject subject(JsonObject item, String prefix, JsonInput outer) {
    JsonInput in = JsonInput.of(item);
    String code = in.matching("code", 2, SUBJECT_CODE, "catalog.subjectCode");
    String name = in.string("name", 60);
    Integer level = in.integer("level", 1, 4, true);
    Integer fee = in.integer("feeFen", 0, 1_000_000, true);
    try {
      in.done();
    } catch (org.ncrebm.platform.AppException e) {
      e.fields().forEach((f, m) -> outer.reject(prefix.isEmpty() ? f : prefix + "." + f, m.key(), m.args().toArray()));
      return null;
    }
    return new Subject(code, name, level, fee);
  }

  public static Window window(long sessionId, String provinceCode, JsonInput in) {
    Instant opens = instant(in, "opensAt");
    Instant closes = instant(in, "closesAt");
    Instant pay = instant(in, "payDeadline");
    Instant printFrom = instant(in, "ticketPrintFrom");
    Instant printTo = instant(in, "ticketPrintTo");
    if (opens != null && closes != null && !opens.isBefore(closes)) in.reject("closesAt", "catalog.window.closesAfterOpens");
    if (closes != null && pay != null && pay.isBefore(closes)) in.reject("payDeadline", "catalog.window.payAfterClose");
    if (pay != null && printFrom != null && printFrom.isBefore(pay)) in.reject("ticketPrintFrom", "catalog.window.printAfterPay");
    if (printFrom != null && printTo != null && !printFrom.isBefore(printTo)) in.reject("ticketPrintTo", "catalog.window.printToAfterFrom");
    in.done();
    return new Window(sessionId, provinceCode, opens, closes, pay, printFrom, printTo);
  }

  private static Instant instant(JsonInput in, String field) {
    String s = in.string(field, 40);
    if (s == null) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      in.reject(field, "validation.datetime");
      return null;
    }
  }

  /** A center; {@code provinceCode} and {@code code} are required only when creating. */
  public static CenterInput center(JsonInput in, boolean creating) {
    String province = creating ? in.matching("provinceCode", 2, PROVINCE_CODE, "catalog.provinceCode")
      : in.optionalString("provinceCode", 2);
    String code = creating ? in.matching("code", 16, CENTER_CODE, "catalog.centerCode") : in.optionalString("code", 16);
    String name = in.string("name", 100);
    String address = in.optionalString("address", 200);
    Boolean review = in.bool("reviewRequired", false);
    Boolean classRequired = in.bool("classRequired", false);
    Integer maxSubjects = in.integer("maxSubjects", 1, 3, false);
    Integer total = in.integer("totalCapacity", 0, 1_000_000, false);
    JsonObject caps = in.object("capacities", false);
    Map<String, Integer> capacities = new LinkedHashMap<>();
    if (caps != null) {
      for (String subject : caps.fieldNames()) {
        Object v = caps.getValue(subject);
        if (!SUBJECT_CODE.matcher(subject).matches()) {
          in.reject("capacities", "catalog.subjectCode");
        } else if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
          || n.intValue() < 0 || n.intValue() > 100_000) {
          in.reject("capacities", "catalog.capacityRange", subject);
        } else {
          capacities.put(subject, n.intValue());
        }
      }
    }
    in.done();
    return new CenterInput(province, code, name, address == null ? "" : address, review != null && review,
      classRequired != null && classRequired, maxSubjects == null ? 3 : maxSubjects, total, capacities);
  }
}
