package org.ncrebm.platform.auth;

import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.web.Web;

import java.util.Arrays;

/**
 * Role and scope checks for staff routes, always on the server: the national office reaches everything, a province
 * office its province, center staff their center (by province and center code). Failing a check is {@code 403}.
 */
public final class Access {
  private Access() {
  }

  /** The staff caller of an authenticated staff route. */
  public static Principal staff(RoutingContext ctx) {
    Principal p = Web.principal(ctx);
    if (p == null || !p.staff()) {
      throw AppException.of(ErrorCode.UNAUTHENTICATED);
    }
    return p;
  }

  public static StaffRole role(Principal p) {
    return StaffRole.of(p.role());
  }

  public static Principal requireRole(RoutingContext ctx, StaffRole... roles) {
    Principal p = staff(ctx);
    if (!Arrays.asList(roles).contains(role(p))) {
      throw AppException.of(ErrorCode.FORBIDDEN);
    }
    return p;
  }

  /** National admins, and province admins of this province. */
  public static void requireProvince(Principal p, String provinceCode) {
    StaffRole r = role(p);
    if (r == StaffRole.NATIONAL_ADMIN) return;
    if (r == StaffRole.PROVINCE_ADMIN && provinceCode != null && provinceCode.equals(p.provinceCode())) return;
    throw AppException.of(ErrorCode.FORBIDDEN);
  }

  /** National admins, admins of the center's province, and the center's own staff. */
  public static void requireCenter(Principal p, String provinceCode, String centerCode) {
    if (canSeeCenter(p, provinceCode, centerCode)) return;
    throw AppException.of(ErrorCode.FORBIDDEN);
  }

  public static boolean canSeeCenter(Principal p, String provinceCode, String centerCode) {
    StaffRole r = role(p);
    if (r == StaffRole.NATIONAL_ADMIN) return true;
    if (r == StaffRole.PROVINCE_ADMIN) return provinceCode.equals(p.provinceCode());
    return r == StaffRole.CENTER_STAFF && provinceCode.equals(p.provinceCode()) && centerCode.equals(p.centerCode());
  }

  /** The province a caller is confined to (null for national admins). */
  public static String provinceScope(Principal p) {
    return role(p) == StaffRole.NATIONAL_ADMIN ? null : p.provinceCode();
  }
}
