package org.ncrebm.catalog;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.ApiResponse;
import org.ncrebm.support.Staff;
import org.ncrebm.support.TestApp;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("CSV import of test centers: every row validated, all or nothing, each bad row and field reported")
class CenterImportTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private final Staff staff = new Staff(app);
  private String admin;
  private long sid;

  @BeforeEach
  void setUp() {
    admin = staff.adminToken();
    sid = staff.createSession(admin, "S");
  }

  private ApiResponse upload(String token, String csv, String type) {
    return new ApiResponse(TestApp.await(app.client().post("/api/v1/staff/exam-sessions/" + sid + "/centers/import")
      .bearerTokenAuthentication(token).putHeader("Content-Type", type).putHeader("Accept-Language", "en")
      .sendBuffer(Buffer.buffer(csv))));
  }

  @Test
  @DisplayName("a good file with Chinese headers, a BOM, quotes and CRLF creates the centers with capacities")
  void goodFile() {
    String csv = "\uFEFF省份代码,考点代码,考点名称,考点地址,是否审核,是否需要班级,最多科目数,24,28\r\n"
      + "11,110101,北京一中考点,\"北京市西城区, 示范路 \"\"1\"\" 号\",是,否,2,120,60\r\n"
      + "11,110102,北京二中考点,北京市东城区,否,是,3,80,\r\n";
    ApiResponse r = upload(admin, csv, "text/csv; charset=utf-8");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getInteger("created")).isEqualTo(2);
    var row = app.query("select name, address, review_required, class_required, max_subjects from test_center "
      + "where code = '110101'").iterator().next();
    assertThat(row.getString("address")).isEqualTo("北京市西城区, 示范路 \"1\" 号");
    assertThat(row.getBoolean("review_required")).isTrue();
    assertThat(row.getInteger("max_subjects")).isEqualTo(2);
    assertThat(app.count("select count(*) from center_capacity k join test_center c on c.id = k.center_id "
      + "where c.code = '110102'")).isEqualTo(1);
    assertThat(app.count("select count(*) from audit_log where action = 'catalog.center.import'")).isEqualTo(2);
  }

  @Test
  @DisplayName("importing again updates the known centers instead of failing")
  void reimport() {
    upload(admin, "province_code,center_code,name,24\n11,A1,first,10\n", "text/csv");
    ApiResponse again = upload(admin, "province_code,center_code,name,24\n11,A1,renamed,15\n11,A2,new,5\n", "text/csv");
    assertThat(again.json().getInteger("updated")).isEqualTo(1);
    assertThat(again.json().getInteger("created")).isEqualTo(1);
    assertThat(app.count("select capacity from center_capacity k join test_center c on c.id = k.center_id "
      + "where c.code = 'A1'")).isEqualTo(15);
  }

  @Test
  @DisplayName("one bad row anywhere writes nothing, and every bad row and field is named")
  void badFile() {
    String csv = "province_code,center_code,name,review_required,max_subjects,24,99\n"
      + "11,OK1,fine,yes,3,10,\n"
      + "1,bad code,,maybe,9,-5,\n"
      + "11,OK1,duplicate,no,3,10,\n"
      + "11,SHORT\n";
    ApiResponse r = upload(admin, csv, "text/csv");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("VALIDATION_FAILED");
    var errors = r.json().getJsonArray("errors");
    java.util.List<String> seen = new java.util.ArrayList<>();
    for (int i = 0; i < errors.size(); i++) {
      JsonObject e = errors.getJsonObject(i);
      seen.add(e.getInteger("line") + ":" + e.getString("column"));
    }
    assertThat(seen).contains("1:99", "3:provinceCode", "3:code", "3:name", "3:reviewRequired", "3:maxSubjects",
      "3:capacities", "4:code", "5:");
    assertThat(app.count("select count(*) from test_center")).isZero();
    assertThat(app.count("select count(*) from audit_log where action like 'catalog.center%'")).isZero();
  }

  @Test
  @DisplayName("rows after empty lines keep their line numbers; a quote never closed is reported at its line")
  void malformedCsv() {
    ApiResponse gap = upload(admin, "province_code,center_code,name,24\n\n\n11,bad code,x,10\n", "text/csv");
    assertThat(gap.json().getJsonArray("errors").getJsonObject(0).getInteger("line")).isEqualTo(4);
    ApiResponse r = upload(admin, "province_code,center_code,name,24\n11,A1,ok,10\n11,A2,\"never closed,10\n",
      "text/csv");
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    JsonObject error = r.json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getInteger("line")).isEqualTo(3);
    assertThat(error.getString("message")).contains("not valid CSV");
    assertThat(app.count("select count(*) from test_center")).isZero();
  }

  @Test
  @DisplayName("a province office can import only its own province; wrong media type is 415")
  void scopeAndType() {
    staff.createStaff(admin, "p11", "PROVINCE_ADMIN", "11", null);
    String p11 = staff.login("p11", Staff.PASSWORD);
    ApiResponse r = upload(p11, "province_code,center_code,name\n11,A,ok\n12,B,other province\n", "text/csv");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getInteger("line")).isEqualTo(3);
    assertThat(app.count("select count(*) from test_center")).isZero();
    assertThat(upload(admin, "{}", "application/json").status()).isEqualTo(415);
    assertThat(upload(admin, "", "text/csv").status()).isEqualTo(400);
  }

  @Test
  @DisplayName("a database refusal mid-import (capacity below seats taken) rolls the whole file back")
  void rollbackOnDatabaseRefusal() {
    upload(admin, "province_code,center_code,name,24\n11,A1,first,10\n", "text/csv");
    app.query("update center_capacity set taken = 8");
    ApiResponse r = upload(admin, "province_code,center_code,name,24\n11,A2,new,10\n11,A1,first,5\n", "text/csv");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getInteger("line")).isEqualTo(3);
    assertThat(app.count("select count(*) from test_center where code = 'A2'")).isZero();
  }
}
