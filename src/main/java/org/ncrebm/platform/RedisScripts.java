package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lua scripts under {@code lua/}: read and hashed once at boot, loaded into Redis, called by EVALSHA. A Redis
 * that lost its script cache (restart, failover) answers NOSCRIPT; the call is then repeated once with EVAL, which
 * caches the script again. Every script touches keys of one hash slot only, so it runs on Redis Cluster unchanged.
 */
public final class RedisScripts {
  private record Script(String source, String sha) {
  }

  /** The scripts' sources, read from the class path at boot. */
  public static final class Sources {
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    /** Blocking class-path reads; call from a worker. */
    public static Sources read(String... names) throws IOException {
      Sources sources = new Sources();
      for (String name : names) {
        try (InputStream in = RedisScripts.class.getClassLoader().getResourceAsStream("lua/" + name + ".lua")) {
          if (in == null) throw new IOException("lua/" + name + ".lua is missing");
          String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          sources.scripts.put(name, new Script(source, sha1(source)));
        }
      }
      return sources;
    }
  }

  private final Redis redis;
  private final Map<String, Script> scripts;

  public RedisScripts(Redis redis, Sources sources) {
    this.redis = redis;
    this.scripts = sources.scripts;
  }

  /** SCRIPT LOAD for every script, so the first EVALSHA under load does not miss. */
  public Future<Void> loadAll() {
    return Future.all(scripts.values().stream()
        .map(s -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(s.source())))
        .toList())
      .mapEmpty();
  }

  public Future<Response> eval(String name, List<String> keys, List<String> args) {
    Script script = scripts.get(name);
    if (script == null) {
      return Future.failedFuture(new IllegalArgumentException("unknown script " + name));
    }
    return redis.send(build(Command.EVALSHA, script.sha(), keys, args))
      .recover(err -> err.getMessage() != null && err.getMessage().startsWith("NOSCRIPT")
        ? redis.send(build(Command.EVAL, script.source(), keys, args))
        : Future.failedFuture(err));
  }

  private static Request build(Command command, String first, List<String> keys, List<String> args) {
    Request r = Request.cmd(command).arg(first).arg(keys.size());
    keys.forEach(r::arg);
    args.forEach(r::arg);
    return r;
  }

  static String sha1(String source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
