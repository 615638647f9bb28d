package org.ncrebm.admin;

import org.ncrebm.platform.auth.Access;
import org.ncrebm.platform.auth.StaffRole;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.ncrebm.catalog.CatalogService;
import org.ncrebm.platform.Actor;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.AuditLog;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.RateLimiter;
import org.ncrebm.platform.auth.LoginGuard;
import org.ncrebm.platform.auth.PasswordHasher;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;

import java.time.Duration;
import java.util.List;

/** Staff accounts: login with a stricter lockout, creation and disabling within scope, own password changes. */
public final class StaffService {
  /** A successful staff login. */
  public record LoginResult(StaffAccount account, SessionStore.Issued session) {
  }

  /** A request to create a staff account; the center is named by id or by its code in the province. */
  public record NewStaff(String username, String password, StaffRole role, String provinceCode, Long centerId,
                         String centerCode, String displayName) {
  }

  private final Pool pool;
  private final StaffRepository repository;
  private final CatalogService catalog;
  private final PasswordHasher hasher;
  private final SessionStore sessions;
  private final LoginGuard guard;
  private final RateLimiter limiter;
  private final RateLimiter.Limit loginPerIp;

  public StaffService(Pool pool, StaffRepository repository, CatalogService catalog, PasswordHasher hasher,
                      SessionStore sessions, LoginGuard guard, RateLimiter limiter, int loginPerIpHour) {
    this.pool = pool;
    this.repository = repository;
    this.catalog = catalog;
    this.hasher = hasher;
    this.sessions = sessions;
    this.guard = guard;
    this.limiter = limiter;
    this.loginPerIp = new RateLimiter.Limit("staff-login-ip", loginPerIpHour, Duration.ofHours(1));
  }

  /** {@code BAD_CREDENTIALS}, {@code ACCOUNT_LOCKED} (also for disabled accounts) or a new staff session. */
  public Future<LoginResult> login(String username, String password, String ip) {
    String subject = "user:" + username.toLowerCase();
    return limiter.hit(loginPerIp, ip)
      .compose(v -> guard.begin(subject))
      .compose(v -> repository.byUsername(username.toLowerCase()))
      .compose(account -> (account == null ? hasher.verifyNothing(password) : hasher.verify(password, account.passwordHash()))
        .compose(ok -> {
          if (!ok) return Future.failedFuture(AppException.of(ErrorCode.BAD_CREDENTIALS));
          if (!account.active()) return Future.failedFuture(AppException.of(ErrorCode.ACCOUNT_LOCKED, "staff.disabled"));
          return guard.succeeded(subject)
            .compose(v -> sessions.create(new SessionStore.NewSession(Principal.Kind.STAFF, Long.toString(account.id()),
              account.role().name(), account.provinceCode(), account.centerCode(),
              account.displayName().isBlank() ? account.username() : account.displayName())))
            .map(issued -> new LoginResult(account, issued));
        }));
  }

  public Future<Void> logout(Principal p) {
    return sessions.revoke(p);
  }

  public Future<StaffAccount> me(Principal p) {
    return repository.byId(pool, Long.parseLong(p.accountId()))
      .compose(a -> a == null ? Future.failedFuture(AppException.of(ErrorCode.UNAUTHENTICATED)) : Future.succeededFuture(a));
  }

  /**
   * Creates a staff account within the creator's scope: the national office creates any role, a province office
   * creates center staff of its own province, center staff create nobody ({@code FORBIDDEN}).
   */
  public Future<Long> create(Principal creator, Actor actor, NewStaff n) {
    StaffRole creatorRole = Access.role(creator);
    if (creatorRole == StaffRole.CENTER_STAFF
      || creatorRole == StaffRole.PROVINCE_ADMIN && n.role() != StaffRole.CENTER_STAFF) {
      return Future.failedFuture(AppException.of(ErrorCode.FORBIDDEN));
    }
    return resolveScope(n).compose(scope -> {
      if (creatorRole == StaffRole.PROVINCE_ADMIN && !creator.provinceCode().equals(scope[0])) {
        return Future.failedFuture(AppException.of(ErrorCode.FORBIDDEN));
      }
      return hasher.hash(n.password()).compose(hash -> pool.withTransaction(tx ->
        repository.insert(tx, n.username(), hash, n.role(), scope[0], scope[1],
            n.displayName() == null ? "" : n.displayName(), Long.parseLong(creator.accountId()))
          .compose(id -> AuditLog.record(tx, actor, "staff.create", "staff_account", Long.toString(id), scope[0], null,
            new JsonObject().put("username", n.username()).put("role", n.role().name()).put("provinceCode", scope[0])
              .put("centerCode", scope[1])).map(id))));
    });
  }

