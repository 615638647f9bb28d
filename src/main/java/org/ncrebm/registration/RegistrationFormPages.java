package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.catalog.Catalog.Center;
import org.ncrebm.catalog.Catalog.ExamSession;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.ncrebm.platform.web.Web.op;

/**
 * One registration's pages: the information form, the photo, the overview with the subject choice and the
 * submit, cancel and change-of-center actions. Each page validates exactly like the API and keeps what was typed.
 */
public final class RegistrationFormPages {
  private static final String[] PROFILE_FIELDS = {"name", "gender", "birthDate", "ethnicity", "education", "occupation",
    "phone", "address", "postalCode", "className"};
  private final RegistrationService registrations;
  private final CatalogService catalog;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;
  private final String uploadsDir;
  private java.util.function.Function<UUID, Future<io.vertx.core.json.JsonArray>> orders =
    id -> Future.succeededFuture(new io.vertx.core.json.JsonArray());

  /** Lets the payment context list the registration's orders on its overview. */
  public RegistrationFormPages withOrders(java.util.function.Function<UUID, Future<io.vertx.core.json.JsonArray>> orders) {
    this.orders = orders;
    return this;
  }

  private WaitingLists waitingLists;

  /** Shows the registration's waiting lists on its overview, with join, leave and accept (feature S6). */
  public RegistrationFormPages withWaitingLists(WaitingLists waitingLists) {
    this.waitingLists = waitingLists;
    return this;
  }

  public RegistrationFormPages(RegistrationService registrations, CatalogService catalog, Authenticator auth,
                               Pages pages, Csrf csrf, String uploadsDir) {
    this.registrations = registrations;
    this.catalog = catalog;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
    this.uploadsDir = uploadsDir;
  }

