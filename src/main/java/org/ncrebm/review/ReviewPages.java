package org.ncrebm.review;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;
import org.ncrebm.registration.RegistrationJson;
import org.ncrebm.registration.RegistrationRoutes;
import org.ncrebm.registration.RegistrationService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.ncrebm.platform.web.Web.op;

/** The review pages for test-center staff: the queue with bulk approval, one registration with its photo. */
public final class ReviewPages {
  private static final int PAGE_SIZE = 30;
  private static final Set<String> STATUSES = Set.of("PENDING_REVIEW", "REJECTED", "PAYABLE", "PAID", "DRAFT");
  private final ReviewService review;
  private final RegistrationService registrations;
  private final CatalogService catalog;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;

  public ReviewPages(ReviewService review, RegistrationService registrations, CatalogService catalog,
                     Authenticator auth, Pages pages, Csrf csrf) {
    this.review = review;
    this.registrations = registrations;
    this.catalog = catalog;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
  }

  public void mount(Router router) {
    router.get("/staff/review").handler(auth.required(Kind.STAFF)).handler(op(this::myCenter));
    router.get("/staff/centers/:cid/review").handler(auth.required(Kind.STAFF)).handler(op(this::queue));
    router.post("/staff/centers/:cid/review/approve-all").handler(BodyLimits.form()).handler(auth.required(Kind.STAFF))
      .handler(csrf).handler(op(this::approveAll));
    router.get("/staff/registrations/:id").handler(auth.required(Kind.STAFF)).handler(op(this::detail));
    router.post("/staff/registrations/:id/review").handler(BodyLimits.form()).handler(auth.required(Kind.STAFF))
      .handler(csrf).handler(op(this::decide));
    router.get("/staff/registrations/:id/photo.jpg").handler(auth.required(Kind.STAFF)).handler(op(this::photo));
    router.get("/staff/centers/:cid/reason-templates").handler(auth.required(Kind.STAFF)).handler(op(this::templates));
    router.post("/staff/centers/:cid/reason-templates").handler(BodyLimits.form()).handler(auth.required(Kind.STAFF))
      .handler(csrf).handler(op(this::addTemplate));
    router.post("/staff/centers/:cid/reason-templates/:tid/delete").handler(BodyLimits.form())
      .handler(auth.required(Kind.STAFF)).handler(csrf).handler(op(this::removeTemplate));
  }

  /** The center's own rejection reasons, with a form to add one; reviewers get the built-in ones while it has none. */
  private Future<Void> templates(RoutingContext ctx) {
    long cid = Params.id(ctx, "cid");
    return templatesPage(ctx, cid).compose(model -> {
      if ("1".equals(ctx.request().getParam("saved"))) model.put("saved", true);
      return pages.render(ctx, 200, "review/templates", model);
    });
  }

  private Future<Map<String, Object>> templatesPage(RoutingContext ctx, long cid) {
    Principal p = Access.staff(ctx);
    return review.center(p, cid).compose(center -> review.templates().list(p, cid).map(own -> {
      Map<String, Object> model = pages.model(ctx);
      model.put("center", Map.of("id", center.id(), "name", center.name()));
      model.put("templates", own.stream().map(t -> Map.<String, Object>of("id", t.id(), "text", t.text())).toList());
      model.put("builtIn", review.templates().builtIn(Web.lang(ctx)));
      model.put("max", ReasonTemplates.MAX_PER_CENTER);
      return model;
    }));
  }

  private Future<Void> addTemplate(RoutingContext ctx) {
    long cid = Params.id(ctx, "cid");
    String text = ctx.request().getFormAttribute("text");
    return templatesPage(ctx, cid).compose(model -> pages.submit(ctx, "review/templates", model,
      Map.of("text", text == null ? "" : text),
      Future.<Void>succeededFuture().compose(v -> review.templates().add(Access.staff(ctx), Actor.of(ctx), cid, text))
        .compose(t -> Web.redirect(ctx, "/staff/centers/" + cid + "/reason-templates?saved=1"))));
  }

  private Future<Void> removeTemplate(RoutingContext ctx) {
    long cid = Params.id(ctx, "cid");
    return review.templates().remove(Access.staff(ctx), Actor.of(ctx), cid, Params.id(ctx, "tid"))
      .compose(v -> Web.redirect(ctx, "/staff/centers/" + cid + "/reason-templates?saved=1"));
  }

  /** Center staff land on their center's queue in the newest exam session. */
  private Future<Void> myCenter(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    if (Access.role(p) != StaffRole.CENTER_STAFF) return Web.redirect(ctx, "/staff");
    return catalog.sessions().compose(sessions -> {
      if (sessions.isEmpty()) return Web.redirect(ctx, "/staff");
      return catalog.searchCenters(sessions.get(0).id(), p.provinceCode(), p.centerCode(), 10, 0)
        .compose(centers -> centers.stream().filter(c -> c.code().equals(p.centerCode())).findFirst()
          .map(c -> Web.redirect(ctx, "/staff/centers/" + c.id() + "/review"))
          .orElseGet(() -> Web.redirect(ctx, "/staff")));
    });
  }

