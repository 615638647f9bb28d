package org.ncrebm.queue;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Province;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * The waiting room for people: the candidate's page {@code /queue/{sid}/{code}} (position, people ahead, ETA and a
 * progress bar; it refreshes itself without JavaScript and polls with backoff with it; once admitted it sets the
 * window's admission cookie and sends the candidate on to the registration), and the staff's set-up page with the
 * room's figures.
 */
public final class QueuePages {
  private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
  private final QueueService queue;
  private final CatalogService catalog;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;
  private final boolean secureCookies;

  public QueuePages(QueueService queue, CatalogService catalog, Authenticator auth, Pages pages, Csrf csrf,
                    boolean secureCookies) {
    this.queue = queue;
    this.catalog = catalog;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
    this.secureCookies = secureCookies;
  }

  public void mount(Router router) {
    String room = "/queue/:sid/:code";
    router.get(room).handler(auth.required(Kind.CANDIDATE)).handler(op(this::roomPage));
    router.post(room).handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
      .handler(op(this::enter));
    String staff = "/staff/exam-sessions/:sid/provinces/:code/waiting-room";
    router.get(staff).handler(auth.required(Kind.STAFF)).handler(op(this::staffPage));
    router.post(staff).handler(BodyLimits.form()).handler(auth.required(Kind.STAFF)).handler(csrf)
      .handler(op(this::save));
  }

  // ---- candidates ----

