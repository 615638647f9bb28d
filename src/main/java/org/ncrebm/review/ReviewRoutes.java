package org.ncrebm.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;
import org.ncrebm.registration.RegistrationJson;
import org.ncrebm.registration.RegistrationRoutes;
import org.ncrebm.registration.RegistrationService;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.ncrebm.platform.web.Web.op;

/** The review part of the staff API: the center's queue, a registration with its photo, decisions. */
public final class ReviewRoutes {
  private static final int PAGE_SIZE = 50;
  private static final Set<String> STATUSES = Set.of("DRAFT", "PENDING_REVIEW", "REJECTED", "PAYABLE", "PAID",
    "CANCELLED", "EXPIRED");
  private final ReviewService review;
  private final RegistrationService registrations;
  private final CatalogService catalog;
  private final Authenticator auth;

  public ReviewRoutes(ReviewService review, RegistrationService registrations, CatalogService catalog,
                      Authenticator auth) {
    this.review = review;
    this.registrations = registrations;
    this.catalog = catalog;
    this.auth = auth;
  }

  public void mount(Router router) {
    router.get("/api/v1/staff/centers/:cid/registrations").handler(auth.required(Kind.STAFF)).handler(op(this::queue));
    router.post("/api/v1/staff/centers/:cid/registrations/approval").handler(BodyLimits.json())
      .handler(auth.required(Kind.STAFF)).handler(op(this::approveAll));
    router.get("/api/v1/staff/registrations/:id").handler(auth.required(Kind.STAFF)).handler(op(this::get));
    router.get("/api/v1/staff/registrations/:id/photo").handler(auth.required(Kind.STAFF)).handler(op(this::photo));
    router.post("/api/v1/staff/registrations/:id/review").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::decide));
    router.get("/api/v1/staff/centers/:cid/reason-templates").handler(auth.required(Kind.STAFF))
      .handler(op(this::templates));
    router.post("/api/v1/staff/centers/:cid/reason-templates").handler(BodyLimits.json())
      .handler(auth.required(Kind.STAFF)).handler(op(this::addTemplate));
    router.delete("/api/v1/staff/centers/:cid/reason-templates/:tid").handler(auth.required(Kind.STAFF))
      .handler(op(this::removeTemplate));
  }

  /** The center's own reasons, and the built-in ones its reviewers are offered while it has none. */
  private Future<Void> templates(RoutingContext ctx) {
    long cid = Params.id(ctx, "cid");
    ReasonTemplates templates = review.templates();
    return templates.list(Access.staff(ctx), cid).compose(own -> {
      JsonArray items = new JsonArray();
      own.forEach(t -> items.add(new JsonObject().put("id", t.id()).put("text", t.text())));
      return Web.json(ctx, 200, new JsonObject().put("templates", items)
        .put("builtIn", new JsonArray(new ArrayList<>(templates.builtIn(Web.lang(ctx))))));
    });
  }

  private Future<Void> addTemplate(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long cid = Params.id(ctx, "cid");
    JsonInput in = JsonInput.of(ctx);
    String text = in.string("text", 200);
    if (text != null && text.isBlank()) in.reject("text", "validation.required");
    in.done();
    return review.templates().add(p, Actor.of(ctx), cid, text)
      .compose(t -> Web.json(ctx, 201, new JsonObject().put("id", t.id()).put("text", t.text())));
  }

  private Future<Void> removeTemplate(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long cid = Params.id(ctx, "cid");
    long tid = Params.id(ctx, "tid");
    return review.templates().remove(p, Actor.of(ctx), cid, tid).compose(v -> Web.noContent(ctx, 204));
  }

  private Future<Void> queue(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long cid = Params.id(ctx, "cid");
    String status = Params.query(ctx, "status", 20);
    if (status != null && !STATUSES.contains(status)) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "status", "validation.oneOf", String.join(", ", STATUSES));
    }
    int page = Params.page(ctx);
    return review.queue(p, cid, status, Params.query(ctx, "q", 30), PAGE_SIZE, (page - 1) * PAGE_SIZE)
      .compose(q -> {
        JsonArray items = new JsonArray();
        q.items().forEach(i -> items.add(new JsonObject().put("id", i.id().toString()).put("status", i.status())
          .put("name", i.name()).put("gender", i.gender()).put("idNumber", i.idMasked())
          .put("className", i.className()).put("subjects", i.subjects().isEmpty() ? new JsonArray()
            : new JsonArray(List.of((Object[]) i.subjects().split(","))))
          .put("submittedAt", Times.iso(i.submittedAt()))));
        return Web.json(ctx, 200, new JsonObject().put("page", page).put("pageSize", PAGE_SIZE)
          .put("total", q.total()).put("items", items));
      });
  }

  private Future<Void> get(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    UUID id = Params.uuid(ctx, "id");
    return review.registration(p, id).compose(r -> Future.all(catalog.session(r.examSessionId()), review.history(id))
      .compose(all -> {
        JsonArray history = new JsonArray();
        List<ReviewService.Decision> decisions = all.resultAt(1);
        decisions.forEach(d -> history.add(new JsonObject().put("decision", d.decision()).put("reason", d.reason())
          .put("at", Times.iso(d.at())).put("staff", d.staff())));
        return Web.json(ctx, 200, RegistrationJson.of(r, all.resultAt(0), null).put("history", history));
      }));
  }

  private Future<Void> photo(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return review.registration(Access.staff(ctx), id).compose(r -> registrations.photo(id))
      .compose(jpeg -> RegistrationRoutes.sendPhoto(ctx, jpeg));
  }

  private Future<Void> decide(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    JsonInput in = JsonInput.of(ctx);
    String decision = in.oneOf("decision", Set.of("APPROVE", "REJECT"));
    String reason = in.optionalString("reason", 200);
    if ("REJECT".equals(decision) && (reason == null || reason.isBlank())) in.reject("reason", "review.reasonRequired");
    in.done();
    return review.decide(p, Actor.of(ctx), Params.uuid(ctx, "id"), decision.equals("APPROVE"), reason)
      .compose(status -> Web.json(ctx, 200, new JsonObject().put("status", status.name())));
  }

  private Future<Void> approveAll(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    JsonInput in = JsonInput.of(ctx);
    JsonArray arr = in.array("ids", 100, true);
    List<UUID> ids = new ArrayList<>();
    if (arr != null) {
      for (Object o : arr) {
        try {
          ids.add(UUID.fromString(String.valueOf(o)));
        } catch (IllegalArgumentException e) {
          in.reject("ids", "validation.type.array");
        }
      }
    }
    in.done();
    return review.approveAll(p, Actor.of(ctx), Params.id(ctx, "cid"), ids)
      .compose(n -> Web.json(ctx, 200, new JsonObject().put("approved", n)));
  }
}
