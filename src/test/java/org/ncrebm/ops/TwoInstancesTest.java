package org.ncrebm.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.ProcessClient;
import org.ncrebm.support.ProcessClient.Reply;
import org.ncrebm.support.ProcessDb;
import org.ncrebm.support.ServiceProcess;
import org.ncrebm.support.TestIds;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.ncrebm.support.Polling.pause;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Two service processes on one PostgreSQL and one Redis: a seat spike through both keeps every invariant,"
  + " the jobs of both expire each hold exactly once, and one waiting room spans both")
class TwoInstancesTest {
  private static final int CANDIDATES = 80;
  private final ProcessDb db = new ProcessDb();
  private final ProcessClient api = new ProcessClient();
  private final List<ServiceProcess> services = new ArrayList<>();

  @AfterEach
  void stop() {
    services.forEach(ServiceProcess::sigterm);
    services.forEach(ServiceProcess::close);
  }

  /** The secrets every instance of one deployment shares (a token or ID digest from one is valid on the other). */
  private static Map<String, String> sharedSecrets() {
    Map<String, String> env = new HashMap<>();
    env.put("NCRE_SECURITY_JWT_SECRET", "jwt-secret-shared-by-both-instances-0123456789");
    env.put("NCRE_SECURITY_CODE_SECRET", "code-secret-shared-by-both-instances-012345678");
    env.put("NCRE_SECURITY_ID_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    env.put("NCRE_SECURITY_ID_DIGEST_KEY", "id-digest-key-shared-by-both-instances-0123456");
    env.put("NCRE_TICKET_ID_DIGEST_SECRET", "ticket-digest-shared-by-both-instances-012345");
    env.put("NCRE_JOBS_HOLD_EXPIRY_MS", "250");
    env.put("NCRE_HTTP_DRAIN_SECONDS", "0");
    return env;
  }

  @Test
  @DisplayName("80 candidates through either instance: double starts, a shared ID number and a spike for 30 + 20 seats;"
    + " then every hold runs out and both instances' expiry jobs race for them")
  void spikeAndJobsThroughTwoInstances() {
    db.reset();
    CompletableFuture<ServiceProcess> startingB = CompletableFuture.supplyAsync(() -> ServiceProcess.start("b", sharedSecrets()));
    ServiceProcess a = ServiceProcess.start("a", sharedSecrets());
    services.add(a);
    ServiceProcess b = startingB.join();
    services.add(b);
    ServiceProcess[] both = {a, b};

    long[] exam = api.examWithCenter(a, new JsonObject().put("24", 30).put("28", 20));
    List<String> emails = db.seedAccounts(CANDIDATES);
    List<Reply> logins = join(emails.stream().map(email -> api.async(both[Math.abs(email.hashCode()) % 2], "POST",
      "/api/v1/passport/sessions", new JsonObject().put("login", email)
        .put("password", org.ncrebm.support.Candidates.PASSWORD), null)).toList());
    assertThat(logins).allMatch(r -> r.status() == 201);
    Map<String, String> tokenByEmail = new HashMap<>();
    for (int i = 0; i < CANDIDATES; i++) tokenByEmail.put(emails.get(i), logins.get(i).json().getString("token"));

    // Starts: the first 20 accounts press "start" in two tabs, one per instance; accounts 40 and 41 are one person.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < CANDIDATES; i++) ids.add(TestIds.resident(LocalDate.of(1995, 1, 1).plusDays(i), i % 2 == 0));
    ids.set(41, ids.get(40));
    List<CompletableFuture<Reply>> starts = new ArrayList<>();
    for (int i = 0; i < CANDIDATES; i++) {
      String token = tokenByEmail.get(emails.get(i));
      starts.add(api.async(both[i % 2], "POST", "/api/v1/registrations", ProcessClient.start(exam[0], exam[1], ids.get(i)),
        token));
      if (i < 20) {
        starts.add(api.async(both[(i + 1) % 2], "POST", "/api/v1/registrations",
          ProcessClient.start(exam[0], exam[1], ids.get(i)), token));
      }
    }
    List<Reply> started = join(starts);
    assertThat(started).allMatch(r -> r.status() == 201 || r.status() == 409);
    assertThat(started.stream().filter(r -> r.status() == 201).count()).isEqualTo(CANDIDATES);

    // The spike: every candidate holds seats at once, half through each instance.
    List<String[]> drafts = db.rows("select r.id::text, a.email from registration r join account a on a.id = r.account_id")
      .stream().map(r -> new String[]{(String) r[0], (String) r[1]}).toList();
    List<Integer> trying = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) trying.add(i);
    long ok = 0;
    // A candidate whose second subject is sold out gives the first back, and so does a winner whose Postgres write
    // is refused (the shared ID number): whoever was told "sold out" in that moment tries again, as candidates do on
    // a page that shows seats left. Only the first wave is the spike; the retries just must not oversell either.
    for (int wave = 0; wave < 4 && !trying.isEmpty()
      && (wave == 0 || db.count("select taken from center_capacity where subject_code = '24'") < 30); wave++) {
      List<CompletableFuture<Reply>> holds = new ArrayList<>();
      for (int i : trying) {
        JsonArray subjects = i % 2 == 0 ? new JsonArray().add("24") : new JsonArray().add("24").add("28");
        holds.add(api.async(both[i % 2], "PUT", "/api/v1/registrations/" + drafts.get(i)[0] + "/subjects",
          new JsonObject().put("subjects", subjects), tokenByEmail.get(drafts.get(i)[1])));
      }
      List<Reply> held = join(holds);
      assertThat(held).allMatch(Reply::complete).allMatch(r -> r.status() == 200 || r.status() == 409);
      ok += held.stream().filter(r -> r.status() == 200).count();
      List<Integer> again = new ArrayList<>();
      for (int k = 0; k < held.size(); k++) {
        if (held.get(k).status() == 409 && "SEAT_SOLD_OUT".equals(held.get(k).json().getJsonObject("error").getString("code"))) {
          again.add(trying.get(k));
        }
      }
      trying = again;
    }
    assertInvariants();
    assertThat(db.count("select taken from center_capacity where subject_code = '24'")).as("sold out, not oversold")
      .isEqualTo(30);
    assertThat(db.count("select count(distinct registration_id) from registration_subject")).isEqualTo(ok);

    // Every hold runs out; both instances' hold-expiry jobs (every 250 ms) race for the same rows.
    long seats = db.count("select count(*) from registration_subject");
    int due = db.update("update registration set hold_expires_at = now() - interval '1 minute' "
      + "where id in (select registration_id from registration_subject)");
    assertThat(due).isEqualTo(ok);
    awaitTrue(() -> db.count("select count(*) from audit_log where action = 'seats.holdExpired'") >= due
      && db.count("select count(*) from registration_subject") == 0);
    pause(1_000);
    assertThat(db.rows("select target_id from audit_log where action = 'seats.holdExpired' group by target_id "
      + "having count(*) <> 1")).as("each hold expired exactly once").isEmpty();
    assertThat(db.count("select count(distinct target_id) from audit_log where action = 'seats.holdExpired'"))
      .isEqualTo(due);
    assertThat(db.count("select coalesce(sum(taken), 0) from center_capacity")).isZero();
    assertInvariants();
    double released = 0;
    for (ServiceProcess s : both) {
      String metrics = api.call(s, "GET", "/metrics", null, null).body();
      assertThat(MetricsTest.sample(metrics, "ncre_jobs_runs_total{job=\"hold-expiry\",outcome=\"ok\"}"))
        .as("%s ran the hold-expiry job", s.name).isPositive();
      released += Math.max(0, MetricsTest.sample(metrics, "ncre_seats_released_total"));
    }
    assertThat(released).as("seats released, summed over both instances' metrics").isEqualTo(seats);
  }

