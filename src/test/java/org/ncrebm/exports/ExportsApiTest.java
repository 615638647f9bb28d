package org.ncrebm.exports;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Journey;
import org.ncrebm.support.SeededRegistrations;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;
import org.ncrebm.support.TestIds;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Exports (B3): registrations as CSV, a center's photos as ZIP, candidate search; scoped and audited")
class ExportsApiTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private final Journey journey = new Journey(app);
  private String admin;
  private long sid;
  private long centerA;
  private long centerB;
  private long centerT;
  /** Registration id → the full ID number its candidate entered. */
  private final Map<String, String> idNumbers = new LinkedHashMap<>();
  private String beijing2;
  private String tianjin;

  @BeforeEach
  void setUp() {
    admin = staff.adminToken();
    sid = staff.createSession(admin, "2026年9月");
    staff.openWindow(admin, sid, "11");
    staff.openWindow(admin, sid, "12");
    JsonObject caps = new JsonObject().put("24", 10).put("28", 10);
    centerA = staff.createCenter(admin, sid, "11", "110001", false, false, caps);
    centerB = staff.createCenter(admin, sid, "11", "110002", false, false, caps);
    centerT = staff.createCenter(admin, sid, "12", "120001", false, false, caps);
    staff.createStaff(admin, "p11", "PROVINCE_ADMIN", "11", null);
    staff.createStaff(admin, "p12", "PROVINCE_ADMIN", "12", null);
    staff.createStaff(admin, "c11", "CENTER_STAFF", null, centerA);
    var tokens = new org.ncrebm.support.Candidates(app).seeded(3);
    submitted(tokens.get(0)[1], centerA, "张三", "24");
    beijing2 = submitted(tokens.get(1)[1], centerB, "王五", "28");
    tianjin = submitted(tokens.get(2)[1], centerT, "李四", "24");
  }

  private String submitted(String token, long center, String name, String subject) {
    String id = journey.startOk(token, sid, center, TestIds.resident());
    // A class name is free text: one that a spreadsheet would run as a formula.
    JsonObject profile = Journey.profile().put("name", name).put("className", name.equals("王五") ? "=HYPERLINK(\"x\")" : "计科 2201");
    ApiResponse saved = journey.profile(token, id, profile);
    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    assertThat(journey.photo(token, id, org.ncrebm.support.TestPhotos.good(), "image/jpeg").status()).isEqualTo(200);
    assertThat(journey.subjects(token, id, subject).status()).isEqualTo(200);
    assertThat(journey.submit(token, id).json().getString("status")).isEqualTo("PAYABLE");
    idNumbers.put(id, app.get("/api/v1/registrations/" + id, token).json().getString("idNumber"));
    return id;
  }

  private HttpResponse<Buffer> raw(String path, String token, String lang) {
    var request = app.client().get(path);
    if (token != null) request.bearerTokenAuthentication(token);
    if (lang != null) request.putHeader("Accept-Language", lang);
    return TestApp.await(request.send());
  }

  private String csvPath(String query) {
    return "/api/v1/staff/exam-sessions/" + sid + "/registrations.csv" + query;
  }

  private static List<String> lines(HttpResponse<Buffer> r) {
    return Arrays.asList(r.bodyAsString("UTF-8").split("\r\n"));
  }

  @Test
  @DisplayName("the CSV is UTF-8 with a BOM, a Chinese header, one line per registration with its full ID number")
  void registrationsCsv() {
    HttpResponse<Buffer> r = raw(csvPath(""), admin, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"ncre-registrations-s" + sid + ".csv\"");
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    byte[] bytes = r.body().getBytes();
    assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    List<String> lines = lines(r);
    assertThat(lines.get(0)).isEqualTo("\uFEFF报名号,省份代码,考点代码,考点名称,姓名,性别,证件类型,证件号码,出生日期,民族,文化程度,"
      + "职业,联系电话,班级,报考科目,准考证号,报名状态,提交时间,缴费时间");
    assertThat(lines).hasSize(4);
    String zhang = lines.stream().filter(l -> l.contains("张三")).findFirst().orElseThrow();
    String firstId = idNumbers.keySet().iterator().next();
    assertThat(zhang).startsWith(firstId + ",11,110001,考点110001,张三,男,中华人民共和国居民身份证," + idNumbers.get(firstId)
      + ",2004-03-15,汉族,本科,学生,13800138000,计科 2201,24,,待缴费,");
    assertThat(lines.get(3)).as("ordered by province, center").contains("李四").contains(",12,120001,");
    assertThat(lines.get(2)).as("a formula typed as a class name stays text, quoted by the CSV library")
      .contains(",\"'=HYPERLINK(\"\"x\"\")\",");

    HttpResponse<Buffer> en = raw(csvPath("?idNumbers=masked"), admin, "en");
    assertThat(lines(en).get(0)).startsWith("\uFEFFRegistration,Province,Center code,Center,Name,Gender,ID type,ID number");
    assertThat(en.bodyAsString()).contains("Male").contains("Awaiting payment").doesNotContain(idNumbers.get(firstId))
      .contains(idNumbers.get(firstId).substring(0, 3) + "***********" + idNumbers.get(firstId).substring(14));
  }

  @Test
  @DisplayName("the CSV filters by province, center and status; a province admin gets their province by default")
  void registrationsCsvFilters() {
    assertThat(lines(raw(csvPath("?province=12"), admin, null))).hasSize(2).last().asString().contains("李四");
    List<String> a = lines(raw(csvPath("?center=" + centerA), admin, null));
    assertThat(a).hasSize(2);
    assertThat(a.get(1)).contains("张三");
    assertThat(lines(raw(csvPath("?status=PAID"), admin, null))).hasSize(1);
    assertThat(lines(raw(csvPath("?status=PAYABLE&province=11&center=" + centerB), admin, null))).hasSize(2);
    String p11 = staff.login("p11", Staff.PASSWORD);
    HttpResponse<Buffer> own = raw(csvPath(""), p11, null);
    assertThat(lines(own)).hasSize(3).noneMatch(l -> l.contains("李四"));
    assertThat(own.getHeader("Content-Disposition")).contains("ncre-registrations-s" + sid + "-p11.csv");
  }

  @Test
  @DisplayName("thousands of rows stream through the cursor in batches, every one of them, in order")
  void largeCsv() {
    List<String> seeded = SeededRegistrations.seed(app, sid, centerB, "11", 2_345);
    HttpResponse<Buffer> r = raw(csvPath("?center=" + centerB), admin, null);
    List<String> lines = lines(r);
    assertThat(lines).hasSize(1 + 1 + 2_345);
    assertThat(lines.subList(1, lines.size())).allMatch(l -> l.contains(",11,110002,"));
    assertThat(r.bodyAsString()).contains(seeded.get(0)).contains("考生2345");
    assertThat(app.count("select count(*) from audit_log where action = 'export.registrations' "
      + "and (after->>'rows')::int = 2346 and (after->>'complete')::boolean")).isEqualTo(1);
  }

  @Test
  @DisplayName("a client that stops reading holds the cursor back; when it hangs up the export is audited incomplete")
  void clientGoneMidway() {
    int rows = 30_000;
    SeededRegistrations.seed(app, sid, centerB, "11", rows);
    var client = app.vertx().createHttpClient();
    var request = TestApp.await(client.request(io.vertx.core.http.HttpMethod.GET, app.port(), "127.0.0.1",
      csvPath("?center=" + centerB)));
    request.putHeader("Authorization", "Bearer " + admin);
    var response = TestApp.await(request.send());
    response.pause();
    assertThat(response.statusCode()).isEqualTo(200);
    org.ncrebm.support.Polling.pause(1_500);
    TestApp.await(request.connection().close());
    for (int i = 0; i < 200 && app.count("select count(*) from audit_log where action = 'export.registrations'") == 0; i++) {
      org.ncrebm.support.Polling.pause(50);
    }
    var audit = app.query("select after from audit_log where action = 'export.registrations'").iterator().next()
      .getJsonObject(0);
    assertThat(audit.getBoolean("complete")).isFalse();
    assertThat(audit.getLong("rows")).as("rows read from the cursor while nobody read the response")
      .isLessThan(rows);
    assertThat(lines(raw(csvPath("?province=12"), admin, null))).as("the cursor's connection is back in the pool")
      .hasSize(2);
    TestApp.await(client.close());
  }

  @Test
  @DisplayName("a center's photos come as a ZIP of JPEGs named by ID number")
  void photosZip() throws IOException {
    String p11 = staff.login("p11", Staff.PASSWORD);
    HttpResponse<Buffer> r = raw("/api/v1/staff/centers/" + centerA + "/photos.zip", p11, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/zip");
    assertThat(r.getHeader("Content-Disposition"))
      .isEqualTo("attachment; filename=\"ncre-photos-s" + sid + "-p11-c110001.zip\"");
    String firstId = idNumbers.keySet().iterator().next();
    Map<String, byte[]> entries = unzip(r.body().getBytes());
    assertThat(entries).containsOnlyKeys(idNumbers.get(firstId) + ".jpg");
    byte[] jpeg = entries.values().iterator().next();
    assertThat(Arrays.copyOf(jpeg, 3)).containsExactly(0xFF, 0xD8, 0xFF);
    byte[] stored = raw("/api/v1/staff/registrations/" + firstId + "/photo", admin, null).body().getBytes();
    assertThat(jpeg).isEqualTo(stored);
    assertThat(unzip(raw("/api/v1/staff/centers/" + centerA + "/photos.zip?status=PAID", admin, null).body()
      .getBytes())).isEmpty();
    assertThat(app.count("select count(*) from audit_log where action = 'export.photos' and target_id = $1 "
      + "and province_code = '11' and (after->>'rows')::int = 1", Long.toString(centerA))).isEqualTo(1);
  }

  @Test
  @DisplayName("a center with many photos streams them batch by batch; two people with one number string both come")
  void manyPhotos() throws IOException {
    List<String> seeded = SeededRegistrations.seed(app, sid, centerB, "11", 40);
    byte[] jpeg = org.ncrebm.support.TestPhotos.good();
    app.query("insert into registration_photo (registration_id, jpeg, width, height, size_bytes) "
      + "select id, $1, 300, 400, $2 from registration where center_id = $3 and id_digest like 'seed-%'",
      Buffer.buffer(jpeg), jpeg.length, centerB);
    Map<String, byte[]> entries = unzip(raw("/api/v1/staff/centers/" + centerB + "/photos.zip", admin, null).body()
      .getBytes());
    assertThat(entries).hasSize(40 + 1);
    assertThat(entries.keySet()).allMatch(n -> n.matches("[0-9X]{18}(-[0-9]+)?\\.jpg"))
      .contains(seeded.get(0) + ".jpg", seeded.get(0) + "-2.jpg");
    assertThat(entries.values().stream().filter(b -> Arrays.equals(b, jpeg))).hasSize(40);
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) out.put(e.getName(), in.readAllBytes());
    }
    return out;
  }

  @Test
  @DisplayName("candidate search across a province by name, last four, masked or full ID number, or ticket number")
  void search() {
    String p11 = staff.login("p11", Staff.PASSWORD);
    String firstId = idNumbers.keySet().iterator().next();
    String number = idNumbers.get(firstId);
    ApiResponse byName = app.get("/api/v1/staff/candidates?q=" + enc("张"), p11);
    assertThat(byName.status()).as(byName.toString()).isEqualTo(200);
    JsonObject hit = byName.json().getJsonArray("items").getJsonObject(0);
    assertThat(byName.json().getLong("total")).isEqualTo(1);
    assertThat(hit.getString("id")).isEqualTo(firstId);
    assertThat(hit.getString("idNumber")).isEqualTo(number.substring(0, 3) + "***********" + number.substring(14));
    assertThat(hit.getString("centerName")).isEqualTo("考点110001");
    assertThat(hit.getString("name")).isEqualTo("张三");
    assertThat(app.get("/api/v1/staff/candidates?q=" + enc("李四"), p11).json().getLong("total"))
      .as("Tianjin is outside Beijing's search").isZero();
    assertThat(app.get("/api/v1/staff/candidates?q=" + enc("李四"), admin).json().getLong("total")).isEqualTo(1);
    assertThat(ids(app.get("/api/v1/staff/candidates?q=" + number.substring(14), p11))).containsExactly(firstId);
    assertThat(ids(app.get("/api/v1/staff/candidates?q=" + enc(hit.getString("idNumber")), p11))).contains(firstId);
    assertThat(ids(app.get("/api/v1/staff/candidates?q=" + number, admin))).containsExactly(firstId);
    assertThat(ids(app.get("/api/v1/staff/candidates?q=" + enc("%"), p11))).isEmpty();

    app.query("insert into ticket_center (center_id, exam_session_id, province_code, center_no) values ($1, $2, '11', '001')",
      centerA, sid);
    app.query("insert into ticket_room (center_id, number, size) values ($1, 1, 30)", centerA);
    app.query("insert into ticket_slot (center_id, slot, starts_at, ends_at) values ($1, 1, now(), now() + interval '2 hours')",
      centerA);
    app.query("insert into ticket (exam_session_id, center_id, registration_id, subject_code, ticket_number, slot, room, seat) "
      + "values ($1, $2, $3::uuid, '24', '261124001010101', 1, 1, 1)", sid, centerA, firstId);
    ApiResponse byTicket = app.get("/api/v1/staff/candidates?q=261124001010101&session=" + sid, p11);
    assertThat(ids(byTicket)).containsExactly(firstId);
    assertThat(byTicket.json().getJsonArray("items").getJsonObject(0).getJsonArray("ticketNumbers"))
      .containsExactly("261124001010101");
    assertThat(app.count("select count(*) from audit_log where action = 'candidate.search' and after->>'q' = $1",
      number)).as("a full ID number never lands in the log").isZero();
    assertThat(app.count("select count(*) from audit_log where action = 'candidate.search'")).isEqualTo(8);
  }

  private static List<String> ids(ApiResponse r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    JsonArray items = r.json().getJsonArray("items");
    for (int i = 0; i < items.size(); i++) out.add(items.getJsonObject(i).getString("id"));
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("outside the caller's scope: 403 for another province's admin and for center staff, nothing audited")
  void scope() {
    String p12 = staff.login("p12", Staff.PASSWORD);
    String c11 = staff.login("c11", Staff.PASSWORD);
    for (String token : List.of(p12, c11)) {
      assertThat(app.get(csvPath("?province=11"), token).errorCode()).isEqualTo("FORBIDDEN");
      assertThat(app.get(csvPath("?center=" + centerA), token).status()).isEqualTo(403);
      assertThat(app.get("/api/v1/staff/centers/" + centerA + "/photos.zip", token).status()).isEqualTo(403);
      assertThat(app.get("/api/v1/staff/candidates?province=11&q=" + enc("张"), token).status()).isEqualTo(403);
    }
    assertThat(app.get(csvPath(""), c11).status()).as("center staff export nothing").isEqualTo(403);
    assertThat(app.get("/api/v1/staff/candidates?q=" + enc("张"), c11).status()).isEqualTo(403);
    assertThat(app.get(csvPath(""), null).status()).isEqualTo(401);
    assertThat(app.count("select count(*) from audit_log where action like 'export.%' or action = 'candidate.search'"))
      .isZero();
    assertThat(lines(raw(csvPath(""), p12, null))).as("Tianjin's own export").hasSize(2);
  }

  @Test
  @DisplayName("bad input is a 400 with the API's error shape; unknown sessions and centers are 404")
  void badInput() {
    assertThat(app.get(csvPath("?status=NOPE"), admin).fieldErrors().fieldNames()).containsExactly("status");
    assertThat(app.get(csvPath("?province=1x"), admin).fieldErrors().fieldNames()).containsExactly("province");
    assertThat(app.get(csvPath("?province=110"), admin).status()).isEqualTo(400);
    assertThat(app.get(csvPath("?center=abc"), admin).fieldErrors().fieldNames()).containsExactly("center");
    assertThat(app.get(csvPath("?center=999999"), admin).fieldErrors().fieldNames()).containsExactly("center");
    assertThat(app.get(csvPath("?center=" + centerT + "&province=11"), admin).fieldErrors().fieldNames())
      .containsExactly("center");
    assertThat(app.get(csvPath("?idNumbers=all"), admin).errorCode()).isEqualTo("VALIDATION_FAILED");
    long other = staff.createSession(admin, "other");
    long otherCenter = staff.createCenter(admin, other, "11", "119999", false, false, new JsonObject().put("24", 1));
    assertThat(app.get(csvPath("?center=" + otherCenter), admin).status()).isEqualTo(400);
    assertThat(app.get("/api/v1/staff/exam-sessions/999999/registrations.csv", admin).errorCode()).isEqualTo("NOT_FOUND");
    assertThat(app.get("/api/v1/staff/exam-sessions/x/registrations.csv", admin).status()).isEqualTo(404);
    assertThat(app.get("/api/v1/staff/centers/999999/photos.zip", admin).status()).isEqualTo(404);
    assertThat(app.get("/api/v1/staff/centers/" + centerA + "/photos.zip?status=NOPE", admin).status()).isEqualTo(400);
    assertThat(app.get("/api/v1/staff/candidates", admin).fieldErrors().fieldNames()).containsExactly("q");
    assertThat(app.get("/api/v1/staff/candidates?q=" + "x".repeat(31), admin).status()).isEqualTo(400);
    assertThat(app.get("/api/v1/staff/candidates?q=a&session=-1", admin).fieldErrors().fieldNames())
      .containsExactly("session");
    assertThat(app.get("/api/v1/staff/candidates?q=a&page=0", admin).status()).isEqualTo(400);
    assertThat(app.count("select count(*) from audit_log where action like 'export.%'")).isZero();
  }

  @Test
  @DisplayName("the back office's exports page links the CSV and each center's ZIP, which the staff cookie opens")
  void exportsPage() {
    var web = org.ncrebm.support.StaffWeb.login(app, "p11", Staff.PASSWORD);
    HttpResponse<Buffer> page = web.get("/staff/exports");
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    String html = page.bodyAsString();
    assertThat(html).contains("导出与考生查询").contains("href=\"/staff/exports\"")
      .contains("action=\"/api/v1/staff/exam-sessions/" + sid + "/registrations.csv\"")
      .contains("href=\"/api/v1/staff/centers/" + centerA + "/photos.zip\"")
      .contains("href=\"/api/v1/staff/centers/" + centerB + "/photos.zip\"")
      .doesNotContain("/api/v1/staff/centers/" + centerT + "/photos.zip");
    HttpResponse<Buffer> csv = web.get(csvPath("?province=11&center=" + centerA + "&status=&idNumbers=full"));
    assertThat(csv.statusCode()).as(csv.bodyAsString()).isEqualTo(200);
    assertThat(lines(csv)).hasSize(2);
    assertThat(web.get("/api/v1/staff/centers/" + centerA + "/photos.zip").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> found = web.get("/staff/exports?session=" + sid + "&province=11&q=" + enc("张三"));
    String number = idNumbers.values().iterator().next();
    assertThat(found.bodyAsString()).contains("共 1 名考生").contains("张三")
      .contains(number.substring(0, 3) + "***********" + number.substring(14)).doesNotContain(number);
    var english = TestApp.await(app.client().get("/staff/exports").putHeader("Accept-Language", "en")
      .putHeader("Cookie", "ncre_lang=en").send());
    assertThat(english.statusCode()).as("no cookie: to the login page").isEqualTo(303);
    assertThat(org.ncrebm.support.StaffWeb.login(app, "c11", Staff.PASSWORD).get("/staff/exports").statusCode())
      .isEqualTo(403);
  }
}
