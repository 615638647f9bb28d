package org.ncrebm.loadtest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HotHolds' preparation (run.sh), what HammerPrepare does without Gatling: every seeded candidate opens a draft
 * registration at the hot center through the real API ({@code POST /api/v1/registrations}, the same body as
 * HammerPrepare: agreement accepted, a valid resident ID number), {@code concurrency} requests in flight. A 503 or
 * 429 (or a broken connection) is retried after its Retry-After, at most 8 times; any other answer than 201 drops the
 * candidate. Writes {@code token<TAB>registrationId} per prepared draft, in seed order, for wrk's {@code hold.lua}.
 * Exits 1 when no draft could be prepared.
 * <p>
 * Usage: {@code PrepareDrafts <base url> <seed json> <out tsv> <concurrency>}.
 */
public final class PrepareDrafts {
  private static final int ATTEMPTS = 8;

  private final HttpClientAgent client;
  private final Vertx vertx;
  private final String base;
  private final JsonArray accounts;
  private final long sessionId;
  private final long centerId;
  private final String[] drafts;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private final AtomicInteger reported = new AtomicInteger();
  private final Map<String, AtomicInteger> dropped = new ConcurrentHashMap<>();
  private final CountDownLatch finished;

  private PrepareDrafts(Vertx vertx, HttpClientAgent client, String base, JsonObject seed) {
    this.vertx = vertx;
    this.client = client;
    this.base = base.replaceAll("/+$", "");
    this.accounts = seed.getJsonArray("accounts");
    this.sessionId = seed.getLong("examSessionId");
    this.centerId = seed.getLong("hotCenterId");
    this.drafts = new String[accounts.size()];
    this.finished = new CountDownLatch(accounts.size());
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: PrepareDrafts <base url> <seed json> <out tsv> <concurrency>");
      System.exit(2);
    }
    JsonObject seed = new JsonObject(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8));
    Path out = Path.of(args[2]);
    int concurrency = Math.max(1, Integer.parseInt(args[3]));
    Vertx vertx = Vertx.vertx();
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(-1));
    PrepareDrafts p = new PrepareDrafts(vertx, client, args[0], seed);
    long t0 = System.nanoTime();
    for (int i = 0; i < concurrency; i++) p.nextCandidate();
    boolean complete = p.finished.await(15, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;

    List<String> lines = new ArrayList<>();
    for (String d : p.drafts) if (d != null) lines.add(d);
    Files.write(out, lines, StandardCharsets.UTF_8);
    int n = p.drafts.length;
    System.out.printf("prepared %d of %d drafts in %.1f s (%.0f/s, %d in flight), %d retries%s%n", lines.size(), n,
      seconds, lines.size() / Math.max(seconds, 0.001), concurrency, p.retries.get(), complete ? "" : ", TIMED OUT");
    if (!p.dropped.isEmpty()) System.out.println("dropped candidates by answer: " + new TreeMap<>(p.dropped));
    client.close();
    vertx.close();
    System.exit(lines.isEmpty() ? 1 : 0);
  }

  private void nextCandidate() {
    int i = next.getAndIncrement();
    if (i < drafts.length) start(i, 1);
  }

  private void start(int i, int attempt) {
    JsonObject account = accounts.getJsonObject(i);
    String token = account.getString("token", "");
    if (token.isEmpty()) {
      drop(i, "no token in the seed (sessions:false?)", null);
      return;
    }
    String body = new JsonObject().put("examSessionId", sessionId).put("centerId", centerId)
      .put("agreementAccepted", true).put("idType", "RESIDENT_ID").put("idNumber", Ids.candidate(i)).encode();
    RequestOptions req = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(base + "/api/v1/registrations")
      .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
      .putHeader("Accept", "application/json").setIdleTimeout(30_000);
    client.request(req)
      .compose(r -> r.send(body))
      .compose(resp -> resp.body().map(b -> {
        int status = resp.statusCode();
        if (status == 201) {
          drafts[i] = token + "\t" + new JsonObject(b).getString("id");
          done();
        } else if ((status == 503 || status == 429) && attempt < ATTEMPTS) {
          retry(i, attempt, retryAfterMs(resp.getHeader("Retry-After"), attempt));
        } else {
          drop(i, Integer.toString(status), b.toString());
        }
        return null;
      }))
      .onFailure(err -> {
        if (attempt < ATTEMPTS) retry(i, attempt, 200L * attempt);
        else drop(i, err.getClass().getSimpleName(), err.getMessage());
      });
  }

  private void retry(int i, int attempt, long delayMs) {
    retries.incrementAndGet();
    vertx.setTimer(delayMs, t -> start(i, attempt + 1));
  }

  private void drop(int i, String why, String detail) {
    dropped.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
    if (detail != null && reported.getAndIncrement() < 5) {
      System.out.println("candidate " + i + ": " + why + " " + detail.substring(0, Math.min(300, detail.length())));
    }
    done();
  }

  private void done() {
    finished.countDown();
    nextCandidate();
  }

  private static long retryAfterMs(String header, int attempt) {
    long fallback = 100L * attempt;
    if (header == null) return fallback;
    try {
      return Math.min(2_000, Math.max(50, Long.parseLong(header.trim()) * 1000));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
