package org.ncrebm.admin;

import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.Times;
import org.ncrebm.platform.auth.Authenticator;
import org.ncrebm.platform.auth.PasswordPolicy;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.Principal.Kind;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.JsonInput;
import org.ncrebm.platform.web.Params;
import org.ncrebm.platform.web.Web;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.ncrebm.platform.web.Web.op;

/** Staff sessions and accounts in the JSON API (api.md "Staff"). */
public final class StaffRoutes {
  static final Pattern USERNAME = Pattern.compile("^[a-z0-9_.-]{3,32}$");
  private static final int PAGE_SIZE = 50;
  private final StaffService staff;
  private final Authenticator auth;

  public StaffRoutes(StaffService staff, Authenticator auth) {
    this.staff = staff;
    this.auth = auth;
  }

  public void mount(Router router) {
    router.post("/api/v1/staff/sessions").handler(BodyLimits.json()).handler(op(this::login));
    router.delete("/api/v1/staff/sessions/current").handler(auth.required(Kind.STAFF)).handler(op(this::logout));
    router.get("/api/v1/staff/me").handler(auth.required(Kind.STAFF)).handler(op(this::me));
    router.put("/api/v1/staff/me/password").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::changePassword));
    router.get("/api/v1/staff/accounts").handler(auth.required(Kind.STAFF)).handler(op(this::list));
    router.post("/api/v1/staff/accounts").handler(BodyLimits.json()).handler(auth.required(Kind.STAFF))
      .handler(op(this::create));
    router.post("/api/v1/staff/accounts/:id/disable").handler(auth.required(Kind.STAFF)).handler(op(ctx -> setActive(ctx, false)));
    router.post("/api/v1/staff/accounts/:id/enable").handler(auth.required(Kind.STAFF)).handler(op(ctx -> setActive(ctx, true)));
  }

  private Future<Void> login(RoutingContext ctx) {
    Credentials c = credentials(JsonInput.of(ctx));
    return staff.login(c.username(), c.password(), Web.clientIp(ctx)).compose(r -> Web.json(ctx, 201, new JsonObject()
      .put("token", auth.token(r.session(), Kind.STAFF, Long.toString(r.account().id())))
      .put("expiresAt", Times.iso(r.session().absoluteExpiry()))
      .put("role", r.account().role().name())));
  }

  private Future<Void> logout(RoutingContext ctx) {
    return staff.logout(Access.staff(ctx)).compose(v -> Web.noContent(ctx, 204));
  }

  private Future<Void> me(RoutingContext ctx) {
    return staff.me(Access.staff(ctx)).compose(a -> Web.json(ctx, 200, accountJson(a)));
  }

  private Future<Void> changePassword(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    PasswordChange change = passwordChange(JsonInput.of(ctx));
    return staff.changePassword(p, Actor.of(ctx), change.current(), change.next()).compose(v -> Web.noContent(ctx, 204));
  }

  /** A login request: username and password (shared with the staff login page). */
  public record Credentials(String username, String password) {
  }

  public static Credentials credentials(JsonInput in) {
    String username = in.string("username", 32);
    String password = in.password("password", PasswordPolicy.MAX);
    in.done();
    return new Credentials(username, password);
  }

  /** A change of one's own password: the current one and a new one that meets the policy (shared with the page). */
  public record PasswordChange(String current, String next) {
  }

  public static PasswordChange passwordChange(JsonInput in) {
    String current = in.password("currentPassword", PasswordPolicy.MAX);
    String next = in.password("newPassword", PasswordPolicy.MAX);
    if (next != null && PasswordPolicy.check(next) != null) in.reject("newPassword", PasswordPolicy.check(next));
    in.done();
    return new PasswordChange(current, next);
  }

  private Future<Void> list(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    int page = Params.page(ctx);
    return staff.list(p, Params.query(ctx, "q", 50), PAGE_SIZE, (page - 1) * PAGE_SIZE).compose(list -> {
      JsonArray items = new JsonArray();
      list.forEach(a -> items.add(accountJson(a)));
      return Web.json(ctx, 200, new JsonObject().put("page", page).put("pageSize", PAGE_SIZE).put("items", items));
    });
  }

  private Future<Void> create(RoutingContext ctx) {
    Principal p = Access.staff(ctx);
    StaffService.NewStaff n = newStaff(JsonInput.of(ctx));
    return staff.create(p, Actor.of(ctx), n).compose(id -> Web.json(ctx, 201, new JsonObject().put("id", id)));
  }

  /** Validates a new staff account (shared with the back-office page). */
  public static StaffService.NewStaff newStaff(JsonInput in) {
    String username = in.string("username", 32);
    if (username != null) {
      username = username.toLowerCase(Locale.ROOT);
      if (!USERNAME.matcher(username).matches()) in.reject("username", "staff.usernameFormat");
    }
    String password = in.password("password", PasswordPolicy.MAX);
    if (password != null && PasswordPolicy.check(password) != null) in.reject("password", PasswordPolicy.check(password));
    String role = in.oneOf("role", Set.of("NATIONAL_ADMIN", "PROVINCE_ADMIN", "CENTER_STAFF"));
    String province = in.optionalString("provinceCode", 2);
    Long centerId = in.longValue("centerId", 1, Long.MAX_VALUE, false);
    String centerCode = in.optionalString("centerCode", 16);
    String displayName = in.optionalString("displayName", 40);
    in.done();
    return new StaffService.NewStaff(username, password, StaffRole.of(role), province == null || province.isEmpty()
      ? null : province, centerId, centerCode == null || centerCode.isEmpty() ? null : centerCode, displayName);
  }

  private Future<Void> setActive(RoutingContext ctx, boolean active) {
    Principal p = Access.staff(ctx);
    long id = Params.id(ctx, "id");
    return staff.setActive(p, Actor.of(ctx), id, active)
      .compose(v -> Web.json(ctx, 200, new JsonObject().put("id", id).put("status", active ? "ACTIVE" : "DISABLED")));
  }

  static JsonObject accountJson(StaffAccount a) {
    return new JsonObject().put("id", a.id()).put("username", a.username()).put("role", a.role().name())
      .put("provinceCode", a.provinceCode()).put("centerCode", a.centerCode()).put("displayName", a.displayName())
      .put("status", a.status()).put("createdAt", Times.iso(a.createdAt()));
  }
}
