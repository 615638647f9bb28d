package org.ncrebm.platform.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The one failure path: every failure becomes the error vocabulary of api.md, as a JSON problem body for API
 * callers or an HTML page for people, in their language, logged once with the request id. Never a stack trace.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final int MAX_BODIES = 2_000;
  private final I18n i18n;
  private final Pages pages;
  private final java.util.concurrent.ConcurrentHashMap<BodyKey, io.vertx.core.buffer.Buffer> bodies =
    new java.util.concurrent.ConcurrentHashMap<>();

  public FailureHandler(I18n i18n, Pages pages) {
    this.i18n = i18n;
    this.pages = pages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().closed() && !ctx.response().ended()) {
      // The client went away first (a closed tab, a load generator stopping): nobody to answer, and not our bug.
      LOG.info("rid={} {} {}: the client closed the connection before the answer ({})", Web.requestId(ctx),
        ctx.request().method(), Web.path(ctx), ctx.failure() == null ? "status " + ctx.statusCode()
          : ctx.failure().getMessage());
      return;
    }
    AppException e = classify(ctx.failure(), ctx.statusCode());
    if (e.code() == ErrorCode.INTERNAL) {
      LOG.error("rid={} {} {} failed", Web.requestId(ctx), ctx.request().method(), Web.path(ctx), ctx.failure());
    } else if (e.code() == ErrorCode.OVERLOADED) {
      LOG.warn("rid={} {} {} shed: {}", Web.requestId(ctx), ctx.request().method(), Web.path(ctx),
        ctx.failure() == null ? "status " + ctx.statusCode() : ctx.failure().toString());
    }
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    if (e.retryAfterSeconds() > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
    Lang lang = Web.lang(ctx);
    if (Web.wantsJson(ctx)) {
      ctx.response().setStatusCode(e.code().status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Web.JSON_TYPE_HEADER)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .end(encodedProblem(e, lang));
      return;
    }
    if (e.code() == ErrorCode.UNAUTHENTICATED) {
      Principal.Kind kind = ctx.get("loginKind");
      String login = kind == Principal.Kind.STAFF ? "/staff/login" : "/passport/login";
      String next = ctx.request().method().name().equals("GET") ? ctx.request().uri() : "/";
      Web.redirect(ctx, login + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      return;
    }
    if (e.seeOther() != null) {
      Web.redirect(ctx, e.seeOther());
      return;
    }
    try {
      Map<String, Object> model = pages.model(ctx);
      model.put("status", e.code().status());
      model.put("code", e.code().name());
      model.put("message", i18n.t(lang, e.messageKey(), e.args()));
      Map<String, String> fields = new HashMap<>();
      e.fields().forEach((f, m) -> fields.put(f, i18n.t(lang, m)));
      model.put("fields", fields);
      pages.render(ctx, e.code().status(), "platform/error", model);
    } catch (RuntimeException renderFailure) {
      LOG.error("rid={} error page failed", Web.requestId(ctx), renderFailure);
      ctx.response().setStatusCode(e.code().status()).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(i18n.t(lang, e.messageKey(), e.args()));
    }
  }

  /**
   * A request Netty's HTTP decoder could not read (a header or request line over the limits, a broken request
   * line). The server closes the connection after this answer, so it says so: a client that reused the connection
   * would otherwise send its next request into a closed socket. The API's error shape, in the default language
   * (the request's own headers are not to be trusted).
   */
  public void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    int status = 400;
    String key = "error.badRequest";
    if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
      boolean line = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException;
      status = line ? 414 : 431;
      key = line ? "error.uriTooLong" : "error.headersTooLarge";
    }
    LOG.info("{} {}: unreadable request ({})", request.method(), status, cause == null ? "no cause" : cause.toString());
    AppException e = AppException.of(ErrorCode.VALIDATION_FAILED, key);
    LingeringClose.arm(request);
    request.response().setStatusCode(status)
      .putHeader(HttpHeaders.CONTENT_TYPE, Web.JSON_TYPE)
      .putHeader(HttpHeaders.CONNECTION, "close")
      .end(problem(e, Lang.ZH).encode());
  }

  /**
   * The JSON error body, encoded once per failure and language: the spike answers the same few (sold out, rate
   * limited) tens of thousands of times a minute. The body is a function of the failure's code, message, arguments,
   * field errors and details alone; bodies over 1 KiB and the cache past {@link #MAX_BODIES} are encoded each time.
   */
  private io.vertx.core.buffer.Buffer encodedProblem(AppException e, Lang lang) {
    BodyKey key = new BodyKey(e.code(), e.messageKey(), e.args(), e.fields(), e.details(), lang);
    io.vertx.core.buffer.Buffer known = bodies.get(key);
    if (known != null) return known;
    io.vertx.core.buffer.Buffer body = problem(e, lang).toBuffer();
    if (body.length() <= 1024 && bodies.size() < MAX_BODIES) bodies.putIfAbsent(key, body);
    return body;
  }

  private record BodyKey(ErrorCode code, String messageKey, java.util.List<Object> args,
                         Map<String, AppException.Message> fields, Map<String, String> details, Lang lang) {
  }

  public JsonObject problem(AppException e, Lang lang) {
    JsonObject error = new JsonObject().put("code", e.code().name()).put("message", i18n.t(lang, e.messageKey(), e.args()));
    if (!e.fields().isEmpty()) {
      JsonObject fields = new JsonObject();
      e.fields().forEach((f, m) -> fields.put(f, i18n.t(lang, m)));
      error.put("fields", fields);
    }
    e.details().forEach(error::put);
    return new JsonObject().put("error", error);
  }

  /** Maps anything that failed a route onto the error vocabulary. */
  public static AppException classify(Throwable t, int status) {
    if (t instanceof AppException app) {
      return app;
    }
    if (t instanceof HttpException http) {
      return byStatus(http.getStatusCode());
    }
    if (t instanceof DecodeException) {
      return AppException.of(ErrorCode.VALIDATION_FAILED, "error.malformedJson");
    }
    if (t != null && tooLongForm(t)) {
      return AppException.of(ErrorCode.PAYLOAD_TOO_LARGE);
    }
    if (t != null && malformedBody(t)) {
      return AppException.of(ErrorCode.VALIDATION_FAILED, "error.malformedBody");
    }
    if (t instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      // Class 22 is "data exception": a value the database cannot take (a NUL byte, an out-of-range number) that
      // input checks let through. It is the caller's input, so 400; the transaction rolled back, nothing changed.
      return AppException.of(ErrorCode.VALIDATION_FAILED, "error.badRequest");
    }
    if (t != null && unavailable(t)) {
      return AppException.retryLater(ErrorCode.OVERLOADED, 2);
    }
    if (t == null) {
      return byStatus(status);
    }
    return AppException.of(ErrorCode.INTERNAL);
  }

  private static AppException byStatus(int status) {
    return switch (status) {
      case 400 -> AppException.of(ErrorCode.VALIDATION_FAILED, "error.badRequest");
      case 401 -> AppException.of(ErrorCode.UNAUTHENTICATED);
      case 403 -> AppException.of(ErrorCode.FORBIDDEN);
      case 404 -> AppException.notFound();
      case 405 -> AppException.of(ErrorCode.METHOD_NOT_ALLOWED);
      case 413 -> AppException.of(ErrorCode.PAYLOAD_TOO_LARGE);
      case 415 -> AppException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
      case 429 -> AppException.retryLater(ErrorCode.RATE_LIMITED, 1);
      case 503 -> AppException.retryLater(ErrorCode.OVERLOADED, 2);
      default -> AppException.of(ErrorCode.INTERNAL);
    };
  }

  /** A form field or form longer than the server takes (Netty's form decoder refuses it while decoding). */
  static boolean tooLongForm(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String name = c.getClass().getName();
      if (name.endsWith("HttpPostRequestDecoder$TooLongFormFieldException")
        || name.endsWith("HttpPostRequestDecoder$TooManyFormFieldsException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A body or query string the HTTP codec cannot decode: a broken multipart or URL-encoded form, a stray '%', an
   * empty field name. Netty reports these as its decoder exceptions or as IllegalArgumentException thrown from its
   * HTTP codec, which is the caller's malformed input and not a failure of ours.
   */
  static boolean malformedBody(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")) {
        return true;
      }
      if (c instanceof IllegalArgumentException) {
        StackTraceElement[] stack = c.getStackTrace();
        for (int i = 0; i < Math.min(stack.length, 8); i++) {
          String frame = stack[i].getClassName();
          if (frame.startsWith("io.netty.handler.codec.http.")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * Infrastructure that is full or briefly gone (pool wait queue full, connection refused, reset or broken, Postgres
   * shutting down or out of resources, serialization conflicts): the caller should retry, so 503 + Retry-After, not 500.
   */
  static boolean unavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PgException pg && pg.getSqlState() != null) {
        String s = pg.getSqlState();
        if (s.startsWith("08") || s.startsWith("53") || s.startsWith("57P") || s.equals("40001") || s.equals("40P01")) {
          return true;
        }
      }
      if (c instanceof java.nio.channels.ClosedChannelException) {
        return true; // a pooled connection whose server went away mid-request (Netty's stackless variant too)
      }
      String name = c.getClass().getSimpleName();
      String msg = c.getMessage() == null ? "" : c.getMessage().toLowerCase();
      if (name.contains("TooBusy") || name.equals("ClosedConnectionException") || name.contains("ConnectException")
        || name.contains("ConnectTimeout") || name.equals("NoStackTraceTimeoutException")
        // a client's own timeout waiting for a pooled connection or a reply ("Timeout"), seen under load (issue 9)
        || (name.equals("NoStackTraceThrowable") && msg.equals("timeout"))
        || msg.contains("wait queue") || msg.contains("timeout waiting for connection") || msg.contains("connection refused") || msg.contains("connection reset")
        || msg.contains("connection is closed") || msg.contains("connection closed") || msg.contains("loading the dataset")
        // a write to a connection Postgres or Redis has just dropped, before the client has seen it close
        || (c instanceof java.io.IOException && msg.contains("broken pipe"))
        // Redis Cluster between states: no quorum for a slot, a failover or a resharding under way
        || msg.contains("clusterdown") || msg.contains("masterdown") || msg.contains("tryagain")
        || msg.contains("connection is not active") || msg.contains("terminating connection")) {
        return true;
      }
    }
    return false;
  }
}