  private Future<Void> queue(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long cid = Params.id(ctx, "cid");
    String status = Params.query(ctx, "status", 20);
    if (status == null) status = "PENDING_REVIEW";
    if (!STATUSES.contains(status)) throw AppException.field(ErrorCode.VALIDATION_FAILED, "status", "profile.choose");
    String q = Params.query(ctx, "q", 30);
    int page = Params.page(ctx);
    String shown = status;
    return review.center(p, cid).compose(center -> review.queue(p, cid, shown, q, PAGE_SIZE, (page - 1) * PAGE_SIZE)
      .compose(result -> {
        Map<String, Object> model = pages.model(ctx);
        model.put("center", Map.of("id", center.id(), "name", center.name()));
        model.put("status", shown);
        model.put("statuses", List.of("PENDING_REVIEW", "REJECTED", "PAYABLE", "PAID", "DRAFT"));
        model.put("q", q == null ? "" : q);
        model.put("page", page);
        model.put("pages", Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE));
        model.put("total", result.total());
        List<Map<String, Object>> items = new ArrayList<>();
        result.items().forEach(i -> items.add(Map.of("id", i.id().toString(), "name", i.name() == null ? "" : i.name(),
          "idMasked", i.idMasked(), "subjects", i.subjects(), "className", i.className() == null ? "" : i.className(),
          "submitted", i.submittedAt() == null ? "" : Times.display(i.submittedAt().toInstant()),
          "status", i.status())));
        model.put("items", items);
        String notice = ctx.request().getParam("approved");
        if (notice != null && notice.matches("[0-9]{1,3}")) model.put("approvedCount", notice);
        return pages.render(ctx, 200, "review/queue", model);
      }));
  }

  private Future<Void> approveAll(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    long cid = Params.id(ctx, "cid");
    List<UUID> ids = new ArrayList<>();
    for (String v : ctx.request().formAttributes().getAll("id")) {
      try {
        ids.add(UUID.fromString(v));
      } catch (IllegalArgumentException ignored) {
        // a tampered checkbox value is simply not approved
      }
    }
    return review.approveAll(p, Actor.of(ctx), cid, ids.size() > 100 ? ids.subList(0, 100) : ids)
      .compose(n -> Web.redirect(ctx, "/staff/centers/" + cid + "/review?approved=" + n));
  }

  private Future<Void> detail(RoutingContext ctx) {
    return render(ctx, 200, Params.uuid(ctx, "id"), null);
  }

  private Future<Void> render(RoutingContext ctx, int status, UUID id, AppException error) {
    Principal p = Access.staff(ctx);
    return review.registration(p, id).compose(r -> Future.all(catalog.session(r.examSessionId()),
        catalog.center(r.centerId()), review.history(id)).compose(all -> {
      Map<String, Object> model = pages.model(ctx);
      model.put("r", RegistrationJson.of(r, all.resultAt(0), null).getMap());
      var center = (org.ncrebm.catalog.Catalog.Center) all.resultAt(1);
      model.put("center", Map.of("id", center.id(), "name", center.name(), "classRequired", center.classRequired()));
      List<Map<String, Object>> history = new ArrayList<>();
      List<ReviewService.Decision> decisions = all.resultAt(2);
      decisions.forEach(d -> history.add(Map.of("decision", d.decision(), "reason", d.reason() == null ? "" : d.reason(),
        "at", Times.display(d.at().toInstant()), "staff", d.staff())));
      model.put("history", history);
      return review.templates().choices(center, Web.lang(ctx)).compose(templates -> {
        model.put("templates", templates);
        if (error != null) {
          return pages.formError(ctx, "review/detail", model, Map.of(), error);
        }
        return pages.render(ctx, status, "review/detail", model);
      });
    }));
  }

  private Future<Void> decide(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    UUID id = Params.uuid(ctx, "id");
    String decision = ctx.request().getFormAttribute("decision");
    String reason = ctx.request().getFormAttribute("reason");
    String template = ctx.request().getFormAttribute("template");
    if ((reason == null || reason.isBlank()) && template != null && !template.isBlank()) reason = template;
    if (reason != null && reason.strip().length() > 200) {
      return render(ctx, 400, id, AppException.field(ErrorCode.VALIDATION_FAILED, "reason", "validation.tooLong", 200));
    }
    boolean approve = "APPROVE".equals(decision);
    String why = reason == null ? null : reason.strip();
    return review.decide(p, Actor.of(ctx), id, approve, why)
      .compose(status -> Web.redirect(ctx, "/staff/registrations/" + id + "?decided=" + status.name()))
      .recover(err -> err instanceof AppException e && e.code() != ErrorCode.FORBIDDEN && e.code() != ErrorCode.NOT_FOUND
        ? render(ctx, e.code().status(), id, e) : Future.failedFuture(err));
  }

  private Future<Void> photo(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return review.registration(Access.staff(ctx), id).compose(r -> registrations.photo(id))
      .compose(jpeg -> RegistrationRoutes.sendPhoto(ctx, jpeg));
  }
}
