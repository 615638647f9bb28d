package org.ncrebm.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.ncrebm.platform.AppException;
import org.ncrebm.platform.ErrorCode;
import org.ncrebm.platform.Platform;
import org.ncrebm.platform.auth.Principal;
import org.ncrebm.platform.auth.SessionStore;
import org.ncrebm.platform.web.BodyLimits;
import org.ncrebm.platform.web.Web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.ncrebm.platform.web.Web.op;

/**
 * The load tests' documented seeding path (issue 9), mounted in the dev and test profiles only and only when
 * {@code loadtest.seed-token} is set ({@code NCRE_LOADTEST_SEED_TOKEN}); production refuses to boot with the token set
 * and never mounts the route. A wrong or missing {@code X-Seed-Token} answers 404, as if the route did not exist.
 *
 * <p>{@code POST /dev/loadtest/seed} with {@code {accounts, offset, password, sessions, catalog, hotCapacity}}:
 * <ul>
 *   <li>{@code catalog: true} creates a fresh exam session with subjects 61 (hot) and 65, Beijing's window open now,
 *   a hot center whose subject 61 has {@code hotCapacity} seats and a wide center with 100,000 seats per subject;</li>
 *   <li>{@code accounts} candidate accounts are inserted in one SQL statement, all with one argon2id hash of
 *   {@code password} computed once (logins {@code lt<offset+i>@lt.example} and mobile {@code 13<offset+i, 9 digits>});</li>
 *   <li>{@code sessions: true} opens a session per account through the real {@link SessionStore} and returns the same
 *   bearer token a login would ({@code Authenticator.token}), so scenarios that are not about login skip argon2.</li>
 * </ul>
 */
public final class LoadTestSeedRoutes {
  private static final String HOT = "61";
  private static final String WIDE = "65";
  private static final String ACCOUNTS = """
    insert into account (email, mobile, password_hash)
    select 'lt' || g || '@lt.example', '13' || lpad(g::text, 9, '0'), $1
    from generate_series($2::int, $2::int + $3::int - 1) g
    returning id, email""";
  private static final int SESSION_BATCH = 256;

  private final Platform p;
  private final byte[] token;

  public LoadTestSeedRoutes(Platform platform) {
    this.p = platform;
    this.token = platform.config().ops().seedToken().getBytes(StandardCharsets.UTF_8);
  }

  public void mount(Router router) {
    router.post("/dev/loadtest/seed").handler(BodyLimits.json()).handler(op(this::seed));
  }

