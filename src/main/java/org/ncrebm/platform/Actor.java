package org.ncrebm.platform;

import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.web.Web;

/** Who did something, for the audit log: a candidate, a staff member, the system (jobs) or a payment gateway. */
public record Actor(String kind, String id, String role, String requestId, String ip) {

  public static Actor of(RoutingContext ctx) {
    Principal p = Web.principal(ctx);
    if (p == null) {
      return new Actor("CANDIDATE", null, null, Web.requestId(ctx), Web.clientIp(ctx));
    }
    return new Actor(p.kind().name(), p.accountId(), p.role(), Web.requestId(ctx), Web.clientIp(ctx));
  }

  /** An anonymous caller about to become a candidate (registration, password reset). */
  public static Actor candidate(RoutingContext ctx, String accountId) {
    return new Actor("CANDIDATE", accountId, null, Web.requestId(ctx), Web.clientIp(ctx));
  }

  public static Actor system(String job) {
    return new Actor("SYSTEM", job, null, null, null);
  }

  public static Actor gateway(String gateway) {
    return new Actor("GATEWAY", gateway, null, null, null);
  }
}
