package org.ncrebm.admin.pages;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.Catalog.Province;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every back-office page shares: the page model with the caller's role and scope for the navigation, whitelisted
 * notices after a redirect, province names in the page's language, and the newest exam session as the default.
 */
final class StaffUi {
  final Pages pages;
  final Authenticator auth;
  final Csrf csrf;
  final I18n i18n;
  final CatalogService catalog;

  StaffUi(Pages pages, Authenticator auth, Csrf csrf, I18n i18n, CatalogService catalog) {
    this.pages = pages;
    this.auth = auth;
    this.csrf = csrf;
    this.i18n = i18n;
    this.catalog = catalog;
  }

  /** The page model: the common entries, the staff navigation and a notice named by {@code ?notice=}. */
  Map<String, Object> model(RoutingContext ctx) {
    Map<String, Object> m = pages.model(ctx);
    Principal p = Web.principal(ctx);
    if (p != null && p.staff()) {
      StaffRole r = Access.role(p);
      Map<String, Object> staff = new HashMap<>();
      staff.put("role", r.name());
      staff.put("national", r == StaffRole.NATIONAL_ADMIN);
      staff.put("admin", r != StaffRole.CENTER_STAFF);
      staff.put("province", p.provinceCode() == null ? "" : p.provinceCode());
      staff.put("center", p.centerCode() == null ? "" : p.centerCode());
      m.put("staff", staff);
    }
    String notice = ctx.request().getParam("notice");
    m.put("notice", notice != null && notice.matches("[A-Za-z]{1,30}") && i18n.has("bo.notice." + notice)
      ? "bo.notice." + notice : "");
    return m;
  }

  Lang lang(RoutingContext ctx) {
    return Web.lang(ctx);
  }

  String t(RoutingContext ctx, String key, Object... args) {
    return i18n.t(Web.lang(ctx), key, args);
  }

  /** Provinces as {code, name} in the page's language, optionally only one. */
  Future<List<Map<String, Object>>> provinces(RoutingContext ctx, String only) {
    Lang lang = Web.lang(ctx);
    return catalog.provinces().map(list -> {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Province p : list) {
        if (only == null || only.equals(p.code())) out.add(Map.of("code", p.code(), "name", name(p, lang)));
      }
      return out;
    });
  }

  /** Province code to its name in the page's language. */
  Future<Map<String, String>> provinceNames(RoutingContext ctx) {
    Lang lang = Web.lang(ctx);
    return catalog.provinces().map(list -> {
      Map<String, String> out = new LinkedHashMap<>();
      list.forEach(p -> out.put(p.code(), name(p, lang)));
      return out;
    });
  }

  static String name(Province p, Lang lang) {
    return lang == Lang.EN && !p.nameEn().isBlank() ? p.nameEn() : p.name();
  }

  static String sessionName(ExamSession s, Lang lang) {
    return lang == Lang.EN && !s.nameEn().isBlank() ? s.nameEn() : s.name();
  }

  static Map<String, Object> sessionModel(ExamSession s, Lang lang) {
    List<Map<String, Object>> subjects = new ArrayList<>();
    s.subjects().forEach(sub -> subjects.add(Map.of("code", sub.code(), "name", sub.name(), "level", sub.level(),
      "feeFen", sub.feeFen(), "fee", Forms.yuan(sub.feeFen()))));
    return Map.of("id", s.id(), "name", s.name(), "nameEn", s.nameEn(), "title", sessionName(s, lang),
      "subjects", subjects);
  }

  /** The newest exam session's id, or null when there is none yet. */
  Future<Long> newestSessionId() {
    return catalog.sessions().map(list -> list.isEmpty() ? null : list.get(0).id());
  }

  /** Runs a parser that reports problems by throwing, as a future, so a form can re-render its errors. */
  static <T> Future<T> attempt(Supplier<T> parse) {
    try {
      return Future.succeededFuture(parse.get());
    } catch (AppException e) {
      return Future.failedFuture(e);
    }
  }

  /** A map that allows null values, for page rows. */
  static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