  private Future<Void> seed(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Seed-Token");
    if (token.length == 0 || given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      throw AppException.of(ErrorCode.NOT_FOUND);
    }
    JsonObject in = ctx.body().asJsonObject();
    if (in == null) in = new JsonObject();
    int accounts;
    int offset;
    String password;
    boolean sessions;
    int hotCapacity;
    boolean withCatalog;
    try {
      accounts = in.getInteger("accounts", 0);
      offset = in.getInteger("offset", 1);
      password = in.getString("password", "");
      sessions = in.getBoolean("sessions", false);
      hotCapacity = in.getInteger("hotCapacity", 100);
      withCatalog = in.getBoolean("catalog", false);
    } catch (ClassCastException e) {
      // a field of the wrong JSON type ("accounts": "many") is the caller's input, not a 500
      throw AppException.of(ErrorCode.VALIDATION_FAILED);
    }
    if (accounts < 0 || accounts > 200_000 || offset < 1 || offset + accounts > 999_999_999
      || (accounts > 0 && password.length() < 8) || hotCapacity < 0 || hotCapacity > 100_000) {
      throw AppException.of(ErrorCode.VALIDATION_FAILED);
    }
    JsonObject out = new JsonObject();
    Future<Void> catalog = withCatalog ? catalog(hotCapacity, out) : Future.succeededFuture();
    return catalog
      .compose(v -> accounts == 0 ? Future.succeededFuture(List.<Row>of()) : p.hasher().hash(password)
        .compose(hash -> p.pool().preparedQuery(ACCOUNTS).execute(Tuple.of(hash, offset, accounts)))
        .map(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          return list;
        }))
      .compose(rows -> sessions ? sessions(rows) : Future.succeededFuture(accountsOnly(rows)))
      .compose(list -> Web.json(ctx, 201, out.put("accounts", list)));
  }

  private Future<Void> catalog(int hotCapacity, JsonObject out) {
    String name = "LT-" + System.currentTimeMillis();
    return p.pool().withTransaction((SqlConnection tx) -> tx
      .preparedQuery("insert into exam_session (name, name_en) values ($1, $1) returning id").execute(Tuple.of(name))
      .compose(rows -> {
        long sid = rows.iterator().next().getLong("id");
        out.put("examSessionId", sid).put("provinceCode", "11").put("hotSubject", HOT).put("wideSubject", WIDE)
          .put("hotCapacity", hotCapacity);
        return tx.preparedQuery("""
            insert into subject (exam_session_id, code, name, level, fee_fen)
            values ($1, '61', '二级C++语言程序设计', 2, 9000), ($1, '65', '二级MS Office高级应用与设计', 2, 9000)""")
          .execute(Tuple.of(sid))
          .compose(v -> tx.preparedQuery("""
              insert into province_window (exam_session_id, province_code, opens_at, closes_at, pay_deadline,
                ticket_print_from, ticket_print_to)
              values ($1, '11', now() - interval '1 hour', now() + interval '1 day', now() + interval '2 days',
                now() + interval '3 days', now() + interval '4 days')""").execute(Tuple.of(sid)))
          .compose(v -> center(tx, sid, "LT-HOT", "压测热点考点", hotCapacity))
          .compose(hot -> {
            out.put("hotCenterId", hot);
            return center(tx, sid, "LT-WIDE", "压测宽松考点", 100_000);
          })
          .map(wide -> {
            out.put("wideCenterId", wide);
            return null;
          });
      }));
  }

  private static Future<Long> center(SqlConnection tx, long sid, String code, String name, int hotCapacity) {
    return tx.preparedQuery("""
        insert into test_center (exam_session_id, province_code, code, name) values ($1, '11', $2, $3) returning id""")
      .execute(Tuple.of(sid, code, name))
      .compose(rows -> {
        long id = rows.iterator().next().getLong("id");
        return tx.preparedQuery("""
            insert into center_capacity (center_id, exam_session_id, subject_code, capacity)
            values ($1, $2, $3, $4), ($1, $2, $5, 100000)""")
          .execute(Tuple.of(id, sid, HOT, hotCapacity, WIDE)).map(id);
      });
  }

  private static JsonArray accountsOnly(List<Row> rows) {
    JsonArray list = new JsonArray();
    rows.forEach(r -> list.add(new JsonObject().put("accountId", r.getUUID("id").toString())
      .put("login", r.getString("email"))));
    return list;
  }

  /** One real session per account, in batches so the Redis client's wait queue never overflows. */
  private Future<JsonArray> sessions(List<Row> rows) {
    JsonArray list = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < rows.size(); from += SESSION_BATCH) {
      List<Row> batch = rows.subList(from, Math.min(rows.size(), from + SESSION_BATCH));
      chain = chain.compose(v -> {
        List<Future<JsonObject>> issued = new ArrayList<>();
        for (Row r : batch) {
          String id = r.getUUID("id").toString();
          String login = r.getString("email");
          issued.add(p.sessions().create(new SessionStore.NewSession(Principal.Kind.CANDIDATE, id, null, null, null,
              login))
            .map(s -> new JsonObject().put("accountId", id).put("login", login)
              .put("token", p.auth().token(s, Principal.Kind.CANDIDATE, id))));
        }
        return Future.all(issued).map(all -> {
          for (int i = 0; i < all.size(); i++) list.add(all.<JsonObject>resultAt(i));
          return null;
        });
      });
    }
    return chain.map(list);
  }
}