  @Test
  @DisplayName("the waiting room through two instances: one entry and the same place from either, admitted in that"
    + " order with both admission jobs ticking and never more than the room's rate per tick, and an admission from"
    + " one honoured by the other")
  void waitingRoomThroughTwoInstances() {
    db.reset();
    Map<String, String> env = sharedSecrets();
    // both instances tick five times a second: a tick each ran on its own would admit twice the rate
    env.put("NCRE_JOBS_QUEUE_ADMIT_MS", "200");
    CompletableFuture<ServiceProcess> startingB = CompletableFuture.supplyAsync(() -> ServiceProcess.start("b", env));
    ServiceProcess a = ServiceProcess.start("a", env);
    services.add(a);
    ServiceProcess b = startingB.join();
    services.add(b);
    ServiceProcess[] both = {a, b};

    long[] exam = api.examWithCenter(a, new JsonObject().put("24", 30));
    String admin = api.call(b, "POST", "/api/v1/staff/sessions", new JsonObject().put("username", "admin")
      .put("password", org.ncrebm.support.TestApp.ADMIN_PASSWORD), null).json().getString("token");
    // base rate 1: the rate climbs by one a tick up to 4 (AdmissionRate's ceiling), so no tick may admit more than 4
    Instant opens = Instant.now().plusSeconds(6);
    Reply room = api.call(b, "PUT", "/api/v1/staff/exam-sessions/" + exam[0] + "/provinces/11/waiting-room",
      new JsonObject().put("enabled", true).put("opensAt", opens.toString()).put("admitPerSecond", 1)
        .put("admissionMinutes", 30), admin);
    assertThat(room.status()).as(room.toString()).isEqualTo(200);

    String queue = "/api/v1/exam-sessions/" + exam[0] + "/provinces/11/queue";
    List<String> emails = db.seedAccounts(13);
    List<String> tokens = emails.stream().map(e -> api.login(both[Math.abs(e.hashCode()) % 2], e)).toList();
    int people = 12;
    for (int i = 0; i < people; i++) {
      Reply first = api.call(both[i % 2], "POST", queue, new JsonObject(), tokens.get(i));
      Reply again = api.call(both[(i + 1) % 2], "POST", queue, new JsonObject(), tokens.get(i));
      assertThat(first.status()).as(first.toString()).isEqualTo(200);
      assertThat(again.status()).as(again.toString()).isEqualTo(200);
      assertThat(first.json().getString("state")).isEqualTo("WAITING");
    }
    assertThat(Instant.now()).as("everyone entered before the opening (a slow start-up makes the test void)")
      .isBefore(opens);
    assertThat(db.count("select count(*) from waiting_room_entry")).as("one entry per account").isEqualTo(people);
    List<Integer> places = new ArrayList<>();
    for (int i = 0; i < people; i++) {
      int onA = api.call(a, "GET", queue, null, tokens.get(i)).json().getInteger("position");
      int onB = api.call(b, "GET", queue, null, tokens.get(i)).json().getInteger("position");
      assertThat(onB).as("the same place on either instance").isEqualTo(onA);
      places.add(onA);
    }
    assertThat(places).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, people).boxed().toList());

    awaitTrue(() -> db.count("select count(*) from waiting_room_entry where admitted_until is not null") == people);
    assertThat(db.rows("select admitted_until from waiting_room_entry group by admitted_until having count(*) > 4"))
      .as("no tick admitted more than the room's highest rate, though two instances ran the job").isEmpty();
    // admitted in the order of the places: a later place never admitted at an earlier tick
    List<Object[]> order = db.rows("select extract(epoch from admitted_until)::float8 from waiting_room_entry order by score");
    for (int k = 1; k < order.size(); k++) {
      assertThat(((Number) order.get(k)[0]).doubleValue()).as("place %d admitted before place %d", k + 1, k)
        .isGreaterThanOrEqualTo(((Number) order.get(k - 1)[0]).doubleValue());
    }

    // an admission given by either instance opens the registration on the other; none, or another's, does not
    for (int i = 0; i < 2; i++) {
      JsonObject entry = api.call(both[i], "GET", queue, null, tokens.get(i)).json();
      assertThat(entry.getString("state")).isEqualTo("ADMITTED");
      String admission = entry.getJsonObject("admission").getString("token");
      Reply start = api.async(both[(i + 1) % 2], "POST", "/api/v1/registrations",
        ProcessClient.start(exam[0], exam[1], TestIds.resident()), tokens.get(i), Map.of("X-Admission", admission)).join();
      assertThat(start.status()).as(start.toString()).isEqualTo(201);
      Reply intruder = api.async(both[i], "POST", "/api/v1/registrations",
        ProcessClient.start(exam[0], exam[1], TestIds.resident()), tokens.get(people), Map.of("X-Admission", admission))
        .join();
      assertThat(intruder.status()).isEqualTo(409);
      assertThat(intruder.json().getJsonObject("error").getString("code")).isEqualTo("ADMISSION_REQUIRED");
    }
    Reply none = api.call(a, "POST", "/api/v1/registrations", ProcessClient.start(exam[0], exam[1], TestIds.resident()),
      tokens.get(people));
    assertThat(none.json().getJsonObject("error").getString("code")).isEqualTo("ADMISSION_REQUIRED");
    assertThat(db.count("select count(*) from registration")).isEqualTo(2);
  }

  /** The database's own invariants: exact capacity counts, one live registration per account, a person once per subject. */
  private void assertInvariants() {
    for (Object[] row : db.rows("select center_id, subject_code, taken, capacity from center_capacity")) {
      long rows = db.count("select count(*) from registration_subject where center_id = ? and subject_code = ?",
        row[0], row[1]);
      assertThat(((Number) row[2]).longValue()).as("taken of %s/%s", row[0], row[1]).isEqualTo(rows)
        .isLessThanOrEqualTo(((Number) row[3]).longValue());
    }
    assertThat(db.rows("select account_id from registration where status not in ('CANCELLED', 'EXPIRED') "
      + "group by account_id, exam_session_id having count(*) > 1")).isEmpty();
    assertThat(db.rows("select id_digest from registration_subject group by exam_session_id, id_digest, subject_code "
      + "having count(*) > 1")).isEmpty();
  }

  private static <T> List<T> join(List<CompletableFuture<T>> futures) {
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
      pause(100);
    }
  }
}