  private Future<Void> roomPage(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "code", QueueRoutes.PROVINCE);
    String account = Web.principal(ctx).accountId();
    return queue.room(sid, code).compose(room -> queue.entry(account, sid, code)
      .recover(err -> err instanceof AppException e && e.code() == ErrorCode.NOT_IN_QUEUE
        ? Future.succeededFuture() : Future.failedFuture(err))
      .compose(entry -> {
        if (entry != null && entry.admitted()) return admitted(ctx, sid, code, entry);
        return Future.all(names(ctx, sid, code), queue.stats(room)).compose(all -> {
          Map<String, Object> model = all.resultAt(0);
          QueueService.Stats stats = all.resultAt(1);
          model.put("apiPath", WaitingRoom.apiPath(sid, code));
          model.put("pagePath", WaitingRoom.pagePath(sid, code));
          model.put("opensAt", Times.display(room.opensAt()));
          model.put("state", entry == null ? (room.active(queue.now()) ? "NONE" : "CLOSED") : entry.state().name());
          if (entry != null && entry.state() == QueueEntry.State.WAITING) {
            model.put("position", entry.position());
            model.put("ahead", entry.ahead());
            model.put("eta", eta(ctx, entry.etaSeconds()));
            long done = stats.admitted();
            model.put("progress", (int) Math.min(99, 100 * done / Math.max(1, done + entry.position())));
            // without JavaScript the page reloads itself: soon when the turn is near, less often when far
            model.put("refresh", (int) Math.max(5, Math.min(60, entry.etaSeconds() / 4)));
          }
          return pages.render(ctx, 200, "queue/room", model);
        });
      }));
  }

  private Future<Void> enter(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "code", QueueRoutes.PROVINCE);
    return queue.enter(Web.principal(ctx).accountId(), sid, code)
      .compose(e -> Web.redirect(ctx, WaitingRoom.pagePath(sid, code)));
  }

  /** Sets the window's admission cookie (as long as the admission lasts) and moves on to the registration. */
  private Future<Void> admitted(RoutingContext ctx, long sid, String code, QueueEntry entry) {
    long seconds = Math.max(1, Duration.between(queue.now(), entry.expiresAt()).toSeconds());
    ctx.response().addCookie(Cookie.cookie(Admissions.cookieName(sid, code), entry.token()).setPath("/")
      .setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX).setMaxAge(seconds));
    return Web.redirect(ctx, "/bm/" + sid + "/" + code);
  }

  private String eta(RoutingContext ctx, long seconds) {
    if (seconds < 60) return pages.t(ctx, "queue.etaSeconds", seconds);
    return pages.t(ctx, "queue.etaMinutes", (seconds + 59) / 60);
  }

  private Future<Map<String, Object>> names(RoutingContext ctx, long sid, String code) {
    return Future.all(catalog.session(sid), catalog.province(code)).map(all -> {
      ExamSession s = all.resultAt(0);
      Province p = all.resultAt(1);
      boolean en = Web.lang(ctx) == Lang.EN;
      Map<String, Object> model = pages.model(ctx);
      model.put("session", Map.of("id", s.id(), "name", en && !s.nameEn().isBlank() ? s.nameEn() : s.name()));
      model.put("province", Map.of("code", p.code(), "name", en && !p.nameEn().isBlank() ? p.nameEn() : p.name()));
      return model;
    });
  }

  // ---- staff ----

  private static String staffProvince(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    String code = Params.matching(ctx, "code", QueueRoutes.PROVINCE);
    Access.requireProvince(p, code);
    return code;
  }

  private Future<Map<String, Object>> staffModel(RoutingContext ctx, long sid, String code) {
    return queue.room(sid, code).compose(room -> Future.all(names(ctx, sid, code), queue.stats(room)).map(all -> {
      Map<String, Object> model = all.resultAt(0);
      QueueService.Stats stats = all.resultAt(1);
      model.put("room", Map.of("enabled", room.enabled(), "opensAt", Times.display(room.opensAt()),
        "admitPerSecond", room.admitPerSecond(), "admissionMinutes", room.admissionMinutes()));
      model.put("stats", Map.of("waiting", stats.waiting(), "admitted", stats.admitted(),
        "rate", String.format(java.util.Locale.ROOT, "%.1f", stats.rate())));
      Map<String, String> values = new HashMap<>();
      values.put("opensAt", room.chosenOpensAt() == null ? "" : LOCAL_INPUT.format(room.chosenOpensAt().atZone(Times.ZONE)));
      values.put("admitPerSecond", Integer.toString(room.admitPerSecond()));
      values.put("admissionMinutes", Integer.toString(room.admissionMinutes()));
      values.put("enabled", room.enabled() ? "on" : "");
      model.put("values", values);
      model.put("defaultOpensAt", Times.display(room.windowOpensAt().minus(WaitingRoom.DEFAULT_LEAD)));
      String notice = ctx.request().getParam("notice");
      model.put("notice", "saved".equals(notice) ? "queue.staff.saved" : "");
      return model;
    }));
  }

  private Future<Void> staffPage(RoutingContext ctx) {
    String code = staffProvince(ctx);
    long sid = Params.id(ctx, "sid");
    return staffModel(ctx, sid, code).compose(model -> pages.render(ctx, 200, "queue/staff", model));
  }

  private Future<Void> save(RoutingContext ctx) {
    String code = staffProvince(ctx);
    long sid = Params.id(ctx, "sid");
    var form = ctx.request().formAttributes();
    Map<String, String> values = new HashMap<>();
    for (String f : new String[]{"opensAt", "admitPerSecond", "admissionMinutes"}) {
      values.put(f, form.get(f) == null ? "" : form.get(f));
    }
    values.put("enabled", form.get("enabled") != null ? "on" : "");
    JsonObject json = new JsonObject().put("enabled", form.get("enabled") != null);
    String local = values.get("opensAt").trim();
    if (!local.isEmpty()) {
      try {
        json.put("opensAt", Times.iso(LocalDateTime.parse(local, LOCAL_INPUT).atZone(Times.ZONE).toInstant()));
      } catch (DateTimeParseException e) {
        json.put("opensAt", local);
      }
    }
    number(json, "admitPerSecond", values.get("admitPerSecond"));
    number(json, "admissionMinutes", values.get("admissionMinutes"));
    return staffModel(ctx, sid, code).compose(model -> {
      Future<Void> action;
      try {
        WaitingRoom.Settings settings = QueueInput.settings(JsonInput.of(json));
        action = queue.configure(Actor.of(ctx), sid, code, settings)
          .compose(room -> Web.redirect(ctx, "/staff/exam-sessions/" + sid + "/provinces/" + code
            + "/waiting-room?notice=saved"));
      } catch (AppException e) {
        action = Future.failedFuture(e);
      }
      return pages.submit(ctx, "queue/staff", model, values, action);
    });
  }

  /** A whole number as a number, anything else as typed (so the parser names the field). */
  private static void number(JsonObject json, String field, String raw) {
    if (raw == null || raw.isBlank()) return;
    try {
      json.put(field, Integer.parseInt(raw.trim()));
    } catch (NumberFormatException e) {
      json.put(field, raw);
    }
  }
}
