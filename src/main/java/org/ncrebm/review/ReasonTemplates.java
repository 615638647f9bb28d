package org.ncrebm.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A test center's own rejection reasons (kept by the center's province and code, so they carry over to the next exam
 * session), kept by its staff (or its province's and the national admins) and offered
 * to its reviewers; a center that has none is offered the built-in ones. Every change is audited in its transaction.
 */
public final class ReasonTemplates {
  /** The most a center keeps: a reviewer picks from a short list, not a catalogue. */
  public static final int MAX_PER_CENTER = 30;
  static final int BUILT_IN = 6;
  private static final String LIST = """
    select id, text from review_reason_template where province_code = $1 and center_code = $2 order by id""";
  private static final String INSERT = """
    insert into review_reason_template (province_code, center_code, text)
    select $1, $2, $3
    where (select count(*) from review_reason_template where province_code = $1 and center_code = $2) < $4
    on conflict (province_code, center_code, text) do nothing returning id""";
  private static final String EXISTS = """
    select 1 from review_reason_template where province_code = $1 and center_code = $2 and text = $3""";
  private static final String DELETE = """
    delete from review_reason_template where province_code = $1 and center_code = $2 and id = $3 returning text""";

  public record Template(long id, String text) {
  }

  private final Pool pool;
  private final I18n i18n;
  private final BiFunction<Principal, Long, Future<Center>> scope;

  /** {@code scope} answers the center when the caller may review there, else fails with {@code FORBIDDEN}. */
  ReasonTemplates(Pool pool, I18n i18n, BiFunction<Principal, Long, Future<Center>> scope) {
    this.pool = pool;
    this.i18n = i18n;
    this.scope = scope;
  }

  public Future<List<Template>> list(Principal staff, long centerId) {
    return scope.apply(staff, centerId).compose(this::own);
  }

  /** What a reviewer of this center picks from: the center's own reasons, else the built-in ones. */
  public Future<List<String>> choices(Center center, Lang lang) {
    return own(center).map(own -> own.isEmpty() ? builtIn(lang) : own.stream().map(Template::text).toList());
  }

  public List<String> builtIn(Lang lang) {
    List<String> texts = new ArrayList<>();
    for (int i = 1; i <= BUILT_IN; i++) texts.add(i18n.t(lang, "review.template." + i));
    return texts;
  }

  public Future<Template> add(Principal staff, Actor actor, long centerId, String text) {
    String clean = text == null ? "" : text.strip();
    if (clean.isEmpty()) throw AppException.field(ErrorCode.VALIDATION_FAILED, "text", "validation.required");
    if (clean.length() > 200) throw AppException.field(ErrorCode.VALIDATION_FAILED, "text", "validation.tooLong", 200);
    return scope.apply(staff, centerId).compose(center -> pool.withTransaction(tx -> tx.preparedQuery(INSERT)
      .execute(Tuple.of(center.provinceCode(), center.code(), clean, MAX_PER_CENTER)).compose(rows -> {
        if (rows.size() == 1) {
          long id = rows.iterator().next().getLong("id");
          return AuditLog.record(tx, actor, "review.reasonTemplateAdded", "center", Long.toString(centerId),
            center.provinceCode(), null, new JsonObject().put("id", id).put("text", clean)).map(new Template(id, clean));
        }
        return tx.preparedQuery(EXISTS).execute(Tuple.of(center.provinceCode(), center.code(), clean)).compose(found -> Future.failedFuture(
          found.size() > 0 ? AppException.field(ErrorCode.VALIDATION_FAILED, "text", "review.templateExists")
            : AppException.field(ErrorCode.VALIDATION_FAILED, "text", "review.templateLimit", MAX_PER_CENTER)));
      })));
  }

  public Future<Void> remove(Principal staff, Actor actor, long centerId, long templateId) {
    return scope.apply(staff, centerId).compose(center -> pool.withTransaction(tx -> tx.preparedQuery(DELETE)
      .execute(Tuple.of(center.provinceCode(), center.code(), templateId)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(AppException.notFound())
        : AuditLog.record(tx, actor, "review.reasonTemplateRemoved", "center", Long.toString(centerId),
          center.provinceCode(), new JsonObject().put("id", templateId)
            .put("text", rows.iterator().next().getString("text")), null))));
  }

  private Future<List<Template>> own(Center center) {
    return pool.preparedQuery(LIST).execute(Tuple.of(center.provinceCode(), center.code())).map(rows -> {
      List<Template> out = new ArrayList<>();
      rows.forEach(r -> out.add(new Template(r.getLong("id"), r.getString("text"))));
      return out;
    });
  }
}
