package org.ncrebm.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.ncrebm.support.Polling.pause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exam session in Beijing with one center (subjects 24 and 65), its rooms and slots, and paid candidates: a few
 * through the real API and gateway simulator, many straight into the database for the arrangement's invariants.
 */
final class TicketFlowFixture {
  private final TestApp app;
  private final Staff staff;
  String admin;
  long sid;
  long center;
  Instant opened;

  TicketFlowFixture(TestApp app) {
    this.app = app;
    this.staff = new Staff(app);
  }

  static TestApp app() {
    return new TestApp(new JsonObject().put("sim.time-factor", 0.0005).put("sim.poll-ms", 50));
  }

  /**
   * Starts the story 24 days ago, so that the print window is around the real now: QR tokens carry a real issue time
   * that a verifier compares with the real clock (a token "issued" weeks ahead would rightly be refused).
   */
  void setUp() {
    app.clock.set(Instant.now().minus(Duration.ofDays(24)));
    admin = staff.adminToken();
    sid = staff.createSession(admin, "S");
    opened = app.clock.instant();
    staff.openWindow(admin, sid, "11");
    center = staff.createCenter(admin, sid, "11", "110001", false, false, new JsonObject().put("24", 500).put("65", 500));
  }

  String base() {
    return "/api/v1/staff/exam-sessions/" + sid + "/centers/" + center;
  }

  /** Rooms 1 (5 seats), 2 (4) and 3 (3); slot 1 sits subject 24, slot 2 subjects 24 and 65: 15 + 7 seats fit. */
  static JsonObject plan() {
    Instant day = Instant.parse("2026-12-19T01:00:00Z");
    return new JsonObject().put("centerNo", "001")
      .put("rooms", new JsonArray().add(room(1, 5, "信息楼 101")).add(room(2, 4, "信息楼 102")).add(room(3, 3, "")))
      .put("slots", new JsonArray()
        .add(slot(1, day, day.plus(Duration.ofHours(2)), "24"))
        .add(slot(2, day.plus(Duration.ofHours(5)), day.plus(Duration.ofHours(7)), "24", "65")));
  }

  static JsonObject room(int number, int size, String location) {
    return new JsonObject().put("number", number).put("size", size).put("location", location);
  }

  static JsonObject slot(int slot, Instant start, Instant end, String... subjects) {
    return new JsonObject().put("slot", slot).put("startsAt", start.toString()).put("endsAt", end.toString())
      .put("subjects", new JsonArray(List.of((Object[]) subjects)));
  }

