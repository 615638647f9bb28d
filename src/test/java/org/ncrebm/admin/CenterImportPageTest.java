package org.ncrebm.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncrebm.support.BackOfficeFixture;
import org.ncrebm.support.StaffWeb;
import org.ncrebm.support.TestApp;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The CSV import page: all or nothing, with a report naming each bad line and column")
class CenterImportPageTest {
  @RegisterExtension
  static final TestApp app = new TestApp();
  private BackOfficeFixture f;
  private StaffWeb web;
  private String path;

  @BeforeEach
  void fixture() {
    f = new BackOfficeFixture(app);
    web = StaffWeb.login(app, BackOfficeFixture.PROV11, BackOfficeFixture.PASSWORD);
    path = "/staff/exam-sessions/" + f.sid + "/centers/import";
  }

  private static Buffer utf8(String s) {
    return Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
  }

  private String centersSnapshot() {
    StringBuilder b = new StringBuilder();
    app.query("select c.code, c.name, c.max_subjects, k.subject_code, k.capacity from test_center c "
      + "left join center_capacity k on k.center_id = c.id order by c.code, k.subject_code")
      .forEach(r -> b.append(r.toJson().encode()).append('\n'));
    return b.toString();
  }

  @Test
  @DisplayName("a good file (BOM, Chinese headers, CRLF) creates new centers and updates known ones")
  void goodFile() {
    String csv = "\uFEFF省份代码,考点代码,考点名称,考点地址,是否审核,是否需要班级,最多报考科目数,考点总容量,科目28,科目65\r\n"
      + "11,110001,北京职业技术学院考点,\"北京市示范路17号, 东门\",是,否,3,,120,80\r\n"
      + "11,110003,北京开放大学考点,北京市示范路51号,否,是,2,200,90,\r\n";
    HttpResponse<Buffer> r = web.upload(path, "centers.csv", utf8(csv), true);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsString()).contains("id=\"import-ok\"").contains("新建 1 个考点，更新 1 个考点");
    assertThat(app.count("select capacity from center_capacity where center_id = $1 and subject_code = '28'", f.center11))
      .isEqualTo(120);
    assertThat(app.query("select address, class_required, total_capacity from test_center where code = '110003'")
      .iterator().next().toJson().encode())
      .isEqualTo("{\"address\":\"北京市示范路51号\",\"class_required\":true,\"total_capacity\":200}");
    assertThat(app.count("select count(*) from audit_log where action = 'catalog.center.import'")).isEqualTo(2);
  }

  @Test
  @DisplayName("a file with bad rows is rejected whole: the report lists line, column and message; nothing is written")
  void badFile() {
    String before = centersSnapshot();
    long audits = app.count("select count(*) from audit_log");
    String csv = "province_code,center_code,name,max_subjects,cap_28,cap_99\n"
      + "11,110001,北京职业技术学院考点（改）,3,10,\n"
      + "12,120009,天津新考点,3,10,\n"
      + "11,bad code!,海淀考点,5,abc,\n"
      + "11,110004\n"
      + "11,110001,又一次,3,10,\n";
    HttpResponse<Buffer> r = web.upload(path, "centers.csv", utf8(csv), true);
    assertThat(r.statusCode()).isEqualTo(400);
    String body = r.bodyAsString();
    assertThat(body).contains("id=\"import-rejected\"").contains("文件未导入，没有写入任何数据")
      .contains("<th scope=\"row\" class=\"num\">1</th><td>cap_99</td><td>本次考试没有科目 99。</td>")
      .contains("<th scope=\"row\" class=\"num\">3</th><td>省份代码</td><td>只能导入本省的考点。</td>")
      .contains("<th scope=\"row\" class=\"num\">4</th><td>考点代码</td>")
      .contains("<th scope=\"row\" class=\"num\">4</th><td>最多报考科目数</td>")
      .contains("<th scope=\"row\" class=\"num\">5</th><td></td><td>此行应有 6 列，实际为 2 列。</td>")
      .contains("<th scope=\"row\" class=\"num\">6</th><td>考点代码</td><td>文件中此考点代码重复出现。</td>");
    assertThat(centersSnapshot()).isEqualTo(before);
    assertThat(app.count("select count(*) from audit_log")).isEqualTo(audits);
  }

  @Test
  @DisplayName("no file, a file in GBK, or no CSRF token: refused, nothing written")
  void refusals() {
    String before = centersSnapshot();
    HttpResponse<Buffer> none = web.upload(path, null, null, true);
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.bodyAsString()).contains("id=\"e-file\"").contains("请选择要上传的 CSV 文件");
    String csv = "省份代码,考点代码,考点名称,科目28\n11,110005,北京新考点,10\n";
    HttpResponse<Buffer> gbk = web.upload(path, "gbk.csv", Buffer.buffer(csv.getBytes(Charset.forName("GBK"))), true);
    assertThat(gbk.statusCode()).isEqualTo(400);
    assertThat(gbk.bodyAsString()).contains("文件不是 UTF-8 编码");
    HttpResponse<Buffer> forged = web.upload(path, "centers.csv", utf8(csv), false);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(centersSnapshot()).isEqualTo(before);
    HttpResponse<Buffer> centerStaff = StaffWeb.login(app, BackOfficeFixture.CENTER11, BackOfficeFixture.PASSWORD)
      .upload(path, "centers.csv", utf8(csv), true);
    assertThat(centerStaff.statusCode()).isEqualTo(403);
    assertThat(centersSnapshot()).isEqualTo(before);
  }

  @Test
  @DisplayName("uploaded files do not stay on disk")
  void uploadsDeleted() throws Exception {
    String csv = "省份代码,考点代码,考点名称,科目28\n11,110005,北京新考点,10\n";
    assertThat(web.upload(path, "centers.csv", utf8(csv), true).statusCode()).isEqualTo(200);
    Path uploads = Path.of("target", "test-data", "uploads");
    long left = -1;
    // Deletion runs when the response has ended, so it may trail the response by a moment.
    for (int i = 0; i < 50 && left != 0; i++) {
      try (var files = Files.list(uploads)) {
        left = files.count();
      }
      if (left != 0) Thread.sleep(50);
    }
    assertThat(left).isZero();
  }
}
