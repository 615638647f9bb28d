package org.ncrebm.contract;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiContract;
import org.ncrebm.support.ApiContract.Operation;
import org.ncrebm.support.Candidates;
import org.ncrebm.support.Journey;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of requests generated from the OpenAPI document against the running service: every documented route
 * and method, valid and broken bodies, every content type, with and without credentials. None may answer 5xx, drop
 * the connection, or write a row when it is refused; the service is still ready afterwards (and the suite-wide
 * extension fails the class on any blocked-thread warning).
 * <p>
 * {@code -Dncre.fuzz.seed=N -Dncre.fuzz.requests=N} explore further; {@code mvn verify -Pexplore} runs a long one.
 */
@DisplayName("Generated input from the OpenAPI document never gets a 5xx, a dropped connection or a write")
class GeneratedInputTest {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedInputTest.class);
  @RegisterExtension
  static final TestApp app = new TestApp();

  private final Map<String, String> tokens = new HashMap<>();
  private String candidateLogin;

  @Test
  void noInputMakesTheServiceFail() {
    long seed = Long.getLong("ncre.fuzz.seed", 20261206L);
    int requests = Integer.getInteger("ncre.fuzz.requests", 5000);
    Map<String, List<String>> ids = fixture();
    ApiContract contract = ApiContract.get();
    List<Operation> operations = contract.operations();
    RequestGenerator generator = new RequestGenerator(contract, seed, ids, tokens);
    RowCounts rows = new RowCounts();
    Map<String, Long> before = rows.snapshot();

    List<String> serverErrors = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    List<String> writes = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    String previous = "none";
    for (int i = 0; i < requests; i++) {
      if (i % 250 == 0) refreshTokens();
      RequestGenerator.Generated g = generator.next(operations.get(i % operations.size()));
      HttpResponse<Buffer> response;
      try {
        response = TestApp.await(send(g));
      } catch (RuntimeException e) {
        dropped.add(g.description() + " -> " + e + " (the request before: " + previous + ")");
        previous = "dropped";
        continue;
      }
      int status = response.statusCode();
      previous = g.description() + " -> " + status + " connection=" + response.getHeader("Connection");
      statuses.merge(status, 1, Integer::sum);
      if (status >= 500) {
        serverErrors.add(g.description() + " -> " + status + " " + snippet(response.bodyAsString()));
      }
      Map<String, Long> after = rows.snapshot();
      if (status >= 400 && !after.equals(before)) {
        writes.add(g.description() + " -> " + status + " changed rows " + diff(before, after));
      }
      before = after;
    }
    LOG.info("generated-input run: seed {} requests {} operations {} statuses {}", seed, requests, operations.size(), statuses);
    assertThat(serverErrors).as("5xx answers (seed %d)", seed).isEmpty();
    assertThat(dropped).as("dropped connections (seed %d)", seed).isEmpty();
    assertThat(writes).as("refused requests that wrote rows (seed %d)", seed).isEmpty();
    assertThat(operations.size()).as("operations in the document").isGreaterThan(30);
    assertThat(app.get("/health/ready", null).status()).isEqualTo(200);
  }

  /** Real ids, so generated requests reach the operations' code and not only the 404 of an unknown id. */
  private Map<String, List<String>> fixture() {
    Staff staff = new Staff(app);
    String admin = staff.adminToken();
    long sid = staff.createSession(admin, "全国计算机等级考试 fuzz");
    staff.openWindow(admin, sid, "11");
    long center = staff.createCenter(admin, sid, "11", "11001", true, false,
      new JsonObject().put("24", 10).put("28", 10).put("65", 10));
    String[] candidate = new Candidates(app).newLoggedIn();
    candidateLogin = candidate[2];
    String registration = new Journey(app).startOk(candidate[1], sid, center, TestIds.resident());
    tokens.put("staff", admin);
    tokens.put("candidate", candidate[1]);
    String t = candidate[1];
    tokens.put("forged", t.substring(0, t.lastIndexOf('.') + 1) + "c2lnbmVkIGJ5IHNvbWVib2R5IGVsc2U");
    Map<String, List<String>> ids = new HashMap<>();
    ids.put("id", List.of(registration, Long.toString(center)));
    ids.put("sid", List.of(Long.toString(sid)));
    ids.put("code", List.of("11", "31"));
    ids.put("cid", List.of(Long.toString(center)));
    ids.put("centerId", List.of(Long.toString(center)));
    ids.put("gateway", List.of("alipay", "wechat"));
    return ids;
  }

  /** A generated logout or password change may end the fixture's sessions: log in again, keep exploring deep. */
  private void refreshTokens() {
    if (app.get("/api/v1/passport/me", tokens.get("candidate")).status() == 401) {
      var r = new Candidates(app).login(candidateLogin, Candidates.PASSWORD);
      if (r.status() == 201) tokens.put("candidate", r.json().getString("token"));
    }
    if (app.get("/api/v1/staff/audit", tokens.get("staff")).status() == 401) {
      tokens.put("staff", new Staff(app).adminToken());
    }
  }

  private Future<HttpResponse<Buffer>> send(RequestGenerator.Generated g) {
    HttpRequest<Buffer> request = app.client().request(HttpMethod.valueOf(g.method()), g.uri());
    g.headers().forEach(request::putHeader);
    return g.body() == null ? request.send() : request.sendBuffer(g.body());
  }

  /** The row count of every table the service writes, in one round trip. */
  private static final class RowCounts {
    private final String sql;

    RowCounts() {
      List<String> tables = new ArrayList<>();
      app.query("select tablename from pg_tables where schemaname = 'public' and tablename <> 'flyway_schema_history' "
        + "order by tablename").forEach(r -> tables.add(r.getString(0)));
      StringBuilder b = new StringBuilder("select ");
      for (int i = 0; i < tables.size(); i++) {
        if (i > 0) b.append(", ");
        b.append("(select count(*) from \"").append(tables.get(i)).append("\") as \"").append(tables.get(i)).append('"');
      }
      sql = b.toString();
    }

    Map<String, Long> snapshot() {
      Row row = TestApp.await(app.db().query(sql).execute()).iterator().next();
      Map<String, Long> out = new TreeMap<>();
      for (int i = 0; i < row.size(); i++) out.put(row.getColumnName(i), row.getLong(i));
      return out;
    }
  }

  private static String diff(Map<String, Long> before, Map<String, Long> after) {
    StringBuilder b = new StringBuilder();
    after.forEach((t, n) -> {
      long was = before.getOrDefault(t, 0L);
      if (was != n) b.append(t).append(' ').append(was).append("->").append(n).append(' ');
    });
    return b.toString().trim();
  }

  private static String snippet(String body) {
    return body == null ? "" : body.length() > 200 ? body.substring(0, 200) : body;
  }
}
