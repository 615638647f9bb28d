package org.ncrebm.queue;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Where a request carries its admission for a window: the {@code X-Admission} header (API clients) or the window's
 * admission cookie (pages; set by the waiting-room page when the candidate is admitted).
 */
@FunctionalInterface
public interface Admissions {
  String HEADER = "X-Admission";

  /** The token offered for this window, or null. */
  String token(long examSessionId, String provinceCode);

  /** Nothing offered (callers outside a request). */
  Admissions NONE = (sid, province) -> null;

  static Admissions of(RoutingContext ctx) {
    return (sid, province) -> {
      String header = ctx.request().getHeader(HEADER);
      if (header != null && !header.isBlank()) return header.trim();
      Cookie c = ctx.request().getCookie(cookieName(sid, province));
      return c == null ? null : c.getValue();
    };
  }

  static String cookieName(long sid, String province) {
    return "ncre_adm_" + sid + "_" + province;
  }
}
