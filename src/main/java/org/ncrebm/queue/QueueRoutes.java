package org.ncrebm.queue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.auth.StaffRole;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import static org.ncrebm.platform.web.Web.op;

/**
 * The waiting room's API: candidates enter and read their entry; national and province offices set a window's room
 * up and read its figures (role and province scope checked first, as on every staff route).
 */
public final class QueueRoutes {
  static final String PROVINCE = "[1-8][0-9]";
  private final QueueService queue;
  private final Authenticator auth;

  public QueueRoutes(QueueService queue, Authenticator auth) {
    this.queue = queue;
    this.auth = auth;
  }

  public void mount(Router router) {
    String path = "/api/v1/exam-sessions/:sid/provinces/:code/queue";
    router.post(path).handler(BodyLimits.json()).handler(auth.required(Kind.CANDIDATE)).handler(op(this::enter));
    router.get(path).handler(auth.required(Kind.CANDIDATE)).handler(op(this::entry));
    String staff = "/api/v1/staff/exam-sessions/:sid/provinces/:code/waiting-room";
    router.get(staff).handler(auth.required(Kind.STAFF)).handler(op(this::room));
    router.put(staff).handler(BodyLimits.json()).handler(auth.required(Kind.STAFF)).handler(op(this::configure));
  }

  private Future<Void> enter(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "code", PROVINCE);
    return queue.enter(Web.principal(ctx).accountId(), sid, code).compose(e -> answer(ctx, e));
  }

  private Future<Void> entry(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    String code = Params.matching(ctx, "code", PROVINCE);
    return queue.entry(Web.principal(ctx).accountId(), sid, code).compose(e -> answer(ctx, e));
  }

  private static Future<Void> answer(RoutingContext ctx, QueueEntry e) {
    ctx.response().putHeader("Cache-Control", "no-store");
    return Web.json(ctx, 200, e.json());
  }

  /** National admins and the province's own office; 403 before anything is read. */
  private static String province(RoutingContext ctx) {
    Principal p = Access.requireRole(ctx, StaffRole.NATIONAL_ADMIN, StaffRole.PROVINCE_ADMIN);
    String code = Params.matching(ctx, "code", PROVINCE);
    Access.requireProvince(p, code);
    return code;
  }

  private Future<Void> room(RoutingContext ctx) {
    String code = province(ctx);
    long sid = Params.id(ctx, "sid");
    return queue.room(sid, code).compose(room -> roomJson(room)).compose(json -> Web.json(ctx, 200, json));
  }

  private Future<Void> configure(RoutingContext ctx) {
    String code = province(ctx);
    long sid = Params.id(ctx, "sid");
    WaitingRoom.Settings settings = QueueInput.settings(JsonInput.of(ctx));
    return queue.configure(Actor.of(ctx), sid, code, settings).compose(this::roomJson)
      .compose(json -> Web.json(ctx, 200, json));
  }

  private Future<JsonObject> roomJson(WaitingRoom room) {
    return queue.stats(room).map(stats -> new JsonObject().put("waitingRoom", room.json()).put("stats", stats.json()));
  }
}
