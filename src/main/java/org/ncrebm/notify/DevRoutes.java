package org.ncrebm.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Pages;
import org.ncrebm.platform.web.Web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.ncrebm.platform.web.Web.op;

/**
 * Dev and test profiles only (never mounted in production): the outbox as JSON and as a page, and the SMS sink,
 * which checks the gateway signature like a provider would and files the message in the outbox.
 */
public final class DevRoutes {
  private final DevOutbox outbox;
  private final Pages pages;
  private final String smsKey;

  public DevRoutes(DevOutbox outbox, Pages pages, String smsKey) {
    this.outbox = outbox;
    this.pages = pages;
    this.smsKey = smsKey;
  }

  public void mount(Router router) {
    router.get("/dev/outbox").handler(op(this::outboxJson));
    router.get("/dev/mail").handler(op(this::outboxPage));
    router.post("/dev/sms-gateway").handler(BodyLimits.json()).handler(op(this::receiveSms));
  }

  private Future<Void> outboxJson(RoutingContext ctx) {
    String to = ctx.request().getParam("to");
    if (to == null || to.isBlank() || to.length() > 254) {
      throw AppException.field(ErrorCode.VALIDATION_FAILED, "to", "validation.required");
    }
    return outbox.read(to).compose(messages -> Web.json(ctx, 200,
      new JsonObject().put("to", to.trim()).put("messages", messages)));
  }

  private Future<Void> outboxPage(RoutingContext ctx) {
    String to = ctx.request().getParam("to");
    Map<String, Object> model = pages.model(ctx);
    model.put("to", to == null ? "" : to);
    Future<JsonArray> messages = to == null || to.isBlank() || to.length() > 254
      ? Future.succeededFuture(new JsonArray()) : outbox.read(to);
    return messages.compose(list -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      list.forEach(o -> rows.add(((JsonObject) o).getMap()));
      model.put("messages", rows);
      return pages.render(ctx, 200, "dev/mail", model);
    });
  }

  private Future<Void> receiveSms(RoutingContext ctx) {
    String body = ctx.body().asString("UTF-8");
    String expected = HttpSmsGateway.sign(smsKey, header(ctx, "X-Timestamp"), header(ctx, "X-Nonce"), body == null ? "" : body);
    String given = header(ctx, "X-Signature");
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      throw AppException.of(ErrorCode.FORBIDDEN);
    }
    JsonObject sms = ctx.body().asJsonObject();
    return outbox.store("sms", sms.getString("mobile"), "", sms.getString("text"))
      .compose(v -> Web.json(ctx, 200, new JsonObject().put("status", "queued")));
  }

  private static String header(RoutingContext ctx, String name) {
    String v = ctx.request().getHeader(name);
    return v == null ? "" : v;
  }
}
