package org.ncrebm.exports;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.BoundedWorker;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.registration.IdVault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exam office's exports and candidate search (feature B3), for the national office and province offices only
 * (center staff: {@code FORBIDDEN}), each confined to the caller's province. Every export and search writes an audit
 * row with who, the filter and how many rows left; an export that the client broke off is audited as incomplete.
 */
public final class ExportService {
  /** What a registrations export covers, already checked against the caller's scope. */
  public record RegistrationFilter(long sessionId, String provinceCode, Center center, String status, boolean fullIds) {
  }

  /** One search hit; the ID number masked. */
  public record Candidate(UUID id, long examSessionId, String sessionName, String provinceCode, long centerId,
                          String centerCode, String centerName, String status, String name, String gender,
                          String idMasked, List<String> ticketNumbers) {
  }

  public record CandidatePage(List<Candidate> items, long total) {
  }

  private final Pool pool;
  private final CatalogService catalog;
  private final IdVault vault;
  private final BoundedWorker worker;
  private final I18n i18n;

  public ExportService(Pool pool, CatalogService catalog, IdVault vault, BoundedWorker worker, I18n i18n) {
    this.pool = pool;
    this.catalog = catalog;
    this.vault = vault;
    this.worker = worker;
    this.i18n = i18n;
  }

  /** National and province admins; center staff and anyone else {@code FORBIDDEN}. */
  static void requireExamOffice(Principal p) {
    StaffRole r = Access.role(p);
    if (r != StaffRole.NATIONAL_ADMIN && r != StaffRole.PROVINCE_ADMIN) throw AppException.of(ErrorCode.FORBIDDEN);
  }

  /** The province a caller works on: the asked one if in scope ({@code FORBIDDEN} otherwise), else their own. */
  static String province(Principal p, String asked) {
    if (asked == null) return Access.provinceScope(p);
    Access.requireProvince(p, asked);
    return asked;
  }

  /**
   * Checks a registrations export: the session exists ({@code NOT_FOUND}), the province is in scope
   * ({@code FORBIDDEN}), the center belongs to the session and the province ({@code VALIDATION_FAILED}) and to the
   * caller's scope ({@code FORBIDDEN}).
   */
  public Future<RegistrationFilter> registrationFilter(Principal p, long sessionId, String province, Long centerId,
                                                       String status, boolean fullIds) {
    requireExamOffice(p);
    String scoped = province(p, province);
    return catalog.session(sessionId).compose(s -> centerId == null ? Future.succeededFuture((Center) null)
        : catalog.center(centerId).recover(err -> Future.failedFuture(err instanceof AppException a
          && a.code() == ErrorCode.NOT_FOUND ? AppException.field(ErrorCode.VALIDATION_FAILED, "center",
          "export.centerUnknown") : err)))
      .map(c -> {
        if (c != null) {
          if (c.examSessionId() != sessionId) {
            throw AppException.field(ErrorCode.VALIDATION_FAILED, "center", "export.centerUnknown");
          }
          Access.requireProvince(p, c.provinceCode());
          if (scoped != null && !scoped.equals(c.provinceCode())) {
            throw AppException.field(ErrorCode.VALIDATION_FAILED, "center", "export.centerOtherProvince");
          }
        }
        return new RegistrationFilter(sessionId, scoped, c, status, fullIds);
      });
  }

  /**
   * Streams the registrations CSV into the response, audits it, then ends the response. Fails (after auditing what
   * left) when the cursor, the worker or the client fails midway.
   */
  public Future<Void> exportRegistrations(Actor actor, RegistrationFilter f, Lang lang, HttpServerResponse response) {
    AtomicLong sent = new AtomicLong();
    Tuple args = Tuple.of(f.sessionId(), f.provinceCode(), f.center() == null ? null : f.center().id(), f.status());
    Future<Long> streamed = CursorExport.run(pool, worker, ExportQueries.REGISTRATIONS, args, RegistrationCsv.FETCH,
      response, new RegistrationCsv(vault, f.fullIds(), i18n, lang), sent);
    JsonObject filter = new JsonObject().put("session", f.sessionId()).put("province", f.provinceCode())
      .put("center", f.center() == null ? null : f.center().id()).put("status", f.status())
      .put("idNumbers", f.fullIds() ? "full" : "masked");
    return finish(streamed, sent, actor, "export.registrations", "exam_session", Long.toString(f.sessionId()),
      f.center() != null ? f.center().provinceCode() : f.provinceCode(), filter, response);
  }

