package org.ncrebm.loadtest;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare limit, measured in the same run as the service: the same Vert.x, the same clients and pool sizes, and
 * nothing else (no router, no auth, no JSON, no audit). Four routes:
 * <ul>
 *   <li>{@code POST /bare/redis/hold}: the service's {@code seat_hold.lua} by EVALSHA on one hot counter (sold out
 *   after {@code capacity} holds, like the hammer's hot center x subject);</li>
 *   <li>{@code POST /bare/pg/insert}: the service's seat insert into a copy of {@code registration_subject} (same
 *   columns and indexes, no foreign keys);</li>
 *   <li>{@code POST /bare/pg/update}: the callback's order update ({@code status = 'PAID'}) on a copy of
 *   {@code payment_order}'s shape, one random row of 10,000;</li>
 *   <li>{@code POST /bare/argon2}: one argon2id verification with the service's parameters on a worker pool of one
 *   thread per core: the raw login limit of these cores.</li>
 * </ul>
 * Usage: {@code BareServer <port> <pg url> <redis url> <path of seat_hold.lua> <capacity>}.
 */
public final class BareServer {
  private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);
  private static final String INSERT_SEAT = """
    insert into bare_seat (registration_id, exam_session_id, center_id, subject_code, id_digest, state)
    values ($1, $2, $3, $4, $5, 'HELD')""";
  private static final String UPDATE_ORDER = """
    update bare_order set status = 'PAID', paid_at = now(), gateway_txn_id = $2 where merchant_order_no = $1""";
  private static final int ORDERS = 10_000;

  private BareServer() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String pgUrl = args[1];
    String redisUrl = args[2];
    String script = Files.readString(Path.of(args[3]), StandardCharsets.UTF_8);
    int capacity = Integer.parseInt(args[4]);
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    // Pool sizes as the service's defaults (conf/config.json): pg 16 / 512 waiting, redis 32 / 2048 waiting.
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16).setMaxWaitQueueSize(512))
      .connectingTo(PgConnectOptions.fromUri(pgUrl)).using(vertx).build();
    Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl).setMaxPoolSize(32)
      .setMaxPoolWaiting(2048));
    var workers = vertx.createSharedWorkerExecutor("bare-argon2", cores);
    String hash = Password.hash("Bare#Pass-2026").addRandomSalt(16).with(ARGON2).getResult();
    String tag = "{bare:c1:61}";
    String stock = "seats:" + tag + ":stock";
    String holders = "seats:" + tag + ":holders";
    AtomicLong seq = new AtomicLong();
    String sha = redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script)).await().toString();
    redis.send(Request.cmd(Command.DEL).arg(stock).arg(holders)).await();
    redis.send(Request.cmd(Command.SET).arg(stock).arg(capacity)).await();
    pool.query("""
      drop table if exists bare_seat;
      create table bare_seat (like registration_subject including all);
      drop table if exists bare_order;
      create table bare_order (
        merchant_order_no text primary key, status text not null, gateway_txn_id text, paid_at timestamptz,
        updated_at timestamptz not null default now());
      insert into bare_order (merchant_order_no, status) select 'BARE' || g, 'AT_GATEWAY' from generate_series(1, 10000) g;
      """).execute().await();

    // /bare/redis/hold-pinned: the same script on one connection held by the server's event loop (made there by
    // the first request), its commands pipelined, as the service's event loops do (PinnedRedis) instead of the pool
    List<Future<RedisConnection>> pinned = new ArrayList<>(1);
    vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(req -> {
      Future<String> work = switch (req.path()) {
        case "/bare/redis/hold" -> redis.send(Request.cmd(Command.EVALSHA).arg(sha).arg(2).arg(stock).arg(holders)
          .arg(UUID.randomUUID().toString())).map(r -> r.toInteger() == 1 ? "held" : "sold-out");
        case "/bare/redis/hold-pinned" -> {
          if (pinned.isEmpty()) pinned.add(redis.connect());
          yield pinned.get(0).compose(c -> c.send(Request.cmd(Command.EVALSHA).arg(sha).arg(2).arg(stock)
            .arg(holders).arg(UUID.randomUUID().toString()))).map(r -> r.toInteger() == 1 ? "held" : "sold-out");
        }
        case "/bare/pg/insert" -> pool.preparedQuery(INSERT_SEAT).execute(Tuple.of(UUID.randomUUID(), 1L, 1L, "61",
          "digest-" + seq.incrementAndGet())).map("inserted");
        case "/bare/pg/update" -> pool.preparedQuery(UPDATE_ORDER).execute(Tuple.of(
          "BARE" + (1 + ThreadLocalRandom.current().nextInt(ORDERS)), "T" + seq.incrementAndGet())).map("updated");
        case "/bare/argon2" -> workers.executeBlocking(() ->
          Password.check("Bare#Pass-2026", hash).with(ARGON2) ? "verified" : "wrong", false);
        case "/bare/ping" -> Future.succeededFuture("pong");
        default -> null;
      };
      if (work == null) {
        req.response().setStatusCode(404).end();
        return;
      }
      work.onSuccess(body -> reply(req, 200, body)).onFailure(err -> reply(req, 503, err.toString()));
    }).listen().await();
    System.out.println("bare baseline listening on 127.0.0.1:" + port);
  }

  private static void reply(HttpServerRequest req, int status, String body) {
    req.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end(body);
  }
}