  void savePlan() {
    ApiResponse r = app.put(base() + "/ticket-plan", plan(), admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** Past the fill-in window (it closes 14 days after it opened), before the print window. */
  void closeWindow() {
    app.clock.set(opened.plus(Duration.ofDays(15)));
    admin = staff.adminToken();
  }

  /** Inside the print window (day 23 to day 28 after opening). */
  void printWindow() {
    app.clock.set(opened.plus(Duration.ofDays(24)));
    admin = staff.adminToken();
  }

  /** A fresh session token for the owner of a registration (sessions end after 12 hours of test-clock time). */
  String candidateToken(String registrationId) {
    var row = app.query("select a.id, a.email from account a join registration r on r.account_id = a.id "
      + "where r.id = $1::uuid", registrationId).iterator().next();
    String account = row.getUUID(0).toString();
    var platform = app.main().services().platform();
    var issued = TestApp.await(platform.sessions().create(new org.ncrebm.platform.auth.SessionStore.NewSession(
      org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, account, null, null, null, row.getString(1))));
    return platform.auth().token(issued, org.ncrebm.platform.auth.Principal.Kind.CANDIDATE, account);
  }

  /**
   * {@code n} PAID registrations of these subjects inserted directly, paid one second apart after {@code firstPaid};
   * returns their ids.
   */
  List<String> bulkPaid(int n, Instant firstPaid, String... subjects) {
    var vault = app.main().services().registrations().vault();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String[] contact = Candidates.uniqueContact();
      String account = app.query("insert into account (email, mobile, password_hash) values ($1, $2, 'x') returning id",
        contact[0], contact[1]).iterator().next().getUUID(0).toString();
      String idNumber = TestIds.resident();
      String digest = "d-" + account;
      String id = app.query("""
          insert into registration (account_id, exam_session_id, center_id, province_code, status, agreement_version,
            agreement_accepted_at, id_type, id_number_enc, id_digest, id_masked, id_last4, name, paid_at)
          values ($1::uuid, $2, $3, '11', 'PAID', 'v1', now(), 'RESIDENT_ID', $4, $5, 'masked', $6, $7, $8)
          returning id""", account, sid, center, io.vertx.core.buffer.Buffer.buffer(vault.encrypt(idNumber)), digest,
        idNumber.substring(14), "考生" + i, firstPaid.plusSeconds(i).atOffset(java.time.ZoneOffset.UTC))
        .iterator().next().getUUID(0).toString();
      for (String s : subjects) {
        app.query("insert into registration_subject (registration_id, exam_session_id, center_id, subject_code, id_digest, "
          + "state) values ($1::uuid, $2, $3, $4, $5, 'CONFIRMED')", id, sid, center, s, digest);
      }
      ids.add(id);
    }
    return ids;
  }

  /** [token, registration id] of a registration paid for subjects 24 and 65 through the API and the simulator. */
  String[] paidThroughApi() {
    return paidThroughApi(null);
  }

  /** The same for an account whose language is first set to {@code lang} ({@code zh}/{@code en}; null: the default). */
  String[] paidThroughApi(String lang) {
    String token = new Candidates(app).seeded(1).get(0)[1];
    if (lang != null) {
      ApiResponse set = app.send(app.request(io.vertx.core.http.HttpMethod.PATCH, "/api/v1/passport/me")
        .bearerTokenAuthentication(token), new JsonObject().put("lang", lang));
      assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }
    Journey journey = new Journey(app);
    String id = journey.ready(token, sid, center, "24", "65");
    assertThat(journey.submit(token, id).json().getString("status")).isEqualTo("PAYABLE");
    ApiResponse order = app.post("/api/v1/registrations/" + id + "/orders", new JsonObject().put("gateway", "alipay"),
      token);
    assertThat(order.status()).as(order.toString()).isEqualTo(201);
    ApiResponse paid = app.post("/sim/alipay/orders/" + order.json().getString("merchantOrderNo") + "/pay",
      new JsonObject());
    assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
    for (int i = 0; i < 400 && app.count("select count(*) from registration where id = $1::uuid and status = 'PAID'",
      id) == 0; i++) {
      pause(25);
    }
    assertThat(app.count("select count(*) from registration where id = $1::uuid and status = 'PAID'", id)).isEqualTo(1);
    return new String[]{token, id};
  }

  /** Starts the arrangement through the API and waits for the run to end; returns the run as the API shows it. */
  JsonObject arrange() {
    long before = app.count("select count(*) from ticket_arrangement_run where center_id = $1 and status <> 'RUNNING'",
      center);
    ApiResponse r = app.post(base() + "/arrangement", new JsonObject(), admin);
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return awaitRunEnded(before);
  }

  /** Waits until more runs than {@code endedBefore} have ended and no run is running. */
  JsonObject awaitRunEnded(long endedBefore) {
    for (int i = 0; i < 800; i++) {
      long ended = app.count("select count(*) from ticket_arrangement_run where center_id = $1 and status <> 'RUNNING'",
        center);
      long running = app.count("select count(*) from ticket_arrangement_run where center_id = $1 and status = 'RUNNING'",
        center);
      if (ended > endedBefore && running == 0) break;
      pause(25);
    }
    ApiResponse status = app.get(base() + "/arrangement", admin);
    assertThat(status.status()).as(status.toString()).isEqualTo(200);
    return status.json();
  }

  /** (registration, subject, ticket number, voided) of every ticket, in a fixed order. */
  List<String> snapshot() {
    List<String> rows = new ArrayList<>();
    app.query("select registration_id, subject_code, ticket_number, voided_at is not null from ticket "
      + "order by registration_id, subject_code, ticket_number")
      .forEach(r -> rows.add(r.getUUID(0) + " " + r.getString(1) + " " + r.getString(2) + " " + r.getBoolean(3)));
    return rows;
  }
}