  /** [provinceCode, centerCode] for the new account's role. */
  private Future<String[]> resolveScope(NewStaff n) {
    return switch (n.role()) {
      case NATIONAL_ADMIN -> Future.succeededFuture(new String[]{null, null});
      case PROVINCE_ADMIN -> n.provinceCode() == null
        ? Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "provinceCode", "validation.required"))
        : catalog.province(n.provinceCode()).compose(p -> p == null
          ? Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "provinceCode", "catalog.unknownProvince"))
          : Future.succeededFuture(new String[]{n.provinceCode(), null}));
      case CENTER_STAFF -> {
        if (n.centerId() != null) {
          yield catalog.center(n.centerId())
            .recover(err -> Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "centerId", "catalog.unknownCenter")))
            .map(c -> new String[]{c.provinceCode(), c.code()});
        }
        if (n.provinceCode() != null && n.centerCode() != null) {
          yield Future.succeededFuture(new String[]{n.provinceCode(), n.centerCode()});
        }
        yield Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "centerId", "validation.required"));
      }
    };
  }

  /** Disables or re-enables an account within scope; disabling ends its sessions at once. */
  public Future<Void> setActive(Principal actorPrincipal, Actor actor, long id, boolean active) {
    return pool.withTransaction(tx -> repository.byIdForUpdate(tx, id).compose(target -> {
      if (target == null) return Future.failedFuture(AppException.notFound());
      if (!manages(actorPrincipal, target)) return Future.failedFuture(AppException.of(ErrorCode.FORBIDDEN));
      if (Long.toString(target.id()).equals(actorPrincipal.accountId())) {
        return Future.failedFuture(AppException.of(ErrorCode.INVALID_STATE, "staff.notYourself"));
      }
      String status = active ? "ACTIVE" : "DISABLED";
      return repository.setStatus(tx, id, status)
        .compose(v -> AuditLog.record(tx, actor, active ? "staff.enable" : "staff.disable", "staff_account",
          Long.toString(id), target.provinceCode(), new JsonObject().put("status", target.status()),
          new JsonObject().put("status", status)));
    })).compose(v -> active ? Future.succeededFuture() : sessions.revokeAll(Principal.Kind.STAFF, Long.toString(id)));
  }

  /** Who may manage whom: the national office everyone, a province office its center staff. */
  public static boolean manages(Principal p, StaffAccount target) {
    StaffRole r = Access.role(p);
    if (r == StaffRole.NATIONAL_ADMIN) return true;
    return r == StaffRole.PROVINCE_ADMIN && target.role() == StaffRole.CENTER_STAFF
      && p.provinceCode().equals(target.provinceCode());
  }

  /** Staff visible to the caller: all for the national office, their province's for a province office. */
  public Future<List<StaffAccount>> list(Principal p, String query, int limit, int offset) {
    StaffRole r = Access.role(p);
    if (r == StaffRole.CENTER_STAFF) return Future.failedFuture(AppException.of(ErrorCode.FORBIDDEN));
    return repository.list(Access.provinceScope(p), query, limit, offset);
  }

  /** Changes one's own password after checking the current one; every session of the account ends. */
  public Future<Void> changePassword(Principal p, Actor actor, String current, String next) {
    return me(p).compose(account -> hasher.verify(current, account.passwordHash()).compose(ok -> {
      if (!ok) return Future.failedFuture(AppException.field(ErrorCode.VALIDATION_FAILED, "currentPassword", "staff.currentPasswordWrong"));
      return hasher.hash(next).compose(hash -> pool.withTransaction(tx -> repository.setPassword(tx, account.id(), hash)
        .compose(v -> AuditLog.record(tx, actor, "staff.password", "staff_account", Long.toString(account.id()),
          account.provinceCode(), null, null))));
    })).compose(v -> sessions.revokeAll(Principal.Kind.STAFF, p.accountId()));
  }
}
