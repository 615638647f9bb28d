package org.ncrebm.platform.web;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/** Resolves the user's language: the switch's cookie first, then {@code Accept-Language}, Chinese by default. */
public final class LangHandler implements PlatformHandler {
  public static final String COOKIE = "ncre_lang";
  private static final CharSequence CONTENT_LANGUAGE = io.vertx.core.http.HttpHeaders.createOptimized("Content-Language");

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx);
    ctx.next();
  }

  static void apply(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    Lang lang = cookie == null ? null : Lang.fromTag(cookie.getValue());
    if (lang == null) {
      lang = Lang.fromAcceptLanguage(ctx.request().getHeader("Accept-Language"));
    }
    ctx.put(Web.LANG, lang);
    ctx.response().putHeader(CONTENT_LANGUAGE, lang.tag());
  }
}
