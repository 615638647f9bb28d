package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Province;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.Catalog.Window;
import org.ncrebm.catalog.CatalogInput;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AppException.Message;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.ncrebm.platform.web.Web.op;

/**
 * Exam sessions: the list, creation (subjects typed or pasted one per line as {@code code,name,level,fee}), the
 * session with its subjects and the 31 provinces' windows, and the form for one subject. Setting up sessions and
 * subjects is the national office's; everyone on staff may look.
 */
final class SessionPages {
  private static final Pattern SUBJECT_FIELD = Pattern.compile("^subjects\\[(\\d+)]\\.?(\\w*)$");
  private final StaffUi ui;

  SessionPages(StaffUi ui) {
    this.ui = ui;
  }

  void mount(Router router) {
    String base = "/staff/exam-sessions";
    router.get(base).handler(ui.auth.required(Kind.STAFF)).handler(op(this::list));
    router.get(base + "/new").handler(ui.auth.required(Kind.STAFF)).handler(op(this::newPage));
    router.post(base).handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF)).handler(ui.csrf)
      .handler(op(this::create));
    router.get(base + "/:sid").handler(ui.auth.required(Kind.STAFF)).handler(op(this::show));
    router.get(base + "/:sid/subjects/new").handler(ui.auth.required(Kind.STAFF)).handler(op(this::subjectPage));
    router.post(base + "/:sid/subjects").handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF))
      .handler(ui.csrf).handler(op(this::saveSubject));
    router.get(base + "/:sid/subjects/:code").handler(ui.auth.required(Kind.STAFF)).handler(op(this::subjectPage));
    router.post(base + "/:sid/subjects/:code").handler(BodyLimits.form()).handler(ui.auth.required(Kind.STAFF))
      .handler(ui.csrf).handler(op(this::saveSubject));
  }

  private Future<Void> list(RoutingContext ctx) {
    Access.staff(ctx);
    Map<String, Object> model = ui.model(ctx);
    return ui.catalog.sessions().compose(sessions -> Future.all(sessions.stream()
        .map(s -> ui.catalog.windows(s.id()).map(w -> {
          Map<String, Object> row = new LinkedHashMap<>(StaffUi.sessionModel(s, ui.lang(ctx)));
          row.put("state", CatalogService.sessionState(w, ui.catalog.now()).name());
          row.put("provinces", w.size());
          return row;
        })).toList()))
      .compose(all -> {
        model.put("sessions", all.list());
        return ui.pages.render(ctx, 200, "staff/sessions", model);
      });
  }

  private Future<Void> newPage(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    return ui.pages.render(ctx, 200, "staff/session-new", ui.model(ctx));
  }

  private Future<Void> create(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    Map<String, Object> model = ui.model(ctx);
    Map<String, String> values = Forms.echo(ctx, "name", "nameEn", "subjects");
    List<Integer> lines = new ArrayList<>();
    JsonObject json = Forms.strings(ctx, new JsonObject(), "name", "nameEn");
    json.put("subjects", subjectLines(Forms.text(ctx, "subjects"), lines));
    Future<Void> action = StaffUi.attempt(() -> CatalogInput.session(JsonInput.of(json)))
      .recover(err -> Future.failedFuture(err instanceof AppException e ? byLine(ctx, e, lines) : err))
      .compose(s -> ui.catalog.createSession(Actor.of(ctx), s.name(), s.nameEn(), s.subjects()))
      .compose(id -> Web.redirect(ctx, "/staff/exam-sessions/" + id + "?notice=sessionCreated"));
    return ui.pages.submit(ctx, "staff/session-new", model, values, action);
  }

  /**
   * One subject per non-blank line, {@code code,name,level,fee in yuan}; commas, Chinese commas or tabs (a paste from
   * a spreadsheet) separate. {@code lines} gets each subject's line number, negative when the line has the wrong
   * number of cells (such a line is passed on empty, so the parser still counts it).
   */
  static JsonArray subjectLines(String text, List<Integer> lines) {
    JsonArray out = new JsonArray();
    if (text == null) return out;
    String[] raw = text.split("\r?\n", -1);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i].isBlank()) continue;
      String[] cells = raw[i].split("[,，\t]", -1);
      JsonObject s = new JsonObject();
      if (cells.length == 4) {
        s.put("code", cells[0].strip()).put("name", cells[1].strip());
        Forms.integer(s, "level", cells[2]);
        Object fee = Forms.feeFen(cells[3]);
        if (fee != null) s.put("feeFen", fee);
      }
      out.add(s);
      lines.add(cells.length == 4 ? i + 1 : -(i + 1));
    }
    return out;
  }

  /** Errors of {@code subjects[i].field} as one message per line and column of the text area. */
  private AppException byLine(RoutingContext ctx, AppException e, List<Integer> lines) {
    if (e.fields().isEmpty()) return e;
    Map<String, Message> fields = new LinkedHashMap<>();
    e.fields().forEach((field, msg) -> {
      Matcher m = SUBJECT_FIELD.matcher(field);
      if (!m.matches()) {
        fields.putIfAbsent(field, msg);
        return;
      }
      int index = Integer.parseInt(m.group(1));
      int line = index < lines.size() ? lines.get(index) : index + 1;
      String part = m.group(2);
      String text;
      if (line < 0) {
        line = -line;
        part = "cells";
        text = ui.t(ctx, "bo.session.cellCount");
      } else {
        boolean fee = part.equals("feeFen") && msg.key().startsWith("validation.") && !msg.key().endsWith("required");
        text = fee ? ui.t(ctx, "bo.session.feeYuan") : ui.t(ctx, msg.key(), msg.args().toArray());
      }
      String column = part.isEmpty() ? "" : ui.t(ctx, "bo.session.col." + part);
      fields.putIfAbsent("subjects", Message.of("bo.session.subjectsInvalid"));
      fields.putIfAbsent("subjects.line" + line + "." + part, Message.of("bo.session.lineError", line, column, text));
    });
    return AppException.validation(fields);
  }

  private Future<Void> show(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long sid = Params.id(ctx, "sid");
    Map<String, Object> model = ui.model(ctx);
    return Future.all(ui.catalog.session(sid), ui.catalog.windows(sid), ui.catalog.provinces()).compose(all -> {
      ExamSession s = all.resultAt(0);
      List<Window> windows = all.resultAt(1);
      List<Province> provinces = all.resultAt(2);
      model.put("session", StaffUi.sessionModel(s, ui.lang(ctx)));
      model.put("windows", windowRows(p, windows, provinces, ctx));
      model.put("canEditSubjects", Access.role(p) == StaffRole.NATIONAL_ADMIN);
      return ui.pages.render(ctx, 200, "staff/session", model);
    });
  }

  private List<Map<String, Object>> windowRows(Principal p, List<Window> windows, List<Province> provinces,
                                               RoutingContext ctx) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Province province : provinces) {
      Window w = windows.stream().filter(x -> x.provinceCode().equals(province.code())).findFirst().orElse(null);
      StaffRole r = Access.role(p);
      boolean editable = r == StaffRole.NATIONAL_ADMIN
        || r == StaffRole.PROVINCE_ADMIN && province.code().equals(p.provinceCode());
      rows.add(StaffUi.row("code", province.code(), "name", StaffUi.name(province, ui.lang(ctx)),
        "editable", editable, "state", w == null ? "UNSET" : w.state(ui.catalog.now()).name(),
        "opensAt", w == null ? "" : Times.display(w.opensAt()), "closesAt", w == null ? "" : Times.display(w.closesAt()),
        "payDeadline", w == null ? "" : Times.display(w.payDeadline()),
        "printFrom", w == null ? "" : Times.display(w.ticketPrintFrom()),
        "printTo", w == null ? "" : Times.display(w.ticketPrintTo())));
    }
    return rows;
  }

  /** The subject form: {@code /subjects/new} adds one, {@code /subjects/{code}} edits one. */
  private Future<Void> subjectPage(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    long sid = Params.id(ctx, "sid");
    String code = ctx.pathParam("code");
    Map<String, Object> model = ui.model(ctx);
    return ui.catalog.session(sid).compose(s -> {
      model.put("session", StaffUi.sessionModel(s, ui.lang(ctx)));
      if (code != null) {
        Subject sub = s.subject(code);
        if (sub == null) throw AppException.notFound();
        model.put("code", code);
        model.put("values", Map.of("name", sub.name(), "level", Integer.toString(sub.level()),
          "fee", Forms.yuan(sub.feeFen())));
      }
      return ui.pages.render(ctx, 200, "staff/subject", model);
    });
  }

  private Future<Void> saveSubject(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN);
    long sid = Params.id(ctx, "sid");
    String pathCode = ctx.pathParam("code");
    Map<String, Object> model = ui.model(ctx);
    Map<String, String> values = Forms.echo(ctx, "code", "name", "level", "fee");
    JsonObject json = new JsonObject().put("code", pathCode != null ? pathCode : Forms.text(ctx, "code"))
      .put("name", Forms.text(ctx, "name"));
    Forms.integer(json, "level", Forms.text(ctx, "level"));
    Object fee = Forms.feeFen(Forms.text(ctx, "fee"));
    if (fee != null) json.put("feeFen", fee);
    return ui.catalog.session(sid).compose(s -> {
      model.put("session", StaffUi.sessionModel(s, ui.lang(ctx)));
      if (pathCode != null) {
        if (s.subject(pathCode) == null) throw AppException.notFound();
        model.put("code", pathCode);
      }
      Future<Void> action = StaffUi.attempt(() -> {
          JsonInput outer = JsonInput.of(new JsonObject());
          Subject subject = CatalogInput.subject(json, "subject", outer);
          outer.done();
          return subject;
        })
        .recover(err -> Future.failedFuture(err instanceof AppException e ? Forms.reword(e,
          Map.of("subject.feeFen", "fee", "subject.", ""),
          Map.of("fee|validation.type.integer", "bo.session.feeYuan", "fee|validation.range", "bo.session.feeYuan",
            "fee|validation.required", "validation.required")) : err))
        .compose(subject -> ui.catalog.saveSubject(Actor.of(ctx), sid, subject))
        .compose(v -> Web.redirect(ctx, "/staff/exam-sessions/" + sid + "?notice=subjectSaved"));
      return ui.pages.submit(ctx, "staff/subject", model, values, action);
    });
  }
}
