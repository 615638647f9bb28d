package org.ncrebm.platform.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.auth.Principal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders FreeMarker pages with what every page needs: CSRF token, language, the caller, field errors. */
public final class Pages {
  private final Templates templates;
  private final Csrf csrf;
  private final I18n i18n;
  private final boolean simulators;

  public Pages(Templates templates, Csrf csrf, I18n i18n, boolean simulators) {
    this.templates = templates;
    this.csrf = csrf;
    this.i18n = i18n;
    this.simulators = simulators;
  }

  /** A fresh model with the common entries; add the page's own and pass it to {@link #render}. */
  public Map<String, Object> model(RoutingContext ctx) {
    Map<String, Object> m = new HashMap<>();
    m.put("csrf", csrf.token(ctx));
    m.put("path", Web.path(ctx));
    m.put("rid", Web.requestId(ctx));
    m.put("dev", simulators);
    Principal p = Web.principal(ctx);
    if (p != null) {
      Map<String, Object> me = new HashMap<>();
      me.put("name", p.displayName());
      me.put("staff", p.staff());
      me.put("role", p.role() == null ? "" : p.role());
      m.put("me", me);
    }
    m.put("values", Map.of());
    m.put("errors", Map.of());
    return m;
  }

  public Future<Void> render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
    var body = templates.render(template, model, Web.lang(ctx));
    return ctx.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
      .end(body);
  }

  /** Re-renders a form with the user's input (never a password) and the message for each bad field. */
  public Future<Void> formError(RoutingContext ctx, String template, Map<String, Object> model,
                                Map<String, String> values, AppException e) {
    Lang lang = Web.lang(ctx);
    Map<String, String> errors = new LinkedHashMap<>();
    e.fields().forEach((field, msg) -> errors.put(field, i18n.t(lang, msg)));
    model.put("errors", errors);
    model.put("values", values);
    model.put("formError", i18n.t(lang, e.messageKey(), e.args()));
    return render(ctx, e.code().status(), template, model);
  }

  /**
   * Runs a form's action; a domain failure re-renders the form with the user's input and the errors (or, when it
   * names a page to go to instead, redirects there), anything else goes to the failure handler.
   */
  public Future<Void> submit(RoutingContext ctx, String template, Map<String, Object> model, Map<String, String> values,
                             Future<Void> action) {
    return action.recover(err -> {
      if (err instanceof AppException e && e.code() != org.ncrebm.platform.ErrorCode.UNAUTHENTICATED
        && e.code() != org.ncrebm.platform.ErrorCode.INTERNAL) {
        if (e.seeOther() != null) return Web.redirect(ctx, e.seeOther());
        if (e.retryAfterSeconds() > 0) {
          ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        return formError(ctx, template, model, values, e);
      }
      return Future.failedFuture(err);
    });
  }

  /** The form fields as a JSON object, so pages validate exactly like the API. */
  public static io.vertx.core.json.JsonObject form(RoutingContext ctx, String... fields) {
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject();
    for (String f : fields) {
      String v = ctx.request().getFormAttribute(f);
      if (v != null) json.put(f, v);
    }
    return json;
  }

  /** What to show again in a re-rendered form: everything the user typed except secrets. */
  public static Map<String, String> echo(io.vertx.core.json.JsonObject form, String... secretFields) {
    Map<String, String> values = new HashMap<>();
    java.util.Set<String> secrets = java.util.Set.of(secretFields);
    form.forEach(e -> {
      if (!secrets.contains(e.getKey())) values.put(e.getKey(), String.valueOf(e.getValue()));
    });
    return values;
  }

  /** A redirect target from a query or form value: our own relative paths only (no open redirects). */
  public static String safeNext(String next, String fallback) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 512
      || next.contains("\r") || next.contains("\n")) {
      return fallback;
    }
    return next;
  }

  public String t(RoutingContext ctx, String key, Object... args) {
    return i18n.t(Web.lang(ctx), key, args);
  }
}