  public void mount(Router router) {
    String r = "/bm/r/:id";
    router.get(r).handler(auth.required(Kind.CANDIDATE)).handler(op(this::overview));
    router.get(r + "/profile").handler(auth.required(Kind.CANDIDATE)).handler(op(this::profilePage));
    router.post(r + "/profile").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
      .handler(op(this::saveProfile));
    router.get(r + "/photo").handler(auth.required(Kind.CANDIDATE)).handler(op(this::photoPage));
    router.post(r + "/photo").handler(RegistrationRoutes.photoBody(uploadsDir)).handler(auth.required(Kind.CANDIDATE))
      .handler(csrf).handler(op(this::savePhoto));
    router.get(r + "/photo.jpg").handler(auth.required(Kind.CANDIDATE)).handler(op(this::photoImage));
    router.post(r + "/subjects").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
      .handler(op(this::saveSubjects));
    router.post(r + "/submit").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
      .handler(op(ctx -> act(ctx, registrations.submit(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id")),
        "notice.submitted")));
    router.post(r + "/cancel").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
      .handler(op(ctx -> act(ctx, registrations.cancel(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id")),
        "notice.cancelled")));
    if (waitingLists != null) {
      router.post(r + "/waitlist").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
        .handler(op(ctx -> act(ctx, waitingLists.join(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"),
          formSubject(ctx)).map(WaitingLists.Joined::registration), "notice.waitlistJoined")));
      router.post(r + "/waitlist/:subject/leave").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE))
        .handler(csrf).handler(op(ctx -> act(ctx, waitingLists.leave(Web.principal(ctx), Actor.of(ctx),
          Params.uuid(ctx, "id"), Params.matching(ctx, "subject", "[0-9]{2}")).map((Registration) null),
          "notice.waitlistLeft")));
      router.post(r + "/waitlist/:subject/accept").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE))
        .handler(csrf).handler(op(ctx -> act(ctx, waitingLists.accept(Web.principal(ctx), Actor.of(ctx),
          Params.uuid(ctx, "id"), Params.matching(ctx, "subject", "[0-9]{2}")), "notice.waitlistAccepted")));
    }
    router.get(r + "/center").handler(auth.required(Kind.CANDIDATE)).handler(op(this::centerPage));
    router.post(r + "/center").handler(BodyLimits.form()).handler(auth.required(Kind.CANDIDATE)).handler(csrf)
      .handler(op(this::changeCenter));
  }

  private static String formSubject(RoutingContext ctx) {
    String subject = ctx.request().getFormAttribute("subject");
    if (subject == null || !subject.matches("[0-9]{2}")) {
      throw org.ncrebm.platform.AppException.field(org.ncrebm.platform.ErrorCode.VALIDATION_FAILED, "subject",
        "catalog.subjectCode");
    }
    return subject;
  }

  /** Everything about the registration on one page, as the handbook's overview. */
  private Future<Void> overview(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r).compose(model -> {
      String notice = ctx.request().getParam("notice");
      if (notice != null && notice.matches("notice\\.[A-Za-z]+")) model.put("notice", notice);
      return pages.render(ctx, 200, "registration/overview", model);
    }));
  }

  /** The page model of a registration: its session, center, seats, fee and what the candidate may do next. */
  Future<Map<String, Object>> model(RoutingContext ctx, Registration r) {
    Future<List<WaitingLists.Entry>> waiting = waitingLists == null ? Future.succeededFuture(List.of())
      : waitingLists.entriesOf(r.id());
    return Future.all(List.of(catalog.session(r.examSessionId()), catalog.center(r.centerId()),
        catalog.window(r.examSessionId(), r.provinceCode()), orders.apply(r.id()), waiting))
      .map(all -> {
        ExamSession s = all.resultAt(0);
        Center c = all.resultAt(1);
        var w = (org.ncrebm.catalog.Catalog.Window) all.resultAt(2);
        Map<String, Object> m = pages.model(ctx);
        JsonObject json = RegistrationJson.of(r, s, registrations.idNumber(r));
        m.put("r", json.getMap());
        m.put("session", Map.of("id", s.id(), "name", s.name()));
        m.put("center", Map.of("id", c.id(), "name", c.name(), "address", c.address(), "review", c.reviewRequired(),
          "classRequired", c.classRequired(), "maxSubjects", c.maxSubjects()));
        List<Map<String, Object>> offered = new ArrayList<>();
        c.capacities().forEach(k -> {
          var sub = s.subject(k.subjectCode());
          offered.add(Map.of("code", k.subjectCode(), "name", sub == null ? "" : sub.name(),
            "feeFen", sub == null ? 0 : sub.feeFen(), "remaining", k.remaining(),
            "held", r.subjectCodes().contains(k.subjectCode())));
        });
        m.put("offered", offered);
        m.put("editable", r.status().editable());
        m.put("windowOpen", w.open(catalog.now()));
        m.put("cancellable", !r.status().ended() && r.status() != Registration.Status.PAID);
        if (r.holdExpiresAt() != null) {
          long minutes = Math.max(0, Duration.between(catalog.now(), r.holdExpiresAt()).toMinutes());
          m.put("hold", Map.of("until", Times.display(r.holdExpiresAt()), "minutes", minutes));
        }
        m.put("amountYuan", String.format("%.2f", json.getInteger("amountFen") / 100.0));
        List<Object> orderRows = new ArrayList<>();
        ((io.vertx.core.json.JsonArray) all.resultAt(3)).forEach(o -> orderRows.add(((JsonObject) o).getMap()));
        m.put("orders", orderRows);
        if (waitingLists != null) {
          m.put("waitlist", WaitlistModel.of(all.resultAt(4), offered, r, w.open(catalog.now())));
        }
        return m;
      });
  }

  private Future<Void> profilePage(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r)).compose(model -> {
      JsonObject profile = (JsonObject) ((Map<?, ?>) model.get("r")).get("profile");
      Map<String, String> values = new HashMap<>();
      profile.forEach(e -> {
        if (e.getValue() != null) values.put(e.getKey(), String.valueOf(e.getValue()));
      });
      model.put("values", values);
      putChoices(model);
      return pages.render(ctx, 200, "registration/profile", model);
    });
  }

  private Future<Void> saveProfile(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    JsonObject form = Pages.form(ctx, PROFILE_FIELDS);
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r)).compose(model -> {
      putChoices(model);
      Future<Void> action = registrations.updateProfile(Web.principal(ctx), Actor.of(ctx), id, form)
        .compose(r -> Web.redirect(ctx, r.photoPresent() ? "/bm/r/" + id + "?notice=notice.profileSaved"
          : "/bm/r/" + id + "/photo"));
      return pages.submit(ctx, "registration/profile", model, Pages.echo(form), action);
    });
  }

  private static void putChoices(Map<String, Object> model) {
    model.put("ethnicities", ProfileInput.ETHNICITIES);
    model.put("educations", ProfileInput.EDUCATIONS);
    model.put("occupations", ProfileInput.OCCUPATIONS);
  }

  private Future<Void> photoPage(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r))
      .compose(model -> pages.render(ctx, 200, "registration/photo", model));
  }

  private Future<Void> savePhoto(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r)).compose(model -> {
      Future<Void> action = RegistrationRoutes.upload(ctx)
        .compose(bytes -> registrations.savePhoto(Web.principal(ctx), Actor.of(ctx), id, bytes))
        .compose(r -> Web.redirect(ctx, "/bm/r/" + id + "?notice=notice.photoSaved"));
      return pages.submit(ctx, "registration/photo", model, Map.of(), action);
    });
  }

  private Future<Void> photoImage(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return registrations.own(Web.principal(ctx), id).compose(r -> registrations.photo(id))
      .compose(jpeg -> RegistrationRoutes.sendPhoto(ctx, jpeg));
  }

  private Future<Void> saveSubjects(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    List<String> codes = ctx.request().formAttributes().getAll("subject").stream()
      .filter(c -> c.matches("[0-9]{2}")).toList();
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r)).compose(model -> {
      Future<Void> action = registrations.chooseSubjects(Web.principal(ctx), Actor.of(ctx), id, codes,
        org.ncrebm.queue.Admissions.of(ctx))
        .compose(r -> Web.redirect(ctx, "/bm/r/" + id + "?notice=notice.subjectsSaved"));
      return pages.submit(ctx, "registration/overview", model, Map.of(), action);
    });
  }

  /** Submit or cancel from the overview; a refusal re-renders the overview with its reasons. */
  private Future<Void> act(RoutingContext ctx, Future<Registration> action, String notice) {
    UUID id = Params.uuid(ctx, "id");
    Future<Void> done = action.compose(r -> Web.redirect(ctx, "/bm/r/" + id + "?notice=" + notice));
    return done.recover(err -> registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r))
      .compose(model -> pages.submit(ctx, "registration/overview", model, Map.of(), Future.failedFuture(err))));
  }

  private Future<Void> centerPage(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r).compose(model ->
      catalog.centers(r.examSessionId(), r.provinceCode()).compose(centers -> {
        List<Map<String, Object>> rows = new ArrayList<>();
        centers.stream().filter(c -> c.id() != r.centerId()).forEach(c -> {
          boolean fits = r.subjectCodes().stream().allMatch(code -> c.capacity(code) != null
            && c.capacity(code).remaining() > 0);
          rows.add(Map.of("id", c.id(), "name", c.name(), "address", c.address(), "review", c.reviewRequired(),
            "fits", fits));
        });
        model.put("centers", rows);
        return pages.render(ctx, 200, "registration/center", model);
      })));
  }

  private Future<Void> changeCenter(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    long target;
    try {
      target = Long.parseLong(String.valueOf(ctx.request().getFormAttribute("center")));
    } catch (NumberFormatException e) {
      target = -1;
    }
    long centerId = target;
    return registrations.own(Web.principal(ctx), id).compose(r -> model(ctx, r)).compose(model ->
      catalog.centers(((Number) ((Map<?, ?>) model.get("session")).get("id")).longValue(),
        (String) ((Map<?, ?>) model.get("r")).get("provinceCode")).compose(centers -> {
          List<Map<String, Object>> rows = new ArrayList<>();
          centers.forEach(c -> rows.add(Map.of("id", c.id(), "name", c.name(), "address", c.address(),
            "review", c.reviewRequired(), "fits", true)));
          model.put("centers", rows);
          Future<Void> action = registrations.changeCenter(Web.principal(ctx), Actor.of(ctx), id, centerId,
            org.ncrebm.queue.Admissions.of(ctx))
            .compose(r -> Web.redirect(ctx, "/bm/r/" + id + "?notice=notice.centerChanged"));
          return pages.submit(ctx, "registration/center", model, Map.of(), action);
        }));
  }
}
