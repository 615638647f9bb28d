package org.ncrebm.registration;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.ncrebm.platform.web.Web.op;

/** The candidate's registration API (api.md "Registration"), each route on the caller's own registration only. */
public final class RegistrationRoutes {
  /** Above the 200 KB photo limit so oversized photos get a reason, not a bare 413; beyond this, 413. */
  public static final int PHOTO_BODY_LIMIT = 1536 * 1024;
  private final RegistrationService registrations;
  private final CatalogService catalog;
  private final Authenticator auth;
  private final String uploadsDir;
  private java.util.function.Function<UUID, Future<JsonArray>> orders = id -> Future.succeededFuture(new JsonArray());

  /** Lets the payment context fill the registration's {@code orders} (this context knows nothing of money). */
  public RegistrationRoutes withOrders(java.util.function.Function<UUID, Future<JsonArray>> orders) {
    this.orders = orders;
    return this;
  }

  public RegistrationRoutes(RegistrationService registrations, CatalogService catalog, Authenticator auth,
                            String uploadsDir) {
    this.registrations = registrations;
    this.catalog = catalog;
    this.auth = auth;
    this.uploadsDir = uploadsDir;
  }

  public void mount(Router router) {
    String base = "/api/v1/registrations";
    // The spike's hold first: the router tries each route's path in order (a regex for those with a parameter), and
    // its path overlaps no other one here
    router.put(base + "/:id/subjects").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::subjects));
    router.post(base).handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE)).handler(op(this::start));
    router.get(base).handler(auth.required(Kind.CANDIDATE)).handler(op(this::list));
    router.get(base + "/:id").handler(auth.required(Kind.CANDIDATE)).handler(op(this::get));
    router.put(base + "/:id/profile").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::profile));
    router.put(base + "/:id/photo").handler(photoBody(uploadsDir)).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::photo));
    router.get(base + "/:id/photo").handler(auth.required(Kind.CANDIDATE)).handler(op(this::getPhoto));
    router.post(base + "/:id/submission").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::submit));
    router.post(base + "/:id/cancellation").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::cancel));
    router.post(base + "/:id/center-change").handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE))
      .handler(op(this::changeCenter));
  }

  /** Raw JPEG bodies and multipart uploads alike; multipart files land in the data directory and are deleted after. */
  public static BodyHandler photoBody(String uploadsDir) {
    return BodyHandler.create(true).setBodyLimit(PHOTO_BODY_LIMIT).setUploadsDirectory(uploadsDir)
      .setDeleteUploadedFilesOnEnd(true).setMergeFormAttributes(true);
  }

  private Future<Void> start(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    Long sid = in.longValue("examSessionId", 1, Long.MAX_VALUE, true);
    Long cid = in.longValue("centerId", 1, Long.MAX_VALUE, true);
    Boolean agreed = in.bool("agreementAccepted", true);
    String type = in.oneOf("idType", Stream.of(IdDocument.Type.values()).map(Enum::name).collect(Collectors.toSet()));
    String number = in.string("idNumber", 32);
    if (type != null && number != null) {
      String problem = IdDocument.problem(IdDocument.Type.valueOf(type), number);
      if (problem != null) in.reject("idNumber", problem);
    }
    if (Boolean.FALSE.equals(agreed)) in.reject("agreementAccepted", "registration.agreementRequired");
    in.done();
    Principal p = Web.principal(ctx);
    return registrations.start(p, Actor.of(ctx), new RegistrationService.Start(sid, cid, true,
        IdDocument.Type.valueOf(type), number), org.ncrebm.queue.Admissions.of(ctx))
      .compose(r -> respond(ctx, 201, r));
  }

  private Future<Void> list(RoutingContext ctx) {
    return registrations.mine(Web.principal(ctx)).compose(list -> Future.all(list.stream()
      .map(r -> catalog.session(r.examSessionId()).map(s -> RegistrationJson.of(r, s, null))).toList()))
      .compose(all -> Web.json(ctx, 200, new JsonArray(all.list())));
  }

  private Future<Void> get(RoutingContext ctx) {
    return registrations.own(Web.principal(ctx), Params.uuid(ctx, "id")).compose(r -> respond(ctx, 200, r));
  }

  private Future<Void> profile(RoutingContext ctx) {
    JsonObject body = JsonInput.of(ctx).raw();
    return registrations.updateProfile(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"), body)
      .compose(r -> respond(ctx, 200, r));
  }

  private Future<Void> photo(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return upload(ctx).compose(bytes -> registrations.savePhoto(Web.principal(ctx), Actor.of(ctx), id, bytes))
      .compose(r -> respond(ctx, 200, r));
  }

  /** The photo bytes of a raw body or of the multipart field {@code photo}, read without blocking. */
  public static Future<byte[]> upload(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String t = type == null ? "" : type.toLowerCase();
    if (t.startsWith("multipart/form-data")) {
      FileUpload file = ctx.fileUploads().stream().filter(f -> f.name().equals("photo")).findFirst().orElse(null);
      if (file == null) {
        return Future.failedFuture(AppException.reason(ErrorCode.PHOTO_REJECTED, "photo", "photo.missing"));
      }
      return ctx.vertx().fileSystem().readFile(file.uploadedFileName()).map(Buffer::getBytes);
    }
    if (!(t.startsWith("image/") || t.startsWith("application/octet-stream"))) {
      return Future.failedFuture(AppException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "error.UNSUPPORTED_MEDIA_TYPE.photo"));
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return Future.failedFuture(AppException.reason(ErrorCode.PHOTO_REJECTED, "photo", "photo.missing"));
    }
    return Future.succeededFuture(body.getBytes());
  }

  private Future<Void> getPhoto(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    return registrations.own(Web.principal(ctx), id).compose(r -> registrations.photo(id))
      .compose(jpeg -> sendPhoto(ctx, jpeg));
  }

  /** Photos are personal: never cached by shared caches, never sniffed as anything but a JPEG. */
  public static Future<Void> sendPhoto(RoutingContext ctx, Buffer jpeg) {
    return ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "private, no-store")
      .end(jpeg);
  }

  private Future<Void> subjects(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    JsonArray arr = in.array("subjects", 3, true);
    List<String> codes = new ArrayList<>();
    if (arr != null) {
      for (Object o : arr) {
        if (o instanceof String s && subjectCode(s)) codes.add(s);
        else in.reject("subjects", "catalog.subjectCode");
      }
    }
    in.done();
    return registrations.chooseSubjects(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"), codes,
        org.ncrebm.queue.Admissions.of(ctx))
      .compose(r -> catalog.recentSession(r.examSessionId()).map(s -> RegistrationJson.of(r, s, null)))
      .compose(json -> Web.json(ctx, 200, new JsonObject().put("subjects", json.getJsonArray("subjects"))
        .put("holdExpiresAt", json.getString("holdExpiresAt")).put("amountFen", json.getInteger("amountFen"))));
  }

  /** Two digits (checked by hand: the hot hold's every request passes here). */
  private static boolean subjectCode(String s) {
    return s.length() == 2 && s.charAt(0) >= '0' && s.charAt(0) <= '9' && s.charAt(1) >= '0' && s.charAt(1) <= '9';
  }

  private Future<Void> submit(RoutingContext ctx) {
    return registrations.submit(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"))
      .compose(r -> Web.json(ctx, 200, new JsonObject().put("status", r.status().name())
        .put("holdExpiresAt", org.ncrebm.platform.Times.iso(r.holdExpiresAt()))));
  }

  private Future<Void> cancel(RoutingContext ctx) {
    return registrations.cancel(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"))
      .compose(r -> Web.json(ctx, 200, new JsonObject().put("status", r.status().name())));
  }

  private Future<Void> changeCenter(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    Long cid = in.longValue("centerId", 1, Long.MAX_VALUE, true);
    in.done();
    return registrations.changeCenter(Web.principal(ctx), Actor.of(ctx), Params.uuid(ctx, "id"), cid,
        org.ncrebm.queue.Admissions.of(ctx))
      .compose(r -> respond(ctx, 200, r));
  }

  private Future<Void> respond(RoutingContext ctx, int status, Registration r) {
    return Future.all(catalog.session(r.examSessionId()), orders.apply(r.id()))
      .compose(both -> Web.json(ctx, status, RegistrationJson.of(r, both.resultAt(0), registrations.idNumber(r))
        .put("orders", (JsonArray) both.resultAt(1))));
  }

}
