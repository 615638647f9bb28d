package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.UUID;
import java.util.regex.Pattern;

import static org.ncrebm.platform.web.Web.op;

/**
 * The waiting lists of one's own registration (feature S6, docs/waitlists.md): list, join, leave, accept an offer.
 * Someone else's registration is {@code NOT_FOUND}, as everywhere in the registration API.
 */
public final class WaitlistRoutes {
  private static final Pattern SUBJECT = Pattern.compile("[0-9]{2}");
  private final WaitingLists lists;
  private final CatalogService catalog;
  private final Authenticator auth;

  public WaitlistRoutes(WaitingLists lists, CatalogService catalog, Authenticator auth) {
    this.lists = lists;
    this.catalog = catalog;
    this.auth = auth;
  }

  public void mount(Router router) {
    String base = "/api/v1/registrations/:id/waitlist";
    router.get(base).handler(auth.required(Kind.CANDIDATE)).handler(op(this::list));
    router.post(base).handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE)).handler(op(this::join));
    router.delete(base + "/:subject").handler(auth.required(Kind.CANDIDATE)).handler(op(this::leave));
    router.post(base + "/:subject/acceptance").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::accept));
  }

  private Future<Void> list(RoutingContext ctx) {
    return lists.entries(Web.principal(ctx), Params.uuid(ctx, "id")).compose(entries -> {
      JsonArray out = new JsonArray();
      entries.forEach(e -> out.add(e.toJson()));
      return Web.json(ctx, 200, new JsonObject().put("entries", out).put("maxLists", WaitingLists.MAX_LISTS));
    });
  }

  private Future<Void> join(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    String subject = in.matching("subject", 2, SUBJECT, "catalog.subjectCode");
    in.done();
    return lists.join(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"), subject)
      .compose(j -> Web.json(ctx, j.created() ? 201 : 200, j.entry().toJson()));
  }

  private Future<Void> leave(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    String subject = Params.matching(ctx, "subject", "[0-9]{2}");
    return lists.leave(Web.principal(ctx), Actor.of(ctx), id, subject).compose(v -> Web.noContent(ctx, 204));
  }

  private Future<Void> accept(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    String subject = Params.matching(ctx, "subject", "[0-9]{2}");
    return lists.accept(Web.principal(ctx), Actor.of(ctx), id, subject)
      .compose(r -> catalog.session(r.examSessionId()).map(s -> RegistrationJson.of(r, s, null)))
      .compose(json -> Web.json(ctx, 200, new JsonObject().put("subject", subject)
        .put("subjects", json.getJsonArray("subjects")).put("holdExpiresAt", json.getString("holdExpiresAt"))
        .put("amountFen", json.getInteger("amountFen"))));
  }
}
