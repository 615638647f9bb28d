package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.web.I18n;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.web.Web;

import java.util.Arrays;
import java.util.List;

import static org.ncrebm.platform.web.Web.op;

/**
 * The code lists a client needs to fill in a registration (ID types, genders, education, ethnic groups,
 * occupations): the codes the API stores, each with its label in the caller's language, from the same lists the
 * input checks use, so a client never has to copy them from documentation.
 */
public final class ProfileChoicesRoutes {
  private final I18n i18n;

  public ProfileChoicesRoutes(I18n i18n) {
    this.i18n = i18n;
  }

  public void mount(Router router) {
    router.get("/api/v1/profile-choices").handler(op(this::choices));
  }

  private Future<Void> choices(RoutingContext ctx) {
    Lang lang = Web.lang(ctx);
    List<String> idTypes = Arrays.stream(IdDocument.Type.values()).map(Enum::name).toList();
    JsonObject body = new JsonObject()
      .put("idTypes", labelled(lang, "idType.", idTypes))
      .put("genders", labelled(lang, "gender.", ProfileInput.GENDERS))
      .put("educations", labelled(lang, "edu.", ProfileInput.EDUCATIONS))
      // ethnic groups are stored and shown by their official Chinese names, in every language
      .put("ethnicities", labelled(lang, null, ProfileInput.ETHNICITIES))
      .put("occupations", labelled(lang, "occ.", ProfileInput.OCCUPATIONS));
    ctx.response().putHeader("Cache-Control", "public, max-age=3600").putHeader("Vary", "Accept-Language, Cookie");
    return Web.json(ctx, 200, body);
  }

  private JsonArray labelled(Lang lang, String keyPrefix, List<String> codes) {
    JsonArray out = new JsonArray();
    for (String code : codes) {
      out.add(new JsonObject().put("code", code).put("label", keyPrefix == null ? code : i18n.t(lang, keyPrefix + code)));
    }
    return out;
  }
}
