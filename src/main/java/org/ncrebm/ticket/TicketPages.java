package org.ncrebm.ticket;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.web.Csrf;
import org.ncrebm.platform.web.Lang;
import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.ncrebm.platform.web.Web.op;

/**
 * The candidate's ticket page (photo, QR codes, PDF links and the instructions to candidates, in the page's
 * language) and the staff scan page.
 */
public final class TicketPages {
  private final TicketService tickets;
  private final Authenticator auth;
  private final Pages pages;
  private final Csrf csrf;

  public TicketPages(TicketService tickets, Authenticator auth, Pages pages, Csrf csrf) {
    this.tickets = tickets;
    this.auth = auth;
    this.pages = pages;
    this.csrf = csrf;
  }

  public void mount(Router router) {
    router.get("/bm/r/:id/ticket").handler(auth.required(Kind.CANDIDATE)).handler(op(this::ticketPage));
    router.get("/staff/tickets/scan").handler(auth.required(Kind.STAFF)).handler(op(this::scanPage));
    router.post("/staff/tickets/scan").handler(BodyLimits.form()).handler(auth.required(Kind.STAFF)).handler(csrf)
      .handler(op(this::scan));
  }

  private Future<Void> ticketPage(RoutingContext ctx) {
    UUID id = Params.uuid(ctx, "id");
    Map<String, Object> model = pages.model(ctx);
    model.put("registrationId", id.toString());
    return tickets.mine(Web.principal(ctx), id).compose(mine -> {
      List<Future<Map<String, Object>>> items = new ArrayList<>();
      mine.tickets().forEach(t -> {
        Map<String, Object> item = TicketRoutes.json(mine, t).getMap();
        item.put("when", Times.display(t.examStart()).substring(0, 16) + " – "
          + Times.display(t.examEnd()).substring(11, 16));
        items.add(tickets.pdfs().qrPng(tickets.token(mine, t)).map(png -> {
          item.put("qr", "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
          return item;
        }));
      });
      return Future.all(items).compose(all -> {
        model.put("tickets", all.list());
        model.put("name", mine.registration().profile().name());
        model.put("idNumber", mine.registration().idMasked());
        Lang lang = Web.lang(ctx);
        model.put("session", lang == Lang.EN && !mine.session().nameEn().isBlank() ? mine.session().nameEn()
          : mine.session().name());
        // The registration's own photo route checks the owner again: the same image the center reviewed.
        model.put("photo", "/bm/r/" + id + "/photo.jpg");
        model.put("rules", ExamRules.of(lang));
        return pages.render(ctx, 200, "ticket/ticket", model);
      });
    }).recover(err -> {
      // Outside the print window or not arranged yet: the page says so, with the dates, instead of an error page.
      if (err instanceof AppException e && (e.code() == ErrorCode.WINDOW_CLOSED || e.code() == ErrorCode.INVALID_STATE)) {
        model.put("unavailable", pages.t(ctx, e.messageKey(), e.args().toArray()));
        return pages.render(ctx, 200, "ticket/ticket", model);
      }
      return Future.failedFuture(err);
    });
  }

  private Future<Void> scanPage(RoutingContext ctx) {
    Access.staff(ctx);
    Map<String, Object> model = pages.model(ctx);
    model.put("token", "");
    model.put("examSessionId", "");
    return pages.render(ctx, 200, "ticket/scan", model);
  }

  private Future<Void> scan(RoutingContext ctx) {
    Access.staff(ctx);
    String token = ctx.request().getFormAttribute("token");
    String session = ctx.request().getFormAttribute("examSessionId");
    Map<String, Object> model = pages.model(ctx);
    model.put("token", token == null ? "" : token.strip());
    model.put("examSessionId", session == null ? "" : session.strip());
    long sid;
    try {
      sid = Long.parseLong(session == null ? "" : session.strip());
    } catch (NumberFormatException e) {
      model.put("formError", pages.t(ctx, "ticket.scan.session"));
      return pages.render(ctx, 400, "ticket/scan", model);
    }
    return tickets.verify(token == null ? "" : token.strip(), sid).compose(answer -> {
      model.put("result", answer.getMap());
      return pages.render(ctx, 200, "ticket/scan", model);
    });
  }
}
