package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.web.LangHandler;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Web;

import static org.ncrebm.platform.web.Web.op;

/** The home page and the language switch. */
public final class SiteRoutes {
  private final Platform platform;

  public SiteRoutes(Platform platform) {
    this.platform = platform;
  }

  public void mount(Router router) {
    router.get("/").handler(platform.auth().optional(Kind.CANDIDATE)).handler(op(this::home));
    router.get("/lang/:tag").handler(op(this::switchLanguage));
  }

  private Future<Void> home(RoutingContext ctx) {
    return platform.pages().render(ctx, 200, "platform/home", platform.pages().model(ctx));
  }

  /** Remembers the choice for a year and returns to the page the user came from. */
  private Future<Void> switchLanguage(RoutingContext ctx) {
    Lang lang = Lang.fromTag(ctx.pathParam("tag"));
    if (lang != null) {
      ctx.response().addCookie(Cookie.cookie(LangHandler.COOKIE, lang.tag()).setPath("/").setMaxAge(365L * 24 * 3600)
        .setSameSite(CookieSameSite.LAX).setSecure(platform.config().cookieSecure()));
    }
    return Web.redirect(ctx, Pages.safeNext(ctx.request().getParam("back"), "/"));
  }
}
