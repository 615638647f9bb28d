package org.ncrebm.ops;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.ProcessClient;
import org.ncrebm.support.ProcessClient.Reply;
import org.ncrebm.support.ProcessDb;
import org.ncrebm.support.ServiceProcess;
import org.ncrebm.support.TestIds;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.ncrebm.support.Polling.pause;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Graceful shutdown: on SIGTERM readiness turns 503 first, requests in flight finish, then pools close")
class GracefulShutdownTest {
  private static final int USERS = 12;
  private final ProcessDb db = new ProcessDb();
  private final ProcessClient api = new ProcessClient();
  private ServiceProcess service;

  /** What one candidate journey (login, then start a registration) got back. */
  private record Journey(Reply login, Reply start, boolean afterSigterm) {
  }

  @AfterEach
  void kill() {
    if (service != null) service.close();
  }

  @Test
  @DisplayName("a service under a load of logins and registrations gets SIGTERM: readiness answers 503 while requests"
    + " are still served, every accepted request gets its whole answer, and each 201 is a row in the database")
  void drainsUnderLoad() {
    db.reset();
    service = ServiceProcess.start("shutdown", Map.of("NCRE_HTTP_DRAIN_SECONDS", "2", "NCRE_WORKER_POOL_SIZE", "2"));
    long[] exam = api.examWithCenter(service, new JsonObject().put("24", 5000));
    Queue<String> accounts = new ConcurrentLinkedQueue<>(db.seedAccounts(400));
    AtomicBoolean sigterm = new AtomicBoolean();
    AtomicBoolean notReady = new AtomicBoolean();
    Queue<Journey> journeys = new ConcurrentLinkedQueue<>();
    AtomicInteger birthdays = new AtomicInteger();
    ReadinessPoller poller = new ReadinessPoller(notReady);
    poller.start();

    List<CompletableFuture<Void>> users = IntStream.range(0, USERS)
      .mapToObj(u -> user(accounts, exam, journeys, sigterm, notReady, birthdays)).toList();
    while (journeys.size() < 30) pause(20);
    sigterm.set(true);
    service.sigterm();
    CompletableFuture.allOf(users.toArray(CompletableFuture[]::new)).join();
    int exit = service.awaitExit(Duration.ofSeconds(60));
    poller.interrupt();

    assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
    assertThat(poller.saw503).as("readiness answered 503 with accepting=false before the process ended").isTrue();
    List<Reply> replies = new ArrayList<>();
    journeys.forEach(j -> {
      replies.add(j.login());
      if (j.start() != null) replies.add(j.start());
    });
    assertThat(replies).as("no accepted request lost").allMatch(Reply::complete);
    assertThat(replies).allMatch(r -> r.status() == 201);
    assertThat(journeys.stream().filter(Journey::afterSigterm).count()).as("journeys answered during the drain")
      .isPositive();
    assertThat(db.count("select count(*) from registration")).as("every 201 is a registration, and no other")
      .isEqualTo(journeys.stream().filter(j -> j.start() != null).count());
    assertShutdownOrderAndAccessLog(replies);
  }

  @Test
  @DisplayName("with no drain period, requests already accepted when SIGTERM arrives (logins queued for argon2id)"
    + " still get their answers before the pools close")
  void finishesRequestsInFlight() {
    db.reset();
    service = ServiceProcess.start("inflight", Map.of("NCRE_HTTP_DRAIN_SECONDS", "0", "NCRE_WORKER_POOL_SIZE", "1"));
    List<CompletableFuture<Reply>> logins = db.seedAccounts(24).stream().map(email -> api.async(service, "POST",
      "/api/v1/passport/sessions", new JsonObject().put("login", email)
        .put("password", org.ncrebm.support.Candidates.PASSWORD), null)).toList();
    pause(300);
    assertThat(logins).as("still queued behind the one argon2id worker").anyMatch(f -> !f.isDone());
    service.sigterm();
    List<Reply> replies = logins.stream().map(CompletableFuture::join).toList();
    assertThat(service.awaitExit(Duration.ofSeconds(60))).isIn(0, 143);
    assertThat(replies).allMatch(Reply::complete).allMatch(r -> r.status() == 201);
  }

  /** A virtual user: journeys one after the other until readiness went 503. */
  private CompletableFuture<Void> user(Queue<String> accounts, long[] exam, Queue<Journey> journeys, AtomicBoolean sigterm,
                                       AtomicBoolean notReady, AtomicInteger birthdays) {
    String email = notReady.get() ? null : accounts.poll();
    if (email == null) return CompletableFuture.completedFuture(null);
    String id = TestIds.resident(LocalDate.of(1990, 1, 1).plusDays(birthdays.incrementAndGet()), true);
    return api.async(service, "POST", "/api/v1/passport/sessions",
        new JsonObject().put("login", email).put("password", org.ncrebm.support.Candidates.PASSWORD), null)
      .thenCompose(login -> {
        // Like a load balancer, nothing new is sent once readiness said 503; what was sent must be answered.
        if (login.status() != 201 || notReady.get()) {
          return CompletableFuture.completedFuture(new Journey(login, null, sigterm.get()));
        }
        return api.async(service, "POST", "/api/v1/registrations", ProcessClient.start(exam[0], exam[1], id),
          login.json().getString("token")).thenApply(start -> new Journey(login, start, sigterm.get()));
      })
      .thenCompose(j -> {
        journeys.add(j);
        return user(accounts, exam, journeys, sigterm, notReady, birthdays);
      });
  }

  private void assertShutdownOrderAndAccessLog(List<Reply> replies) {
    List<JsonObject> log = service.logLines().stream().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
    List<String> messages = log.stream().map(o -> o.getString("message")).toList();
    int readinessOff = indexOf(messages, "shutdown: readiness off");
    int listenerClosed = indexOf(messages, "shutdown: listener closed");
    int poolsClosing = indexOf(messages, "shutdown: closing pools");
    int complete = indexOf(messages, "shutdown: complete");
    assertThat(readinessOff).isNotNegative().isLessThan(listenerClosed);
    assertThat(listenerClosed).isLessThan(poolsClosing);
    assertThat(poolsClosing).isLessThan(complete);
    // One JSON access line per request, carrying the request id the client saw, the route and the status.
    for (Reply r : replies) {
      List<JsonObject> lines = log.stream().filter(o -> "access".equals(o.getString("logger_name"))
        && r.requestId().equals(o.getString("rid"))).toList();
      assertThat(lines).as("access lines for %s", r.requestId()).hasSize(1);
      assertThat(lines.get(0).getInteger("status")).isEqualTo(r.status());
      assertThat(lines.get(0).getString("route")).startsWith("/api/v1/");
    }
  }

  private static int indexOf(List<String> messages, String prefix) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i) != null && messages.get(i).startsWith(prefix)) return i;
    }
    return -1;
  }

  /** Polls the readiness probe on fresh requests, as the kubelet does, until the process is gone. */
  private final class ReadinessPoller extends Thread {
    private final AtomicBoolean notReady;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1)).build();
    volatile boolean saw503;

    ReadinessPoller(AtomicBoolean notReady) {
      super("readiness-poller");
      setDaemon(true);
      this.notReady = notReady;
    }

    @Override
    public void run() {
      while (!isInterrupted() && service.alive()) {
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(service.uri("/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 503 && !new JsonObject(r.body()).getBoolean("accepting")) {
            saw503 = true;
            notReady.set(true);
          }
        } catch (java.io.IOException e) {
          // the listener is closed: the end of the drain
        } catch (InterruptedException e) {
          return;
        }
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