  /** The center, if the caller may export its photos ({@code FORBIDDEN} otherwise, {@code NOT_FOUND} if unknown). */
  public Future<Center> photoCenter(Principal p, long centerId) {
    requireExamOffice(p);
    return catalog.center(centerId).map(c -> {
      Access.requireProvince(p, c.provinceCode());
      return c;
    });
  }

  /** Streams the center's photos as a ZIP into the response, audits it, then ends the response. */
  public Future<Void> exportPhotos(Actor actor, Center center, String status, HttpServerResponse response) {
    AtomicLong sent = new AtomicLong();
    Future<Long> streamed = CursorExport.run(pool, worker, ExportQueries.PHOTOS, Tuple.of(center.id(), status),
      PhotoZip.FETCH, response, new PhotoZip(vault), sent);
    JsonObject filter = new JsonObject().put("session", center.examSessionId()).put("center", center.id())
      .put("status", status);
    return finish(streamed, sent, actor, "export.photos", "test_center", Long.toString(center.id()),
      center.provinceCode(), filter, response);
  }

  private Future<Void> finish(Future<Long> streamed, AtomicLong sent, Actor actor, String action, String targetType,
                              String targetId, String province, JsonObject filter, HttpServerResponse response) {
    return streamed.transform(ar -> {
      JsonObject after = filter.copy().put("rows", sent.get()).put("complete", ar.succeeded());
      Future<Void> audited = AuditLog.record(pool, actor, action, targetType, targetId, province, null, after);
      if (ar.succeeded()) return audited.compose(v -> response.end());
      if (!response.headWritten()) {
        // Nothing sent yet: the failure handler answers with an ordinary JSON error, not an attachment.
        response.setChunked(false).headers().remove(HttpHeaders.CONTENT_DISPOSITION).remove(HttpHeaders.CONTENT_ENCODING);
      }
      return audited.transform(x -> Future.failedFuture(ar.cause()));
    });
  }

  /**
   * Candidates of a province (all of them for the national office when no province is given) matching the query,
   * newest first, ID numbers masked; audited, with a full ID number in the query masked in the log.
   */
  public Future<CandidatePage> search(Principal p, Actor actor, String province, Long sessionId, String q, int limit,
                                      int offset) {
    requireExamOffice(p);
    String scoped = province(p, province);
    CandidateQuery query = CandidateQuery.parse(q, vault);
    return pool.preparedQuery(query.sql()).execute(Tuple.of(scoped, sessionId, query.param(), limit, offset))
      .map(rows -> {
        List<Candidate> items = new ArrayList<>();
        long total = 0;
        for (Row r : rows) {
          total = r.getLong("total");
          String tickets = r.getString("tickets");
          items.add(new Candidate(r.getUUID("id"), r.getLong("exam_session_id"), r.getString("session_name"),
            r.getString("province_code"), r.getLong("center_id"), r.getString("center_code"),
            r.getString("center_name"), r.getString("status"), r.getString("name"), r.getString("gender"),
            r.getString("id_masked"), tickets.isEmpty() ? List.of() : Arrays.asList(tickets.split(","))));
        }
        return new CandidatePage(items, total);
      })
      .compose(page -> AuditLog.record(pool, actor, "candidate.search", "province", scoped, scoped, null,
        new JsonObject().put("q", query.audited()).put("kind", query.kind().name()).put("session", sessionId)
          .put("rows", page.total()).put("offset", offset)).map(page));
  }
}
