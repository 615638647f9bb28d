package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.regex.Pattern;

import static org.ncrebm.platform.web.Web.op;

/** The ticket part of the JSON API: plans and arrangement for staff, tickets for candidates, verification. */
public final class TicketRoutes {
  private static final Pattern SUBJECT = Pattern.compile("^[0-9]{2}$");
  private final TicketService tickets;
  private final Authenticator auth;

  public TicketRoutes(TicketService tickets, Authenticator auth) {
    this.tickets = tickets;
    this.auth = auth;
  }

  public void mount(Router router) {
    String center = "/api/v1/staff/exam-sessions/:sid/centers/:cid";
    router.get(center + "/ticket-plan").handler(auth.required(Kind.STAFF)).handler(op(this::plan));
    router.put(center + "/ticket-plan").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::savePlan));
    router.post(center + "/arrangement").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::arrange));
    router.get(center + "/arrangement").handler(auth.required(Kind.STAFF)).handler(op(this::arrangementStatus));
    router.post("/api/v1/staff/exam-sessions/:sid/provinces/:code/arrangement").handler(BodyLimits.json())
      .handler(auth.required(Kind.STAFF)).handler(op(this::arrangeProvince));
    router.get("/api/v1/registrations/:id/ticket").handler(auth.required(Kind.CANDIDATE)).handler(op(this::ticket));
    router.get("/api/v1/registrations/:id/ticket.pdf").handler(auth.required(Kind.CANDIDATE)).handler(op(this::pdf));
    router.post("/api/v1/tickets/verify").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::verify));
    router.get("/api/v1/tickets/public-key").handler(op(this::publicKey));
  }

  private Future<Void> plan(RoutingContext ctx) {
    return tickets.plan(Access.staff(ctx), Params.id(ctx, "sid"), Params.id(ctx, "cid"))
      .compose(plan -> Web.json(ctx, 200, plan.toJson()));
  }

  private Future<Void> savePlan(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx);
    return tickets.savePlan(Access.staff(ctx), Actor.of(ctx), Params.id(ctx, "sid"), Params.id(ctx, "cid"), in)
      .compose(plan -> Web.json(ctx, 200, plan.toJson()));
  }

  private Future<Void> arrange(RoutingContext ctx) {
    long sid = Params.id(ctx, "sid");
    long cid = Params.id(ctx, "cid");
    return tickets.startArrangement(Access.staff(ctx), Actor.of(ctx), sid, cid)
      .compose(v -> Web.json(ctx, 202, new JsonObject().put("centerId", cid).put("status", "STARTED")
        .put("statusUrl", "/api/v1/staff/exam-sessions/" + sid + "/centers/" + cid + "/arrangement")));
  }

  private Future<Void> arrangementStatus(RoutingContext ctx) {
    return tickets.arrangementStatus(Access.staff(ctx), Params.id(ctx, "sid"), Params.id(ctx, "cid"))
      .compose(run -> Web.json(ctx, 200, run));
  }

  private Future<Void> arrangeProvince(RoutingContext ctx) {
    String code = Params.matching(ctx, "code", "^[1-8][0-9]$");
    return tickets.startProvinceArrangement(Access.staff(ctx), Actor.of(ctx), Params.id(ctx, "sid"), code)
      .compose(n -> Web.json(ctx, 202, new JsonObject().put("provinceCode", code).put("centers", n)
        .put("status", "STARTED")));
  }

  private Future<Void> ticket(RoutingContext ctx) {
    return tickets.mine(Web.principal(ctx), Params.uuid(ctx, "id")).compose(mine -> {
      JsonArray list = new JsonArray();
      mine.tickets().forEach(t -> list.add(json(mine, t).put("qrToken", tickets.token(mine, t))));
      JsonObject first = list.getJsonObject(0).copy();
      first.remove("qrToken");
      return Web.json(ctx, 200, first.put("registrationId", mine.registration().id().toString())
        .put("name", mine.registration().profile().name()).put("idNumber", mine.registration().idMasked())
        .put("examSession", mine.session().name()).put("tickets", list));
    });
  }

  static JsonObject json(TicketService.CandidateTickets mine, TicketRepository.TicketView t) {
    var subject = mine.session().subject(t.subjectCode());
    return new JsonObject().put("ticketNumber", t.ticketNumber()).put("subjectCode", t.subjectCode())
      .put("subjectName", subject == null ? "" : subject.name()).put("slot", t.slot()).put("room", t.room())
      .put("roomLocation", t.roomLocation()).put("seat", t.seat()).put("examStart", Times.iso(t.examStart()))
      .put("examEnd", Times.iso(t.examEnd())).put("centerName", mine.center().name())
      .put("centerAddress", mine.center().address());
  }

  private Future<Void> pdf(RoutingContext ctx) {
    String subject = ctx.request().getParam("subject");
    if (subject != null && !SUBJECT.matcher(subject).matches()) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "subject", "ticket.subject");
    }
    return tickets.pdf(Web.principal(ctx), Params.uuid(ctx, "id"), subject)
      .compose(pdf -> ctx.response().putHeader("Content-Type", "application/pdf")
        .putHeader("Content-Disposition", "inline; filename=\"ticket.pdf\"")
        .putHeader("Cache-Control", "private, no-store").end(Buffer.buffer(pdf)));
  }

  private Future<Void> verify(RoutingContext ctx) {
    Access.staff(ctx);
    JsonInput in = JsonInput.of(ctx);
    String token = in.string("token", 2048);
    Long sid = in.longValue("examSessionId", 1, Long.MAX_VALUE, true);
    in.done();
    return tickets.verify(token, sid).compose(answer -> Web.json(ctx, 200, answer));
  }

  private Future<Void> publicKey(RoutingContext ctx) {
    return Web.json(ctx, 200, new JsonObject().put("algorithm", TicketSigner.ALGORITHM)
      .put("issuer", TicketClaims.ISSUER).put("publicKey", tickets.signer().publicKeyPem()));
  }
}
