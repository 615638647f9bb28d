package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Subject;
import org.ncrebm.catalog.CatalogStaffRoutes;
import org.ncrebm.catalog.CenterImport;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The CSV import of test centers as a page: a multipart upload (route-scoped body limit, files deleted when the
 * response ends, read asynchronously) handed to {@link CenterImport}, which writes nothing unless every row is good;
 * the page shows the created and updated counts or the report of every bad cell. A template generated from the
 * session's subjects (UTF-8 with a byte-order mark, so spreadsheet programs open it as UTF-8) can be downloaded.
 */
final class CenterImportPages {
  private static final List<String> ZH_HEADERS = List.of("省份代码", "考点代码", "考点名称", "考点地址", "是否审核",
    "是否需要班级", "最多报考科目数", "考点总容量");
  private static final List<String> EN_HEADERS = List.of("province_code", "center_code", "name", "address",
    "review_required", "class_required", "max_subjects", "total_capacity");
  private final StaffUi ui;
  private final CenterImport importer;
  private final String uploadsDirectory;

  CenterImportPages(StaffUi ui, CenterImport importer, String uploadsDirectory) {
    this.ui = ui;
    this.importer = importer;
    this.uploadsDirectory = uploadsDirectory;
  }

  void mount(Router router) {
    String base = "/staff/exam-sessions/:sid/centers";
    router.get(base + "/import").handler(ui.auth.required(Kind.STAFF)).handler(op(this::page));
    router.post(base + "/import")
      .handler(BodyHandler.create(true).setUploadsDirectory(uploadsDirectory).setDeleteUploadedFilesOnEnd(true)
        .setBodyLimit(CatalogStaffRoutes.IMPORT_LIMIT + 64 * 1024).setMergeFormAttributes(true))
      .handler(ui.auth.required(Kind.STAFF)).handler(ui.csrf).handler(op(this::upload));
    router.get(base + "/template.csv").handler(ui.auth.required(Kind.STAFF)).handler(op(this::template));
  }

  private Future<Map<String, Object>> model(RoutingContext ctx, long sid) {
    Map<String, Object> model = ui.model(ctx);
    return ui.catalog.session(sid).map(s -> {
      model.put("session", StaffUi.sessionModel(s, ui.lang(ctx)));
      model.put("headers", ui.lang(ctx) == Lang.EN ? EN_HEADERS : ZH_HEADERS);
      return model;
    });
  }

  private Future<Void> page(RoutingContext ctx) {
    Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    return model(ctx, Params.id(ctx, "sid")).compose(model -> ui.pages.render(ctx, 200, "staff/import", model));
  }

  private Future<Void> upload(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long sid = Params.id(ctx, "sid");
    FileUpload file = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).findFirst().orElse(null);
    return model(ctx, sid).compose(model -> {
      if (file == null || file.size() == 0) {
        model.put("errors", Map.of("file", ui.t(ctx, "bo.import.noFile")));
        return ui.pages.render(ctx, 400, "staff/import", model);
      }
      model.put("fileName", file.fileName());
      return ctx.vertx().fileSystem().readFile(file.uploadedFileName()).compose(bytes -> {
        String csv = utf8(bytes);
        if (csv == null) {
          model.put("errors", Map.of("file", ui.t(ctx, "bo.import.notUtf8")));
          return ui.pages.render(ctx, 400, "staff/import", model);
        }
        return ui.catalog.session(sid)
          .compose(s -> importer.run(Actor.of(ctx), s, csv, Access.provinceScope(p), Web.lang(ctx)))
          .recover(err -> err instanceof CenterImport.ImportFailure f
            ? Future.succeededFuture(new CenterImport.Result(0, 0, List.of(f.error())))
            : Future.failedFuture(err))
          .compose(result -> {
            model.put("result", report(ctx, result));
            return ui.pages.render(ctx, result.ok() ? 200 : 400, "staff/import", model);
          });
      });
    });
  }

  /** Strict UTF-8, so a file saved in GBK is named as such instead of importing garbled names. */
  private static String utf8(Buffer bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.getBytes())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private Map<String, Object> report(RoutingContext ctx, CenterImport.Result result) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (CenterImport.RowError e : result.errors()) {
      String key = "bo.import.col." + e.column();
      String column = e.column().isEmpty() ? "" : ui.i18n.has(key) ? ui.t(ctx, key) : e.column();
      errors.add(Map.of("line", e.line(), "column", column, "message", e.message()));
    }
    return Map.of("ok", result.ok(), "created", result.created(), "updated", result.updated(), "errors", errors);
  }

  /** A template with the session's subjects as capacity columns and one example row to replace. */
  private Future<Void> template(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    long sid = Params.id(ctx, "sid");
    return ui.catalog.session(sid).compose(s -> {
      String csv = templateCsv(s, Web.lang(ctx), Access.provinceScope(p) == null ? "11" : Access.provinceScope(p),
        ui.t(ctx, "bo.import.exampleName"));
      return ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"centers-template-" + sid + ".csv\"")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(Buffer.buffer("\uFEFF" + csv, StandardCharsets.UTF_8.name()));
    });
  }

  static String templateCsv(ExamSession s, Lang lang, String province, String exampleName) {
    boolean en = lang == Lang.EN;
    List<String> header = new ArrayList<>(en ? EN_HEADERS : ZH_HEADERS);
    List<String> example = new ArrayList<>(List.of(province, province + "9901", exampleName, "",
      en ? "no" : "否", en ? "no" : "否", "3", ""));
    for (Subject sub : s.subjects()) {
      header.add((en ? "cap_" : "科目") + sub.code());
      example.add("30");
    }
    return line(header) + line(example);
  }

  private static String line(List<String> cells) {
    List<String> quoted = new ArrayList<>();
    for (String c : cells) {
      quoted.add(c.contains(",") || c.contains("\"") || c.contains("\n") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
    }
    return String.join(",", quoted) + "\r\n";
  }
}
