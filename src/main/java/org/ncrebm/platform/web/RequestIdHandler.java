package org.ncrebm.platform.web;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Gives every request an id (a caller's well-formed {@code X-Request-Id} is kept) and echoes it in the response. */
public final class RequestIdHandler implements PlatformHandler {
  private static final CharSequence HEADER = io.vertx.core.http.HttpHeaders.createOptimized("X-Request-Id");
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{8,64}");
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx);
    ctx.next();
  }

  /** Gives the request its id (see {@link RequestFront}, which runs this with the other front steps). */
  static void apply(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SAFE.matcher(given).matches() ? given : newId();
    ctx.put(Web.REQUEST_ID, id);
    ctx.response().putHeader(HEADER, id);
  }

  static String newId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] c = new char[16];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }
}
