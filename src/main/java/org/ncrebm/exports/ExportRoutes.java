package org.ncrebm.exports;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.ncrebm.platform.web.Web.op;

/**
 * The exam office's exports in the staff API: a session's registrations as CSV, a center's photos as ZIP (both
 * streamed), and the candidate search. A browser with a staff session cookie may follow the same links (GET only).
 */
public final class ExportRoutes {
  static final int PAGE_SIZE = 50;
  static final List<String> STATUSES = List.of("DRAFT", "PENDING_REVIEW", "REJECTED", "PAYABLE", "PAID", "CANCELLED",
    "EXPIRED");
  private static final Pattern PROVINCE = Pattern.compile("[0-9]{2}");
  private static final Pattern STREAMED = Pattern.compile(
    "/api/v1/staff/(exam-sessions/[^/]+/registrations\\.csv|centers/[^/]+/photos\\.zip)");
  private final ExportService exports;
  private final Authenticator auth;

  public ExportRoutes(ExportService exports, Authenticator auth) {
    this.exports = exports;
    this.auth = auth;
  }

  /**
   * The streamed exports, which may outlast the router's 30 s request timeout on a large province: the router gives
   * them a longer one of their own (a client that stops reading is still cut off by the idle timeout).
   */
  public static boolean streamed(String path) {
    // every request asks: the prefix first, the regex only for the staff API's paths
    return path != null && path.startsWith("/api/v1/staff/") && STREAMED.matcher(path).matches();
  }

  public void mount(Router router) {
    router.get("/api/v1/staff/exam-sessions/:sid/registrations.csv").handler(auth.required(Kind.STAFF))
      .handler(op(this::registrationsCsv));
    router.get("/api/v1/staff/centers/:cid/photos.zip").handler(auth.required(Kind.STAFF)).handler(op(this::photosZip));
    router.get("/api/v1/staff/candidates").handler(auth.required(Kind.STAFF)).handler(op(this::searchCandidates));
  }

  private Future<Void> registrationsCsv(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    ExportService.requireExamOffice(p);
    long sid = Params.id(ctx, "sid");
    String province = province(ctx);
    Long center = optionalId(ctx, "center");
    String status = status(ctx);
    String ids = Params.query(ctx, "idNumbers", 10);
    if (ids != null && !ids.equals("full") && !ids.equals("masked")) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "idNumbers", "validation.oneOf", "full, masked");
    }
    return exports.registrationFilter(p, sid, province, center, status, !"masked".equals(ids)).compose(f -> {
      String name = "ncre-registrations-s" + sid + (f.provinceCode() == null ? "" : "-p" + f.provinceCode())
        + (f.center() == null ? "" : "-c" + f.center().code()) + (status == null ? "" : "-" + status) + ".csv";
      download(ctx.response(), "text/csv; charset=utf-8", name);
      return exports.exportRegistrations(Actor.of(ctx), f, Web.lang(ctx), ctx.response());
    });
  }

  private Future<Void> photosZip(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    ExportService.requireExamOffice(p);
    long cid = Params.id(ctx, "cid");
    String status = status(ctx);
    return exports.photoCenter(p, cid).compose(c -> {
      download(ctx.response(), "application/zip", "ncre-photos-s" + c.examSessionId() + "-p" + c.provinceCode() + "-c"
        + c.code() + (status == null ? "" : "-" + status) + ".zip")
        // JPEGs do not compress: spare the CPU the response compression would spend.
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY);
      return exports.exportPhotos(Actor.of(ctx), c, status, ctx.response());
    });
  }

  private Future<Void> searchCandidates(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    ExportService.requireExamOffice(p);
    String province = province(ctx);
    Long session = optionalId(ctx, "session");
    String q = Params.query(ctx, "q", 30);
    if (q == null) throw AppException.field(ErrorCode.VALIDATION_FAILED, "q", "validation.required");
    int page = Params.page(ctx);
    return exports.search(p, Actor.of(ctx), province, session, q, PAGE_SIZE, (page - 1) * PAGE_SIZE).compose(r -> {
      JsonArray items = new JsonArray();
      r.items().forEach(c -> items.add(new JsonObject().put("id", c.id().toString())
        .put("examSessionId", c.examSessionId()).put("sessionName", c.sessionName())
        .put("provinceCode", c.provinceCode()).put("centerId", c.centerId()).put("centerCode", c.centerCode())
        .put("centerName", c.centerName()).put("status", c.status()).put("name", c.name()).put("gender", c.gender())
        .put("idNumber", c.idMasked()).put("ticketNumbers", new JsonArray(List.copyOf(c.ticketNumbers())))));
      return Web.json(ctx, 200, new JsonObject().put("page", page).put("pageSize", PAGE_SIZE).put("total", r.total())
        .put("items", items));
    });
  }

  private static HttpServerResponse download(HttpServerResponse response, String type, String fileName) {
    return response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, type)
      .putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }

  static String province(RoutingContext ctx) {
    String v = Params.query(ctx, "province", 2);
    if (v != null && !PROVINCE.matcher(v).matches()) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "province", "export.provinceFormat");
    }
    return v;
  }

  static String status(RoutingContext ctx) {
    String v = Params.query(ctx, "status", 20);
    if (v != null && !STATUSES.contains(v)) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "status", "validation.oneOf", String.join(", ", STATUSES));
    }
    return v;
  }

  private static Long optionalId(RoutingContext ctx, String name) {
    String v = Params.query(ctx, name, 19);
    if (v == null) return null;
    try {
      long id = Long.parseLong(v);
      if (id > 0) return id;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw AppException.field(ErrorCode.VALIDATION_FAILED, name, "validation.type.integer");
  }
}
